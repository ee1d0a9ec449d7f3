"""Handling an RFC: transitions checked by the workflow (409 / a clear message), who-when-why on its events,
the submitter told at the process's steps, the lead times as clocks, the CAB, releases and the freeze, and a
blocker on a live data service starting incident management."""

from datetime import date

import pytest
from sqlalchemy import select

from app.cases.models import Case
from app.extensions import db
from app.notify.models import OutboxMessage
from app.rfc.models import Release, Rfc, RfcEvent
from app.rfc.services import handling, releases
from app.sla.models import Deadline
from tests.api.helpers import token_for
from tests.helpers.login import login
from tests.helpers.pages import csrf_of, text
from tests.rfc.helpers import body, live_service, rfc_world

pytestmark = pytest.mark.usefixtures("frozen_clock")


@pytest.fixture()
def world(make_org, make_user):
    return rfc_world(make_org, make_user)


def _submit(client, world, **changes) -> Rfc:
    response = client.post("/api/v1/rfcs", json=body(**changes), headers=token_for(world["submitter"]))
    assert response.status_code == 201, response.get_json()
    return db.session.scalar(select(Rfc).where(Rfc.reference == response.get_json()["reference"]))


def _move(client, world, reference, to, reason=None, who="manager"):
    return client.post(
        f"/api/v1/rfcs/{reference}/transition",
        json={"to": to, "reason": reason},
        headers=token_for(world[who]),
    )


def _told() -> list[OutboxMessage]:
    return list(
        db.session.scalars(
            select(OutboxMessage).where(OutboxMessage.key.startswith("rfc-status:")).order_by(OutboxMessage.id)
        )
    )


def _clocks(rfc: Rfc) -> dict[str, str]:
    db.session.expire_all()
    rows = db.session.scalars(select(Deadline).where(Deadline.subject_type == "rfc", Deadline.subject_id == rfc.id))
    return {d.kind: d.state for d in rows}


def test_a_forbidden_transition_answers_409_and_changes_nothing(client, world):
    rfc = _submit(client, world)
    response = _move(client, world, rfc.reference, "released")
    assert response.status_code == 409 and response.mimetype == "application/problem+json"
    assert "Gekwalificeerd" in response.get_json()["detail"] or "qualified" in response.get_json()["detail"]
    db.session.expire_all()
    assert rfc.status == "requested"


def test_rejection_without_a_reason_is_422_at_reason(client, world):
    rfc = _submit(client, world)
    response = _move(client, world, rfc.reference, "rejected", "  ")
    assert response.status_code == 422 and "reason" in response.get_json()["errors"]


def test_only_handlers_move_rfcs(client, world):
    rfc = _submit(client, world)
    assert _move(client, world, rfc.reference, "qualified", who="submitter").status_code == 403
    assert _move(client, world, rfc.reference, "qualified", who="admin").status_code == 403
    assert _move(client, world, "RFC-2026-09999", "qualified").status_code == 404


def test_the_main_line_tells_the_submitter_and_keeps_the_clocks(client, world):
    rfc = _submit(client, world, type="major", priority="major")
    assert _clocks(rfc) == {"reaction": "running", "qualification": "running"}
    assert _move(client, world, rfc.reference, "qualified", who="analyst").status_code == 200
    assert _clocks(rfc) == {"reaction": "met", "qualification": "met"}
    # A major RFC goes to the CAB first; in_progress straight away is refused.
    assert _move(client, world, rfc.reference, "in_progress").status_code == 409
    for step in ("to_prioritise", "to_handle", "in_progress"):
        assert _move(client, world, rfc.reference, step).status_code == 200, step
    assert _clocks(rfc)["handling"] == "running"
    handling_clock = db.session.scalar(select(Deadline).where(Deadline.kind == "handling"))
    assert (handling_clock.basis, handling_clock.amount) == ("weeks", 9)  # major: two months
    response = _move(client, world, rfc.reference, "on_hold", "Wacht op de Architectenraad")
    assert response.status_code == 200 and _clocks(rfc)["handling"] == "paused"
    assert _move(client, world, rfc.reference, "change_proposal").status_code == 409  # back to where it was first
    assert _move(client, world, rfc.reference, "in_progress").status_code == 200
    assert _clocks(rfc)["handling"] == "running"
    for step in ("change_proposal", "to_review", "to_change"):
        assert _move(client, world, rfc.reference, step).status_code == 200, step
    assert _clocks(rfc) == {
        "reaction": "met",
        "qualification": "met",
        "handling": "met",
        "processing": "running",
    }
    for step in ("changed", "pre_release", "released"):
        assert _move(client, world, rfc.reference, step).status_code == 200, step
    told = [(m.recipient, m.subject) for m in _told()]
    statuses = [subject.rsplit(" ", 1)[-1] for _recipient, subject in told]
    assert {recipient for recipient, _subject in told} == {"sanne@vodix.example"}
    assert statuses == [
        "Gekwalificeerd",
        "(werkgroep)",
        "hold",
        "(werkgroep)",
        "Wijzigingsvoorstel",
        "Gewijzigd",
        "Released",
    ]
    hold = next(m for m in _told() if "hold" in m.subject)
    assert "Wacht op de Architectenraad" in hold.body_text
    events = db.session.scalars(select(RfcEvent).where(RfcEvent.kind == "status").order_by(RfcEvent.seq)).all()
    assert events[0].actor_label == "Ada Analist" and events[0].data == {
        "from": "requested",
        "to": "qualified",
        "told": True,
    }
    assert all(d == "met" for d in _clocks(rfc).values())


