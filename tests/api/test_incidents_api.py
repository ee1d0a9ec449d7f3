"""POST /api/v1/incidents: filing, the stored case, and every kind of bad input."""

import json

import pytest
from sqlalchemy import func, select

from app.auth.models import Role
from app.cases import followup_codes
from app.cases.models import Case
from app.extensions import db
from app.notify.models import OutboxMessage
from app.sla.models import Deadline
from tests.api.helpers import assert_problem, breach, file, outage, rate_limited_app, token_for

URL = "/api/v1/incidents"


pytestmark = pytest.mark.usefixtures("frozen_clock")


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_a_data_breach_is_filed_with_its_deadlines_and_acknowledgement(client, register_with_keurmerk):
    org = register_with_keurmerk
    response = client.post(URL, json=breach(org.id))

    assert response.status_code == 201
    assert response.mimetype == "application/json"
    assert response.headers["API-Version"] == "1.2.0"
    view = response.get_json()
    reference = view["reference"]
    assert response.headers["Location"].endswith(f"/api/v1/cases/{reference}")
    assert reference.startswith("INC-2026-")
    assert view["type"] == "incident" and view["category"] == "data_breach"
    assert view["status"] == "received" and view["severity"] == "calamity"
    assert view["createdAt"] == "2026-03-10T10:00:00Z"
    assert view["participant"] == {"id": org.id, "name": "Vodix"}
    assert view["parties"] == [{"role": "subject", "organisation": "Vodix"}]
    assert view["assignee"] is None and view["decision"] is None
    deadlines = {d["kind"]: d for d in view["deadlines"]}
    # 08:30 in Amsterdam (UTC+1) is 07:30Z; the AP clock runs 72 hours from discovery.
    assert deadlines["ap_notification"] == {
        "kind": "ap_notification",
        "dueAt": "2026-03-13T07:30:00Z",
        "state": "running",
    }
    assert deadlines["acknowledge"]["state"] == "met"
    assert all(d["dueAt"].endswith("Z") for d in view["deadlines"])
    assert [e["kind"] for e in view["timeline"]] == ["received", "acknowledged"]
    assert all(e["at"].endswith("Z") for e in view["timeline"])

    case = db.session.scalar(select(Case).where(Case.reference == reference))
    assert case.reporter_email == "anna@school.example"
    assert case.incident.affected_min == 40 and case.incident.affected_max == 120
    assert case.incident.impact == ["confidentiality"] and case.incident.ap_notified is False
    assert case.incident.data_categories == ["contact", "results"]
    assert case.incident.ongoing is False and case.incident.encrypted is False
    stored = db.session.scalars(select(Deadline).where(Deadline.subject_id == case.id)).all()
    assert "ap_notification" in {d.kind for d in stored}
    ack = db.session.scalar(select(OutboxMessage).where(OutboxMessage.key == f"ack:{reference}"))
    assert ack is not None and ack.recipient == "anna@school.example"
    # The code is shown once and stored only as a hash.
    assert followup_codes.matches(view["followUpCode"], case.follow_up_code_hash)
    assert view["followUpCode"] not in case.follow_up_code_hash


def test_an_outage_needs_no_participant_nor_personal_data(client):
    view = file(client, outage())
    assert view["participant"] is None and view["parties"] == []
    assert view["category"] == "outage" and view["severity"] == "incident"
    assert "ap_notification" not in {d["kind"] for d in view["deadlines"]}


def test_optional_members_reach_the_form_fields(client, register_with_keurmerk):
    org = register_with_keurmerk
    product = org.products[0]
    body = breach(
        org.id,
        productId=product.id,
        gegevensdienst="Leerresultaten",
        impact=["confidentiality", "integrity"],
        nature=["read", "copied"],
        consequences="Ouders ongerust.",
        peopleInformed=True,
        apNotified=True,
        apNotifiedAt="2026-03-10T10:30:00+01:00",
        apNotifiedBy="FG van het bestuur",
        apReference="AP-123",
        affectedSchools="OBS De Linde",
        contactPerson="Anna",
        ongoing=None,
    )
    body["personalData"].update(groups=["pupils", "parents"], bsn=False, minors=True, specialCategories=None)
    view = file(client, body)

    details = db.session.scalar(select(Case).where(Case.reference == view["reference"])).incident
    assert details.product_id == product.id and details.gegevensdienst == "Leerresultaten"
    assert details.nature == ["read", "copied"] and details.affected_groups == ["pupils", "parents"]
    assert details.bsn_involved is False and details.minors_involved is True
    assert details.special_categories is None and details.ongoing is None
    assert details.people_informed is True and details.ap_reference == "AP-123"
    assert details.ap_notified_by == "FG van het bestuur" and details.contact_person == "Anna"
    assert details.consequences == "Ouders ongerust." and details.affected_schools == "OBS De Linde"
    # Already reported to the AP: that clock is met at the moment given.
    ap = next(d for d in view["deadlines"] if d["kind"] == "ap_notification")
    assert ap["state"] == "met"


