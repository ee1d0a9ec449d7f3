"""GET /api/v1/register and /register/{participantId}: public, filtered, and only published measures."""

import pytest

from tests.api.contract import check_answer

from .helpers import PLAN_REASON, PLAN_REASONING, SUSPENSION_REASONING, build


@pytest.fixture()
def world(app, make_user):
    return build(make_user)


def test_the_list_needs_no_token_and_gives_every_participant(client, world):
    response = client.get("/api/v1/register")
    assert response.status_code == 200 and response.headers["API-Version"] == "1.2.0"
    body = response.get_json()
    assert [p["name"] for p in body] == ["Diataal", "EduHint", "Vodix"]
    vodix = body[2]
    assert vodix["category"] == "Leermiddelen- en toetsaanbieder" and vodix["stage"] == "Deelnemersovereenkomst"
    assert {(k["gegevensdienst"], k["status"], k["since"]) for k in vodix["keurmerken"]} == {
        ("Leerresultaten", "conditional", "2026-03-10"),
        ("Onderwijsdeelnemers", "valid", "2025-09-01"),
    }
    assert vodix["keurmerken"][0]["product"] == "Vodix Toets"


@pytest.mark.parametrize(
    "query, names",
    [
        ("q=eduh", ["EduHint"]),
        ("category=Portaal", ["Diataal"]),
        ("gegevensdienst=Leerresultaten", ["Vodix"]),
        ("status=suspended", ["Diataal"]),
    ],
)
def test_the_list_takes_the_filters(client, world, query, names):
    assert [p["name"] for p in client.get(f"/api/v1/register?{query}").get_json()] == names


def test_an_invalid_filter_is_a_400_problem(client, world):
    response = client.get("/api/v1/register?status=kapot&gegevensdienst=x")
    assert response.status_code == 400 and response.mimetype == "application/problem+json"
    errors = response.get_json()["errors"]
    assert set(errors) == {"status", "gegevensdienst"} and "suspended" in errors["status"][0]


def test_one_participant_with_its_published_measures(client, world):
    body = client.get(f"/api/v1/register/{world['vodix'].id}").get_json()
    assert body["name"] == "Vodix" and len(body["keurmerken"]) == 2
    [measure] = body["measures"]
    assert measure == {
        "id": world["plan"].id,
        "kind": "improvement_plan",
        "keurmerkId": world["plan"].keurmerk_id,
        "status": "in_force",
        "startsOn": "2026-03-10",
        "endsOn": None,
        "publicReason": PLAN_REASON,
    }
    assert PLAN_REASONING not in str(body)
    hidden = client.get(f"/api/v1/register/{world['diataal'].id}").get_json()
    assert hidden["measures"] == [] and SUSPENSION_REASONING not in str(hidden)


def test_unknown_or_non_participant_is_a_404_problem(client, world):
    for participant_id in (999999, world["board"].id):
        response = client.get(f"/api/v1/register/{participant_id}")
        assert response.status_code == 404 and response.mimetype == "application/problem+json"


def test_responses_match_the_openapi_document(client, world):
    listed = client.get("/api/v1/register")
    assert listed.status_code == 200
    check_answer(listed)
    one = client.get(f"/api/v1/register/{world['vodix'].id}")
    assert one.status_code == 200
    check_answer(one)
    operations = client.get("/api/v1/openapi.json").get_json()["paths"]
    assert "400" in operations["/register"]["get"]["responses"]
