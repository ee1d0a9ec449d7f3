"""POST /api/v1/complaints and /api/v1/disputes: filing, mails, clocks, and every kind of bad input."""

import pytest
from sqlalchemy import func, select

from app.auth.models import Role, User
from app.cases import followup_codes
from app.cases.models import Case
from app.extensions import db
from app.notify.models import OutboxMessage, addressed_to
from app.sla.models import Deadline
from tests.api.contract import check_answer, check_request
from tests.api.helpers import assert_problem, complaint, rate_limited_app, token_for
from tests.helpers.pages import nl

COMPLAINTS, DISPUTES = "/api/v1/complaints", "/api/v1/disputes"


pytestmark = pytest.mark.usefixtures("frozen_clock")


@pytest.fixture()
def orgs(make_org, make_user):
    vodix, leerlab = make_org("Vodix"), make_org("Leerlab")
    make_user("jan@vodix.example", Role.PARTICIPANT, organisation=vodix)
    make_user("eva@leerlab.example", Role.PARTICIPANT, organisation=leerlab)
    return vodix, leerlab


@pytest.fixture()
def claimant(orgs):
    return token_for(db.session.scalar(select(User).filter_by(email="jan@vodix.example")))


def dispute(respondent_id, **changes) -> dict:
    body = {
        "respondentParticipantId": respondent_id,
        "title": "Leerlab levert geen Leermiddelgebruik",
        "description": "Sinds februari geen levering.",
        "agreement": "Afspraak Leermiddelgebruik",
        "priorAttempt": "Overleg op 12 en 26 februari.",
        "desiredOutcome": "Levering volgens de afspraak.",
    }
    body.update(changes)
    return body


def _recipients() -> set[str]:
    return set(db.session.scalars(select(OutboxMessage.recipient)))


def test_a_complaint_is_filed_without_a_token(client, orgs):
    _, leerlab = orgs
    response = client.post(COMPLAINTS, json=complaint(leerlab.id))
    assert response.status_code == 201 and response.headers["API-Version"] == "1.2.0"
    view = response.get_json()
    assert view["reference"] == "KLA-2026-00001" and view["type"] == "complaint"
    assert response.headers["Location"].endswith("/api/v1/cases/KLA-2026-00001")
    assert view["participant"] == {"id": leerlab.id, "name": "Leerlab"}
    assert view["parties"] == [{"role": "subject", "organisation": "Leerlab"}]
    assert {d["kind"]: d["state"] for d in view["deadlines"]} == {
        "acknowledge": "met",
        "admissibility": "running",
        "resolution": "running",
    }
    assert [e["kind"] for e in view["timeline"]] == ["received", "acknowledged", "party_informed"]

    case = db.session.scalar(select(Case))
    assert followup_codes.matches(view["followUpCode"], case.follow_up_code_hash)
    assert case.complaint.raised_with_participant is True and case.complaint.contact_shared is False
    assert case.complaint.occurred_on.isoformat() == "2026-01-15"
    assert _recipients() == {"anna@school.example", "eva@leerlab.example"}
    notice = db.session.scalar(select(OutboxMessage).where(addressed_to("eva@leerlab.example")))
    assert "Anna" not in notice.body_text and "anna@school.example" not in notice.body_text

    follow = client.post("/api/v1/follow-up", json={"reference": view["reference"], "code": view["followUpCode"]})
    assert follow.status_code == 200


def test_consent_and_a_false_answer_reach_the_form(client, orgs):
    _, leerlab = orgs
    body = complaint(leerlab.id, contactShared=True, raisedWithParticipant=False, desiredOutcome=None)
    assert client.post(COMPLAINTS, json=body).status_code == 201
    details = db.session.scalar(select(Case)).complaint
    assert details.contact_shared is True and details.raised_with_participant is False
    assert details.desired_outcome is None


@pytest.mark.parametrize(
    "changes, member",
    [
        ({"participantId": 9999}, "participantId"),
        ({"participantId": 2**40}, "participantId"),
        ({"participantId": None}, "participantId"),
        ({"occurredOn": "15-01-2026"}, "occurredOn"),
        ({"occurredOn": "2026-03-11"}, "occurredOn"),
        ({"raisedWithParticipant": None}, "raisedWithParticipant"),
        ({"raisedWithParticipant": "yes"}, "raisedWithParticipant"),
        ({"contactShared": "ja"}, "contactShared"),
        ({"reporter": {"name": "Anna"}}, "reporter.email"),
    ],
)
def test_bad_complaints_are_refused_per_member(client, orgs, changes, member):
    _, leerlab = orgs
    body = assert_problem(client.post(COMPLAINTS, json=complaint(leerlab.id, **changes)), 422)
    assert member in body["errors"], body
    assert db.session.scalar(select(func.count()).select_from(Case)) == 0


