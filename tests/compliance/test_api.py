"""POST /cases/{reference}/decision and /measures/{id}/approve|reject, and the decision in the case view."""

from datetime import timedelta

import pytest

from app.compliance.models import Measure
from app.compliance.services import decisions
from app.compliance.services.measures import MeasureInput
from app.extensions import db
from tests.api.contract import check_answer
from tests.api.helpers import assert_problem, token_for
from tests.helpers.clock import NOW
from tests.helpers.pages import nl

from .helpers import keurmerk, nothing_decided


def plan(desk, **changes) -> dict:
    body = {
        "kind": "improvement_plan",
        "participantId": desk["vodix"].id,
        "keurmerkId": keurmerk(desk["vodix"]).id,
        "dueAt": (NOW + timedelta(days=28)).isoformat(),
        "publish": True,
        "publicReason": "Verbeterplan",
    }
    body.update(changes)
    return body


def decide(client, desk, user, **body):
    # Vodix was never asked for a response on this complaint: deciding needs the explicit confirmation
    # (tests/compliance/test_fair_process.py covers the refusal without it).
    body = {"outcome": "upheld", "reasoning": "Gegrond.", "measures": [], "confirmMissingHearing": True, **body}
    return client.post(f"/api/v1/cases/{desk['case'].reference}/decision", json=body, headers=token_for(user))


def test_a_handler_decides_and_the_case_view_holds_the_decision(client, desk):
    response = decide(client, desk, desk["sam"], measures=[plan(desk)])
    assert response.status_code == 200, response.get_json()
    view = response.get_json()
    assert view["status"] == "decided"
    decision = view["decision"]
    assert decision["outcome"] == "upheld" and decision["reasoning"] == "Gegrond."
    assert decision["decidedAt"] == "2026-03-10T10:00:00Z"
    [measure] = decision["measures"]
    assert measure == {
        "id": measure["id"],
        "kind": "improvement_plan",
        "participantId": desk["vodix"].id,
        "keurmerkId": keurmerk(desk["vodix"]).id,
        "status": "in_force",
        "dueAt": "2026-04-07T10:00:00Z",
        "publish": True,
    }
    assert decide(client, desk, desk["sam"]).status_code == 409  # decided once


@pytest.mark.parametrize(
    "change, path",
    [
        (dict(participantId="LEERLAB"), "measures[0].participantId"),
        (dict(dueAt="2026-03-09T10:00:00+01:00"), "measures[0].dueAt"),
        (dict(kind="reinstatement", dueAt=None), "measures[0].keurmerkId"),
        (dict(dueAt="next week"), "measures[0].dueAt"),
        (dict(dueAt="0001-01-01T00:00:00+05:00"), "measures[0].dueAt"),
        (dict(dueAt="2099-06-01T17:00:00+02:00"), "measures[0].dueAt"),  # its clock would not fit a column
        (dict(startsOn="2026-02-30"), "measures[0].startsOn"),
        (dict(keurmerkId=10**30), "measures[0].keurmerkId"),
        (dict(kind="promotion"), "measures[0].kind"),
        (dict(kind=None), "measures[0].kind"),
        (dict(publish="yes"), "measures[0].publish"),
    ],
)
def test_field_errors_name_the_measure_and_change_nothing(client, desk, change, path):
    if change.get("participantId") == "LEERLAB":
        change = {"participantId": desk["leerlab"].id, "keurmerkId": None}
    response = decide(client, desk, desk["sam"], measures=[plan(desk, **change)])
    body = assert_problem(response, 422)
    assert path in body["errors"], body
    assert nothing_decided(desk)


def test_bad_bodies(client, desk):
    assert assert_problem(decide(client, desk, desk["sam"], measures="all"), 422)["errors"]["measures"]
    assert assert_problem(decide(client, desk, desk["sam"], measures=[1]), 422)["errors"]["measures[0]"]
    assert assert_problem(decide(client, desk, desk["sam"], outcome="settled"), 422)["errors"]["outcome"]
    assert assert_problem(decide(client, desk, desk["sam"], reasoning=""), 422)["errors"]["reasoning"]
    malformed = client.post(
        f"/api/v1/cases/{desk['case'].reference}/decision",
        data="{",
        content_type="application/json",
        headers=token_for(desk["sam"]),
    )
    assert_problem(malformed, 400)
    assert nothing_decided(desk)


