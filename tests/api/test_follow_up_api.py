"""POST /api/v1/follow-up and /follow-up/messages: the reporter's view by reference and code."""

import pytest
from sqlalchemy import select

from app.auth.models import Role
from app.cases import timeline
from app.cases.models import Case
from app.extensions import db
from tests.api.helpers import assert_problem, breach, complaint, file, outage, rate_limited_app
from tests.privacy.helpers import close, later

URL = "/api/v1/follow-up"
MESSAGES = "/api/v1/follow-up/messages"


pytestmark = pytest.mark.usefixtures("frozen_clock")


@pytest.fixture()
def filed(client, register_with_keurmerk):
    view = file(client, breach(register_with_keurmerk.id))
    case = db.session.scalar(select(Case).where(Case.reference == view["reference"]))
    # Something only the foundation may read, to prove the reporter's view leaves it out.
    timeline.append(
        case, "note", "Leverancier is eerder in gebreke gebleven.", actor_label="Sam", visibility="internal"
    )
    db.session.commit()
    return view


def test_reference_and_code_show_the_reporters_view(client, filed):
    response = client.post(URL, json={"reference": filed["reference"], "code": filed["followUpCode"]})
    assert response.status_code == 200
    assert response.headers["API-Version"] == "1.2.0"
    view = response.get_json()
    assert view["reference"] == filed["reference"] and "followUpCode" not in view
    assert [e["kind"] for e in view["timeline"]] == ["received", "acknowledged"]
    assert "ap_notification" in {d["kind"] for d in view["deadlines"]}


def test_the_code_is_read_forgivingly(client, filed):
    code = filed["followUpCode"].replace("-", " ").lower()
    response = client.post(URL, json={"reference": filed["reference"].lower(), "code": code})
    assert response.status_code == 200


def test_a_wrong_code_and_an_unknown_reference_fail_alike(client, filed):
    wrong = assert_problem(client.post(URL, json={"reference": filed["reference"], "code": "AAAAA-BBBBB"}), 404)
    unknown = assert_problem(client.post(URL, json={"reference": "INC-2026-99999", "code": filed["followUpCode"]}), 404)
    assert wrong == unknown


@pytest.mark.parametrize(
    "body, member",
    [
        ({"reference": "INC-2026-00001"}, "code"),
        ({"code": "AAAAA"}, "reference"),
        ({"reference": 42, "code": "AAAAA"}, "reference"),
        ({"reference": "INC-2026-00001", "code": "A" * 41}, "code"),
    ],
)
def test_missing_or_wrong_members_are_a_422(client, body, member):
    assert member in assert_problem(client.post(URL, json=body), 422)["errors"]


def test_follow_up_wants_a_json_object(client):
    assert_problem(client.post(URL, data="reference=INC", content_type="application/x-www-form-urlencoded"), 415)
    assert_problem(client.post(URL, data="[]", content_type="application/json"), 400)


def test_the_reporter_adds_information(client, filed):
    body = {"reference": filed["reference"], "code": filed["followUpCode"], "body": "  Ook de foto's.  "}
    response = client.post(MESSAGES, json=body)
    assert response.status_code == 201
    assert response.headers["API-Version"] == "1.2.0"
    view = response.get_json()
    assert view["timeline"][-1]["kind"] == "message"
    assert view["timeline"][-1]["text"] == "Ook de foto's."
    # What the reporter added is there on the next look too.
    again = client.post(URL, json={"reference": filed["reference"], "code": filed["followUpCode"]}).get_json()
    assert again["timeline"] == view["timeline"]


def test_adding_needs_a_body_and_the_right_code(client, filed):
    errors = assert_problem(client.post(MESSAGES, json={"reference": filed["reference"]}), 422)["errors"]
    assert {"code", "body"} <= set(errors)
    wrong = {"reference": filed["reference"], "code": "AAAAA-BBBBB", "body": "Hallo"}
    assert_problem(client.post(MESSAGES, json=wrong), 404)


def test_a_closed_case_takes_no_more_information(client, filed):
    case = db.session.scalar(select(Case).where(Case.reference == filed["reference"]))
    case.status = "closed"
    db.session.commit()
    body = {"reference": filed["reference"], "code": filed["followUpCode"], "body": "Nog iets"}
    assert_problem(client.post(MESSAGES, json=body), 409)
    # Reading stays possible.
    assert client.post(URL, json={"reference": filed["reference"], "code": filed["followUpCode"]}).status_code == 200


def test_guessing_codes_is_rate_limited(app):
    with rate_limited_app(app, FOLLOW_UP_RATE_LIMIT="3 per minute") as limited:
        client = limited.test_client()
        view = file(client, outage())
        guess = {"reference": view["reference"], "code": "AAAAA-BBBBB"}
        assert client.post(URL, json=guess).status_code == 404
        assert client.post(MESSAGES, json={**guess, "body": "x"}).status_code == 404
        assert client.post(URL, json=guess).status_code == 404
        # The two follow-up endpoints share one budget: the fourth try is refused.
        response = client.post(MESSAGES, json={**guess, "body": "x"})
        assert_problem(response, 429)
        assert "Retry-After" in response.headers


@pytest.mark.parametrize("kind", ["incident", "complaint"])
def test_the_filing_answer_shows_the_case_as_stored(client, register_with_keurmerk, kind):
    # The 201 is built from the rows as the filing wrote them; reading the case back shows the same.
    if kind == "incident":
        answer = file(client, breach(register_with_keurmerk.id))
    else:
        response = client.post("/api/v1/complaints", json=complaint(register_with_keurmerk.id))
        assert response.status_code == 201
        answer = response.get_json()
    stored = client.post(URL, json={"reference": answer["reference"], "code": answer["followUpCode"]}).get_json()
    assert answer.pop("followUpCode")
    assert answer == stored


def test_following_up_a_report_closed_too_long_ago_answers_410_with_why(client, filed, make_user):
    case = db.session.scalar(select(Case).where(Case.reference == filed["reference"]))
    close(case, make_user("sam@edu-v.example", Role.SUPERVISOR))
    later(91)
    body = {"reference": filed["reference"], "code": filed["followUpCode"]}
    gone = assert_problem(client.post(URL, json=body), 410)
    assert filed["reference"] in gone["detail"] and "90" in gone["detail"]
    assert_problem(client.post(MESSAGES, json={**body, "body": "Nog een vraag."}), 410)
    wrong = client.post(URL, json={**body, "code": "AAAA-BBBB-CCCC"})
    assert wrong.status_code == 404  # a wrong code learns nothing about the case's age