def test_blocker_critical_and_trivial_skip_the_cab(client, world):
    rfc = _submit(client, world, type="trivial", priority="trivial")
    _move(client, world, rfc.reference, "qualified")
    assert _move(client, world, rfc.reference, "to_prioritise").status_code == 409
    assert _move(client, world, rfc.reference, "in_progress").status_code == 200
    deadline = db.session.scalar(select(Deadline).where(Deadline.kind == "handling"))
    assert (deadline.basis, deadline.amount) == ("weeks", 2)


def test_urgent_rfcs_have_the_short_lead_times(client, world):
    rfc = _submit(client, world, priority="critical")
    reaction = db.session.scalar(select(Deadline).where(Deadline.kind == "reaction", Deadline.subject_id == rfc.id))
    assert (reaction.basis, reaction.amount) == ("business", 8 * 3600)


def test_a_rejection_tells_the_reason_and_where_to_go(client, world):
    rfc = _submit(client, world)
    response = client.post(
        f"/api/v1/rfcs/{rfc.reference}/transition",
        json={"to": "rejected", "reason": "Geen wijziging van het stelsel", "advice": "Vraag het de Privacyconvenant"},
        headers=token_for(world["manager"]),
    )
    assert response.status_code == 200 and response.get_json()["status"] == "rejected"
    [mail] = _told()
    assert "Geen wijziging van het stelsel" in mail.body_text and "Vraag het de Privacyconvenant" in mail.body_text
    assert _move(client, world, rfc.reference, "qualified").status_code == 409


def test_the_page_shows_a_clear_message_for_a_forbidden_move(client, world, app):
    rfc = _submit(client, world)
    login(client, "carl@edu-v.example")
    page = client.get(f"/behandelen-rfc/{rfc.reference}")
    response = client.post(
        f"/behandelen-rfc/{rfc.reference}/status",
        data={"csrf_token": csrf_of(page.get_data(as_text=True)), "status-to": "released"},
    )
    assert response.status_code == 409
    assert "kan niet naar Released" in text(response)
    response = client.post(
        f"/behandelen-rfc/{rfc.reference}/status",
        data={"csrf_token": csrf_of(page.get_data(as_text=True)), "status-to": "on_hold"},
    )
    assert response.status_code == 422 and "Geef een reden voor de status On hold" in text(response)