def test_who_may_decide(client, desk):
    assert_problem(decide(client, desk, desk["pia"]), 403)
    assert_problem(decide(client, desk, desk["adam"]), 403)
    assert_problem(client.post(f"/api/v1/cases/{desk['case'].reference}/decision", json={}), 401)
    missing = client.post("/api/v1/cases/KLA-2026-09999/decision", json={}, headers=token_for(desk["sam"]))
    assert_problem(missing, 404)


def proposed(desk, proposer) -> Measure:
    measure = decisions.decide(
        desk["case"],
        "upheld",
        "Ernstig.",
        [MeasureInput(kind="revocation", participant_id=desk["vodix"].id, keurmerk_id=keurmerk(desk["vodix"]).id)],
        actor=proposer,
    ).measures[0]
    db.session.commit()
    return measure


def test_four_eyes_through_the_api(client, desk):
    measure = proposed(desk, desk["cora"])
    url = f"/api/v1/measures/{measure.id}/approve"
    own = assert_problem(client.post(url, headers=token_for(desk["cora"])), 403)
    assert own["detail"] == nl("You proposed this measure: a second coordinator must approve it.")
    assert_problem(client.post(url, headers=token_for(desk["sam"])), 403)
    assert_problem(client.post(url, headers=token_for(desk["pia"])), 404)  # not yet decided: not hers to see
    assert_problem(client.post(url), 401)
    for unknown in (999, 10**30):
        assert_problem(client.post(f"/api/v1/measures/{unknown}/approve", headers=token_for(desk["carl"])), 404)
    # The participant sees the decision, but not the proposal.
    pia_view = client.get(f"/api/v1/cases/{desk['case'].reference}", headers=token_for(desk["pia"])).get_json()
    assert pia_view["decision"]["measures"] == []
    staff_view = client.get(f"/api/v1/cases/{desk['case'].reference}", headers=token_for(desk["sam"])).get_json()
    assert [m["status"] for m in staff_view["decision"]["measures"]] == ["proposed"]

    approved = client.post(url, headers=token_for(desk["carl"]))
    assert approved.status_code == 200, approved.get_json()
    assert [m["status"] for m in approved.get_json()["decision"]["measures"]] == ["in_force"]
    assert_problem(client.post(url, headers=token_for(desk["carl"])), 409)  # no longer proposed
    pia_view = client.get(f"/api/v1/cases/{desk['case'].reference}", headers=token_for(desk["pia"])).get_json()
    assert [m["id"] for m in pia_view["decision"]["measures"]] == [measure.id]


def test_rejecting_through_the_api(client, desk):
    measure = proposed(desk, desk["cora"])
    url = f"/api/v1/measures/{measure.id}/reject"
    assert assert_problem(client.post(url, json={}, headers=token_for(desk["carl"])), 422)["errors"]["reason"]
    assert_problem(client.post(url, json={"reason": "Nee."}, headers=token_for(desk["sam"])), 403)
    response = client.post(url, json={"reason": "Te zwaar."}, headers=token_for(desk["carl"]))
    assert response.status_code == 200
    assert [m["status"] for m in response.get_json()["decision"]["measures"]] == ["rejected"]
    assert_problem(client.post(url, json={"reason": "Nog eens."}, headers=token_for(desk["carl"])), 409)


def test_the_responses_match_the_openapi_document(client, desk):
    measure = proposed(desk, desk["cora"])
    approved = client.post(f"/api/v1/measures/{measure.id}/approve", headers=token_for(desk["carl"]))
    assert approved.status_code == 200
    check_answer(approved)
    refused = client.post(
        f"/api/v1/measures/{measure.id}/reject", json={"reason": "x"}, headers=token_for(desk["carl"])
    )
    assert refused.status_code == 409
    check_answer(refused)
