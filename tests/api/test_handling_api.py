"""POST /cases/{reference}/assign and /transition: staff only, the workflow's answer as problem+json."""

import pytest
from sqlalchemy import func, select

from app.auth.models import Role
from app.cases.models import Case, TimelineEvent
from app.extensions import db
from tests.api.contract import check_answer
from tests.api.helpers import assert_problem, file, outage, token_for
from tests.helpers.pages import nl

pytestmark = pytest.mark.usefixtures("frozen_clock")


@pytest.fixture()
def people(make_org, make_user, register_with_keurmerk):
    return {
        "supervisor": make_user("sup@meldpunt.example", Role.SUPERVISOR, name="Sam"),
        "coordinator": make_user("co@meldpunt.example", Role.COORDINATOR, name="Cora"),
        "admin": make_user("admin@meldpunt.example", Role.ADMIN),
        "participant": make_user("sec@vodix.example", Role.PARTICIPANT, organisation=register_with_keurmerk),
    }


@pytest.fixture()
def reference(client, people):
    return file(client, outage())["reference"]


def url(reference: str, action: str) -> str:
    return f"/api/v1/cases/{reference}/{action}"


def events(reference: str) -> int:
    case = db.session.scalar(select(Case).where(Case.reference == reference))
    return db.session.scalar(select(func.count(TimelineEvent.id)).where(TimelineEvent.case_id == case.id))


def test_a_supervisor_moves_a_case_on_and_gets_the_case_back(client, people, reference):
    headers = token_for(people["supervisor"])
    response = client.post(url(reference, "transition"), json={"to": "triage"}, headers=headers)
    assert response.status_code == 200 and response.headers["API-Version"] == "1.2.0"
    body = response.get_json()
    assert body["status"] == "triage" and body["timeline"][-1]["kind"] == "status"
    assert {d["kind"]: d["state"] for d in body["deadlines"]}["first_response"] == "met"
    assert client.post(url(reference, "transition"), json={"to": "in_progress"}, headers=headers).status_code == 200
    waiting = client.post(
        url(reference, "transition"),
        headers=headers,
        json={"to": "waiting", "reason": "Stuur logbestanden.", "waitingOn": "reporter"},
    )
    assert {d["kind"]: d["state"] for d in waiting.get_json()["deadlines"]}["resolution"] == "paused"
    assert waiting.get_json()["timeline"][-1]["text"] == "Stuur logbestanden."


def test_a_coordinator_assigns_by_e_mail_address(client, people, reference):
    response = client.post(
        url(reference, "assign"), json={"assignee": "SUP@meldpunt.example"}, headers=token_for(people["coordinator"])
    )
    assert response.status_code == 200 and response.get_json()["assignee"] == "Sam"


def test_the_documented_schemas_hold(client, people, reference):
    headers = token_for(people["supervisor"])
    moved = client.post(url(reference, "transition"), json={"to": "triage"}, headers=headers)
    assert moved.status_code == 200
    check_answer(moved)
    assigned = client.post(url(reference, "assign"), json={"assignee": "co@meldpunt.example"}, headers=headers)
    assert assigned.status_code == 200
    check_answer(assigned)
    refused = client.post(url(reference, "transition"), json={"to": "closed"}, headers=headers)
    assert refused.status_code == 409
    check_answer(refused)


@pytest.mark.parametrize("action,body", [("transition", {"to": "triage"}), ("assign", {"assignee": "x@y.z"})])
def test_who_may_not_handle_is_refused(client, people, reference, action, body):
    assert_problem(client.post(url(reference, action), json=body), 401)
    for role in ("participant", "admin"):
        assert_problem(client.post(url(reference, action), json=body, headers=token_for(people[role])), 403)
    assert_problem(client.post(url("INC-2026-09999", action), json=body, headers=token_for(people["supervisor"])), 404)
    assert events(reference) == 2  # received and acknowledged only


def test_a_closed_case_refuses_a_transition_with_409_and_nothing_changes(client, people, reference):
    headers = token_for(people["supervisor"])
    for step in ("triage", "in_progress", "decided", "closed"):
        assert client.post(url(reference, "transition"), json={"to": step}, headers=headers).status_code == 200
    before = events(reference)
    body = assert_problem(client.post(url(reference, "transition"), json={"to": "in_progress"}, headers=headers), 409)
    assert body["detail"] == nl(
        "This case has the status %(current)s, so its status can no longer change.", current=nl("Closed").lower()
    )
    assert_problem(
        client.post(url(reference, "assign"), json={"assignee": "co@meldpunt.example"}, headers=headers), 409
    )
    assert events(reference) == before


def test_invalid_bodies_are_422_with_errors_per_member(client, people, reference):
    headers = token_for(people["supervisor"])
    unknown = assert_problem(client.post(url(reference, "transition"), json={"to": "archived"}, headers=headers), 422)
    assert set(unknown["errors"]) == {"to"}
    typed = assert_problem(client.post(url(reference, "transition"), json={"to": 3}, headers=headers), 422)
    assert set(typed["errors"]) == {"to"}
    client.post(url(reference, "transition"), json={"to": "triage"}, headers=headers)
    no_reason = assert_problem(client.post(url(reference, "transition"), json={"to": "rejected"}, headers=headers), 422)
    assert set(no_reason["errors"]) == {"reason"}
    nobody = assert_problem(
        client.post(url(reference, "assign"), json={"assignee": "nobody@example.org"}, headers=headers), 422
    )
    assert nobody["errors"] == {"assignee": [nl("No user has this e-mail address.")]}
    missing = assert_problem(client.post(url(reference, "assign"), json={}, headers=headers), 422)
    assert set(missing["errors"]) == {"assignee"}
    participant = assert_problem(
        client.post(url(reference, "assign"), json={"assignee": "sec@vodix.example"}, headers=headers), 422
    )
    assert set(participant["errors"]) == {"assignee"}


def test_a_wrong_waiting_party_is_named_by_its_member(client, people, reference):
    headers = token_for(people["supervisor"])
    for step in ("triage", "in_progress"):
        client.post(url(reference, "transition"), json={"to": step}, headers=headers)
    body = assert_problem(
        client.post(
            url(reference, "transition"),
            headers=headers,
            json={"to": "waiting", "reason": "Wacht", "waitingOn": "party:999"},
        ),
        422,
    )
    assert set(body["errors"]) == {"waitingOn"}


def test_bodies_that_are_not_json_objects(client, people, reference):
    headers = token_for(people["supervisor"])
    assert_problem(
        client.post(
            url(reference, "transition"),
            data="to=triage",
            headers=headers,
            content_type="application/x-www-form-urlencoded",
        ),
        415,
    )
    assert_problem(
        client.post(url(reference, "transition"), data="{", headers=headers, content_type="application/json"), 400
    )
    assert_problem(
        client.post(url(reference, "assign"), data="[]", headers=headers, content_type="application/json"), 400
    )