def test_a_token_makes_the_callers_organisation_the_reporter(client, make_org, make_user):
    school = make_org("OBS De Linde", kind="school_board")
    user = make_user("it@linde.example", Role.PARTICIPANT, organisation=school)
    view = file(client, outage(), headers=token_for(user))
    assert {"role": "reporter", "organisation": "OBS De Linde"} in view["parties"]


def test_a_bad_token_is_refused_rather_than_ignored(client):
    response = client.post(URL, json=outage(), headers={"Authorization": "Bearer mp_nope"})
    assert_problem(response, 401)
    assert "invalid_token" in response.headers["WWW-Authenticate"]
    assert _count(Case) == 0


@pytest.mark.parametrize(
    "data, content_type",
    [
        ("{not json", "application/json"),
        ("[1, 2]", "application/json"),
        ('"text"', "application/json"),
        ("", "application/json"),
        ('{"a": NaN}', "application/json"),
        ("[" * 100_000 + "]" * 100_000, "application/json"),
        (b'{"title": "\xff"}', "application/json"),
    ],
    ids=["malformed", "array", "string", "empty", "nan", "deeply-nested", "not-utf8"],
)
def test_a_body_that_is_not_a_json_object_is_a_400(client, data, content_type):
    body = assert_problem(client.post(URL, data=data, content_type=content_type), 400)
    assert body["title"] == "Bad Request"
    assert _count(Case) == 0


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded", None])
def test_a_body_that_is_not_json_is_a_415(client, content_type):
    headers = {"Content-Type": content_type} if content_type else {}
    assert_problem(client.post(URL, data=json.dumps(outage()), headers=headers), 415)


def test_a_huge_body_is_a_413(client):
    body = outage(description="x" * (2 * 1024 * 1024))
    assert_problem(client.post(URL, json=body), 413)
    assert _count(Case) == 0


def test_missing_members_are_listed_per_member(client):
    body = assert_problem(client.post(URL, json={}), 422)
    assert {"reporter.name", "reporter.email", "category", "title", "description", "discoveredAt"} <= set(
        body["errors"]
    )
    assert all(isinstance(m, str) for messages in body["errors"].values() for m in messages)
    assert _count(Case) == 0 and _count(OutboxMessage) == 0


def test_a_data_breach_needs_impact_estimates_and_the_ap_answer(client):
    body = breach()
    del body["impact"], body["apNotified"]
    body["personalData"] = None
    errors = assert_problem(client.post(URL, json=body), 422)["errors"]
    assert {"impact", "apNotified", "personalData.affectedMin", "personalData.affectedMax"} <= set(errors)


@pytest.mark.parametrize(
    "changes, member",
    [
        ({"discoveredAt": "2026-03-11T09:00:00+01:00"}, "discoveredAt"),
        ({"discoveredAt": "2026-03-10T08:30"}, "discoveredAt"),
        ({"discoveredAt": "gisteren"}, "discoveredAt"),
        ({"startedAt": "2026-03-10T09:00:00Z"}, "startedAt"),
        ({"participantId": 999_999}, "participantId"),
        ({"participantId": "1"}, "participantId"),
        ({"personalData": {"affectedMin": 200, "affectedMax": 100}}, "personalData.affectedMax"),
        ({"personalData": {"affectedMin": "12", "affectedMax": 20}}, "personalData.affectedMin"),
        ({"personalData": {"affectedMin": 1.5, "affectedMax": 20}}, "personalData.affectedMin"),
        ({"personalData": {"affectedMin": -1, "affectedMax": 20}}, "personalData.affectedMin"),
        ({"personalData": "veel"}, "personalData"),
        ({"title": 42}, "title"),
        ({"title": "x" * 201}, "title"),
        ({"reporter": "Anna"}, "reporter"),
        ({"reporter": {"name": "Anna", "email": "geen-adres"}}, "reporter.email"),
        ({"category": "fire"}, "category"),
        ({"severity": "catastrophe"}, "severity"),
        ({"impact": "confidentiality"}, "impact"),
        ({"impact": ["confidentiality", "heat"]}, "impact"),
        ({"ongoing": "yes"}, "ongoing"),
        ({"apNotified": True}, "apNotifiedAt"),
    ],
)
def test_invalid_members_are_a_422_at_their_path(client, register_with_keurmerk, changes, member):
    body = breach(register_with_keurmerk.id, **changes)
    problem = assert_problem(client.post(URL, json=body), 422)
    assert member in problem["errors"], problem["errors"]
    assert _count(Case) == 0


def test_unknown_members_are_ignored(client):
    view = file(client, outage(colour="blue", reporter={"name": "Bram", "email": "b@example.org", "x": 1}))
    assert view["category"] == "outage"


def test_other_methods_and_paths_answer_with_problems(client):
    assert_problem(client.get(URL), 405)
    assert_problem(client.get("/api/v1/nothing-here"), 404)


def test_a_flood_is_a_429(app):
    with rate_limited_app(app, INTAKE_RATE_LIMIT="2 per minute") as limited:
        client = limited.test_client()
        for _ in range(2):
            assert client.post(URL, json={}).status_code == 422
        response = client.post(URL, json={})
        assert_problem(response, 429)
        assert "Retry-After" in response.headers