def test_the_cab_agenda_and_advice(client, world):
    rfc = _submit(client, world, type="major", priority="major")
    rfc.impact_technical = "Nieuw veld in het berichtmodel"
    db.session.commit()
    for step in ("qualified", "to_prioritise"):
        _move(client, world, rfc.reference, step)
    login(client, "carl@edu-v.example")
    agenda = text(client.get("/behandelen-rfc/cab"))
    assert rfc.reference in agenda and "Nieuw veld in het berichtmodel" in agenda
    page = client.get(f"/behandelen-rfc/{rfc.reference}").get_data(as_text=True)
    response = client.post(
        f"/behandelen-rfc/{rfc.reference}/cab-advies",
        data={
            "csrf_token": csrf_of(page),
            "cab-cab_on": "2026-03-12",
            "cab-priority": "minor",
            "cab-advice_cab": "Doen",
        },
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert (rfc.priority, rfc.advice_cab, rfc.cab_on) == ("minor", "Doen", date(2026, 3, 12))


def test_only_the_change_manager_records_cab_advice(world, client):
    rfc = _submit(client, world, type="major", priority="major")
    for step in ("qualified", "to_prioritise"):
        _move(client, world, rfc.reference, step)
    from app.errors_domain import NotAllowed

    with pytest.raises(NotAllowed):
        handling.record_cab_advice(rfc, date(2026, 3, 12), "minor", "Doen", actor=world["analyst"])


def test_planning_into_the_summer_freeze_asks_for_a_reason(client, world):
    rfc = _submit(client, world)  # a data service change: technical
    summer = releases.create("2026.2", "feature", date(2026, 8, 3), "", actor=world["manager"])
    patch = releases.create("2026.2-p1", "patch", date(2026, 3, 20), "", actor=world["manager"])
    db.session.commit()
    from app.errors_domain import DomainError

    with pytest.raises(DomainError) as refused:
        handling.plan(rfc, summer.id, None, actor=world["analyst"])
    assert refused.value.field == "freeze_reason"
    with pytest.raises(DomainError) as refused:
        handling.plan(rfc, patch.id, None, actor=world["analyst"])
    assert refused.value.field == "release_id"  # a minor RFC goes into a feature release
    handling.plan(rfc, summer.id, "Wettelijke verplichting per 1 augustus", actor=world["analyst"])
    db.session.commit()
    login(client, "ada@edu-v.example")
    page = text(client.get(f"/behandelen-rfc/uitgaven/{summer.id}"))
    assert rfc.reference in page and "Wettelijke verplichting per 1 augustus" in page
    assert "Concept-releasenotes" in page and "Voeg de versie van de toets toe" in page
    assert db.session.scalar(select(Release.name).where(Release.id == rfc.release_id)) == "2026.2"


def test_a_blocker_on_a_live_data_service_opens_an_incident_and_the_pages_link_each_other(client, world):
    live_service(world["other"], "Leerresultaten")
    rfc = _submit(client, world)
    case = handling.classify(rfc, "minor", "blocker", actor=world["manager"])
    db.session.commit()
    assert case.type == "incident" and case.incident.gegevensdienst == "Leerresultaten"
    assert rfc.incident_case_id == case.id
    assert handling.classify(rfc, "minor", "blocker", actor=world["manager"]) is None  # linked once
    login(client, "carl@edu-v.example")
    assert case.reference in text(client.get(f"/behandelen-rfc/{rfc.reference}"))
    assert rfc.reference in text(client.get(f"/behandelen/{case.reference}"))


def test_a_blocker_links_the_open_incident_on_that_data_service(client, world):
    live_service(world["other"], "Leerresultaten")
    first = _submit(client, world)
    second = _submit(client, world)
    case = handling.classify(first, "minor", "blocker", actor=world["manager"])
    assert handling.classify(second, "minor", "blocker", actor=world["manager"]) == case
    db.session.commit()
    assert db.session.scalar(select(Case.id).where(Case.type == "incident", Case.id != case.id)) is None


def test_a_blocker_on_a_data_service_nobody_runs_starts_nothing(client, world):
    rfc = _submit(client, world)
    assert handling.classify(rfc, "minor", "blocker", actor=world["manager"]) is None
    assert db.session.scalar(select(Case.id)) is None


def test_an_action_of_another_state_answers_409_with_the_page(client, world):
    rfc = _submit(client, world)
    login(client, "carl@edu-v.example")
    page = client.get(f"/behandelen-rfc/{rfc.reference}").get_data(as_text=True)
    response = client.post(
        f"/behandelen-rfc/{rfc.reference}/cab-advies",
        data={"csrf_token": csrf_of(page), "cab-cab_on": "2026-03-12", "cab-priority": "minor", "cab-advice_cab": "x"},
    )
    assert response.status_code == 409 and "Deze actie is nu niet mogelijk" in text(response)
    db.session.expire_all()
    assert rfc.advice_cab is None


def test_the_analysis_records_the_analyst_reviewer_and_impact_on_the_events(client, world):
    rfc = _submit(client, world)
    values = {name: None for name in handling.ANALYSIS_FIELDS}
    values.update(analyst_id=world["analyst"].id, reviewer_id=world["manager"].id, impact_risks="Oude afnemers")
    assert handling.record_analysis(rfc, values, actor=world["analyst"]) == [
        "analyst_id",
        "reviewer_id",
        "impact_risks",
    ]
    from app.errors_domain import DomainError

    with pytest.raises(DomainError) as refused:
        handling.record_analysis(rfc, {**values, "reviewer_id": world["submitter"].id}, actor=world["analyst"])
    assert refused.value.field == "reviewer_id"
    event = db.session.scalar(select(RfcEvent).where(RfcEvent.kind == "analysis"))
    assert event.visibility == "internal" and event.data == {"fields": ["analyst_id", "reviewer_id", "impact_risks"]}