def test_a_dispute_is_filed_for_the_callers_organisation(client, orgs, claimant):
    vodix, leerlab = orgs
    response = client.post(DISPUTES, json=dispute(leerlab.id), headers=claimant)
    assert response.status_code == 201
    view = response.get_json()
    assert view["reference"] == "GES-2026-00001" and view["type"] == "dispute" and "followUpCode" not in view
    assert response.headers["Location"].endswith("/api/v1/cases/GES-2026-00001")
    assert view["parties"] == [
        {"role": "claimant", "organisation": "Vodix"},
        {"role": "respondent", "organisation": "Leerlab"},
    ]
    assert {"acknowledge", "admissibility", "resolution"} <= {d["kind"] for d in view["deadlines"]}
    assert db.session.scalar(select(func.count()).select_from(Deadline)) == 4
    assert _recipients() == {"jan@vodix.example", "eva@leerlab.example"}
    # The claimant follows it with the same token; the respondent sees its response term.
    assert client.get("/api/v1/cases/GES-2026-00001", headers=claimant).status_code == 200
    respondent = token_for(db.session.scalar(select(User).filter_by(email="eva@leerlab.example")))
    seen = client.get("/api/v1/cases/GES-2026-00001", headers=respondent).get_json()
    assert {"kind": "response", "dueAt": "2026-03-24T10:00:00Z", "state": "running"} in seen["deadlines"]


def test_a_dispute_needs_a_token_of_a_participating_supplier(client, orgs, make_org, make_user):
    _, leerlab = orgs
    assert_problem(client.post(DISPUTES, json=dispute(leerlab.id)), 401)
    board = make_org("Stichting Primo", kind="school_board")
    headers = token_for(make_user("piet@primo.example", Role.PARTICIPANT, organisation=board))
    body = assert_problem(client.post(DISPUTES, json=dispute(leerlab.id), headers=headers), 403)
    assert body["detail"] == nl("Only users of a participating supplier can start a dispute.")
    staff = token_for(make_user("sup@meldpunt.example", Role.SUPERVISOR))
    assert_problem(client.post(DISPUTES, json=dispute(leerlab.id), headers=staff), 403)
    assert db.session.scalar(select(func.count()).select_from(Case)) == 0


@pytest.mark.parametrize(
    "changes, member, message",
    [
        (
            {"respondentParticipantId": "own"},
            "respondentParticipantId",
            "You cannot start a dispute against your own organisation.",
        ),
        ({"respondentParticipantId": 9999}, "respondentParticipantId", "Choose a participant from the register."),
        ({"respondentParticipantId": "12"}, "respondentParticipantId", "Expected an integer."),
        (
            {"priorAttempt": None},
            "priorAttempt",
            "Describe how you tried to resolve it together first: the foundation takes up a dispute only after that.",
        ),
        (
            {"priorAttempt": " "},
            "priorAttempt",
            "Describe how you tried to resolve it together first: the foundation takes up a dispute only after that.",
        ),
    ],
)
def test_bad_disputes_are_refused_per_member(client, orgs, claimant, changes, member, message):
    vodix, leerlab = orgs
    if changes.get("respondentParticipantId") == "own":
        changes = {"respondentParticipantId": vodix.id}
    body = assert_problem(client.post(DISPUTES, json=dispute(leerlab.id, **changes), headers=claimant), 422)
    assert list(body["errors"]) == [member]
    assert body["errors"][member] == [nl(message)]
    assert db.session.scalar(select(func.count()).select_from(Case)) == 0


def test_bodies_that_are_no_json_are_refused(client, orgs, claimant):
    assert_problem(client.post(COMPLAINTS, data="x", content_type="text/plain"), 415)
    assert_problem(client.post(DISPUTES, data="{", content_type="application/json", headers=claimant), 400)


def test_responses_match_the_openapi_document(client, orgs, claimant):
    _, leerlab = orgs
    filed = client.post(COMPLAINTS, json=complaint(leerlab.id))
    assert filed.status_code == 201
    check_answer(filed)
    started = client.post(DISPUTES, json=dispute(leerlab.id), headers=claimant)
    assert started.status_code == 201
    check_answer(started)
    refused = client.post(DISPUTES, json=dispute(None), headers=claimant)
    assert refused.status_code == 422
    check_answer(refused)
    check_request("POST", COMPLAINTS, complaint(leerlab.id))
    check_request("POST", DISPUTES, dispute(leerlab.id), headers=claimant)


def test_filing_is_rate_limited(app, orgs):
    with rate_limited_app(app, INTAKE_RATE_LIMIT="2 per minute") as limited:
        client = limited.test_client()
        for _ in range(2):
            assert client.post(COMPLAINTS, json={}).status_code == 422
        response = client.post(COMPLAINTS, json={})
        assert_problem(response, 429)
