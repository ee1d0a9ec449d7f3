"""Handling services: transitions and their clocks, triage, assignment, messages, the extension, major incidents."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from app import clock
from app.cases import timeline, workflow
from app.cases.models import TimelineEvent
from app.cases.services import handler_settings, handling, major_incidents
from app.errors_domain import Conflict, DomainError
from app.extensions import db
from app.intake.services.follow_up import add_reporter_information
from app.notify.models import OutboxMessage, addressed_to
from app.sla import clocks
from app.sla import services as sla
from tests.helpers.clock import NOW
from tests.helpers.pages import nl

from .helpers import complaint, handling_world, incident


@pytest.fixture()
def world(app, make_org, make_user):
    return handling_world(make_org, make_user)


def clock_of(case, kind):
    return next(d for d in sla.for_subject("case", case.id) if d.kind == kind)


def mails(to=None, key_prefix=None) -> list[OutboxMessage]:
    query = select(OutboxMessage).order_by(OutboxMessage.id)
    if to:
        query = query.where(addressed_to(to))
    found = list(db.session.scalars(query))
    return [m for m in found if key_prefix is None or m.key.startswith(key_prefix)]


def counts(case) -> tuple:
    events = db.session.scalar(select(func.count(TimelineEvent.id)).where(TimelineEvent.case_id == case.id))
    return events, db.session.scalar(select(func.count(OutboxMessage.id)))


def walk(case, *steps, actor):
    for step in steps:
        handling.transition(case, step, "omdat het moet", actor=actor)
    db.session.commit()


def test_a_transition_records_who_when_and_why_for_the_parties(world):
    case = incident(world["vodix"])
    event = handling.transition(case, "triage", actor=world["sam"])
    event = handling.transition(case, "withdrawn", "De melder trekt de melding in.", actor=world["sam"])
    db.session.commit()
    assert case.status == "withdrawn" and case.closed_at == NOW
    assert (event.kind, event.visibility, event.actor_id, event.at) == ("status", "parties", world["sam"].id, NOW)
    assert event.text == "De melder trekt de melding in."
    assert event.data == {"from": "triage", "to": "withdrawn"}
    assert timeline.verify_case(case.id) == []
    # The parties hear of the change (not of the desk's own triage step), with a link, not the reason.
    news = mails(key_prefix="parties:")
    assert {m.recipient for m in news} == {"rita@school.example", "security@vodix.example"}
    assert all("trekt" not in m.body_text for m in news)


def test_a_closed_case_refuses_every_transition_and_nothing_changes(world):
    case = incident()
    walk(case, "triage", "in_progress", "decided", "closed", actor=world["sam"])
    before = counts(case)
    for target in ("in_progress", "withdrawn", "closed", "triage"):
        with pytest.raises(Conflict) as refused:
            handling.transition(case, target, "reopen", actor=world["sam"])
        db.session.rollback()
        assert refused.value.message in (
            nl(workflow.FINISHED, current=nl("Closed").lower()),
            nl(workflow.SAME, current=nl("Closed").lower()),
        )
    assert case.status == "closed" and counts(case) == before


def test_a_skipped_step_is_a_conflict_naming_the_possible_moves(world):
    case = incident()
    with pytest.raises(Conflict) as refused:
        handling.transition(case, "decided", None, actor=world["sam"])
    assert refused.value.status == 409
    word = {
        code: nl(english).lower()
        for code, english in (
            ("received", "Received"),
            ("decided", "Decided"),
            ("triage", "Triage"),
            ("withdrawn", "Withdrawn"),
        )
    }
    assert refused.value.message == nl(
        workflow.NOT_ALLOWED,
        current=word["received"],
        target=word["decided"],
        options=f"{word['triage']}, {word['withdrawn']}",
    )


def test_waiting_needs_a_reason_which_is_bad_input_not_a_conflict(world):
    case = incident()
    walk(case, "triage", "in_progress", actor=world["sam"])
    with pytest.raises(DomainError) as refused:
        handling.transition(case, "waiting", "  ", actor=world["sam"])
    assert refused.value.status == 422 and refused.value.field == "reason"
    with pytest.raises(DomainError) as refused:
        handling.transition(case, "waiting", "Graag logbestanden", actor=world["sam"], waiting_on="party:999")
    assert refused.value.field == "waiting_on"


def test_first_response_is_met_by_the_first_handling_step(world):
    case = incident()
    assert clock_of(case, "first_response").state == "running"
    clock.freeze(NOW + timedelta(minutes=30))
    handling.transition(case, "triage", actor=world["sam"])
    assert clock_of(case, "first_response").met_at == NOW + timedelta(minutes=30)


def test_waiting_pauses_the_resolution_clock_and_the_reporters_reply_resumes_it(world):
    case = incident()
    walk(case, "triage", "in_progress", actor=world["sam"])
    resolution = clock_of(case, "resolution")
    due = resolution.due_at
    handling.transition(case, "waiting", "Stuur de logbestanden.", actor=world["sam"], waiting_on="reporter")
    db.session.commit()
    assert resolution.state == "paused" and handling.waiting_on(case) == "reporter"
    assert clock_of(case, "first_response").state == "met"
    # Tuesday 11:00 -> Wednesday 11:00 Amsterdam: one business day of waiting.
    clock.freeze(NOW + timedelta(days=1))
    add_reporter_information(case, "Hierbij de logbestanden.", ())
    db.session.commit()
    assert case.status == "in_progress" and resolution.state == "running"
    assert resolution.paused_seconds == clocks.BUSINESS_DAY
    assert resolution.due_at == sla.current_calendar().add_business_seconds(due, clocks.BUSINESS_DAY)  # Fri > Mon
    last = db.session.scalars(
        select(TimelineEvent).where(TimelineEvent.case_id == case.id).order_by(TimelineEvent.seq.desc())
    ).first()
    assert (last.kind, last.data["to"], last.actor_label) == ("status", "in_progress", "Rita Reporter")


def test_a_reply_from_another_party_does_not_end_a_wait_on_the_reporter(world):
    case = incident(world["vodix"])
    walk(case, "triage", "in_progress", actor=world["sam"])
    handling.transition(case, "waiting", "Wacht op de melder.", actor=world["sam"], waiting_on="reporter")
    assert handling.party_replied(case, f"party:{world['vodix'].id}") is False
    assert case.status == "waiting"
    assert handling.party_replied(case, "reporter") is True and case.status == "in_progress"


def test_leaving_waiting_by_hand_resumes_and_deciding_meets_the_resolution_clock(world):
    case = incident()
    walk(case, "triage", "in_progress", actor=world["sam"])
    handling.transition(case, "waiting", "Wacht.", actor=world["sam"])
    clock.freeze(NOW + timedelta(hours=2))
    handling.transition(case, "in_progress", actor=world["sam"])
    assert clock_of(case, "resolution").paused_seconds == 2 * 3600
    handling.transition(case, "decided", actor=world["sam"])
    assert clock_of(case, "resolution").state == "met"


def test_finishing_a_case_stops_the_desks_clocks_but_not_the_schools_ap_duty(world):
    case = incident()
    sla.start("case", case.id, clocks.AP_NOTIFICATION, NOW)
    handling.transition(case, "withdrawn", "Ingetrokken door de melder.", actor=world["sam"])
    states = {d.kind: d.state for d in sla.for_subject("case", case.id)}
    assert states["resolution"] == "met" and states["ap_notification"] == "running"
    assert case.next_due_at == clock_of(case, "ap_notification").due_at


def test_triage_not_admissible_sends_the_reason_to_both_sides(world):
    case = complaint(world["vodix"])
    handling.triage(case, False, "Eerst aan de leverancier voorleggen.", actor=world["sam"])
    db.session.commit()
    kinds = [
        e.data.get("to")
        for e in db.session.scalars(
            select(TimelineEvent).where(TimelineEvent.case_id == case.id).order_by(TimelineEvent.seq)
        )
    ]
    assert kinds == ["triage", "rejected"] and case.status == "rejected"
    assert clock_of(case, "admissibility").state == "met" and clock_of(case, "resolution").state == "met"
    letters = mails(key_prefix="rejected:")
    assert {m.recipient for m in letters} == {"rita@school.example", "security@vodix.example"}
    assert all("Eerst aan de leverancier voorleggen." in m.body_text for m in letters)


def test_triage_without_a_reason_for_rejection_changes_nothing(world):
    case = complaint(world["vodix"])
    before = counts(case)
    with pytest.raises(DomainError) as refused:
        handling.triage(case, False, "", actor=world["sam"])
    assert refused.value.field == "reason"
    db.session.rollback()
    assert case.status == "received" and counts(case) == before


def test_triage_admissible_and_a_second_triage_is_refused(world):
    case = complaint(world["vodix"])
    handling.triage(case, True, None, actor=world["sam"])
    assert case.status == "in_progress"
    with pytest.raises(Conflict) as refused:
        handling.triage(case, False, "Toch niet", actor=world["sam"])
    assert refused.value.message == nl(
        "Admissibility is decided once, at triage; this case is %(status)s.", status=nl("In progress").lower()
    )


def test_assignment_tells_the_assignee_and_reassignment_too(world):
    case = incident(world["vodix"])
    assert handling.assign(case, world["sam"], actor=world["cora"]) is True
    assert handling.assign(case, world["sam"], actor=world["cora"]) is False  # already so: nothing new
    assert handling.assign(case, world["sara"], actor=world["cora"]) is True
    db.session.commit()
    assert case.assignee_id == world["sara"].id
    assert [m.recipient for m in mails(key_prefix="assigned:")] == ["sam@edu-v.example", "sara@edu-v.example"]
    events = list(
        db.session.scalars(
            select(TimelineEvent).where(TimelineEvent.case_id == case.id, TimelineEvent.kind == "assigned")
        )
    )
    assert [e.visibility for e in events] == ["internal", "internal"]
    assert events[1].data == {"from": world["sam"].id, "to": world["sara"].id}


def test_only_handlers_without_a_conflict_can_be_assigned(world):
    case = incident(world["vodix"])
    with pytest.raises(DomainError, match="Adam") as refused:
        handling.assign(case, world["adam"], actor=world["cora"])
    assert refused.value.field == "assignee"
    handler_settings.declare_conflict(world["sam"], world["vodix"].id, "Oud-werkgever")
    with pytest.raises(DomainError, match="Sam"):
        handling.assign(case, world["sam"], actor=world["cora"])


def test_auto_assignment_picks_the_least_loaded_supervisor_on_duty_without_a_conflict(world):
    busy = [incident() for _ in range(3)]
    handling.assign(busy[0], world["sam"], actor=world["cora"])
    handling.assign(busy[1], world["sara"], actor=world["cora"])
    handling.assign(busy[2], world["sara"], actor=world["cora"])
    case = incident(world["vodix"])
    # Otto has no open case at all, but is off duty; Sam declared a tie with the supplier.
    handler_settings.set_on_duty(world["otto"], False)
    handler_settings.declare_conflict(world["sam"], world["vodix"].id, "")
    assert handling.auto_assign(case, actor=world["cora"]) == world["sara"]
    handler_settings.set_on_duty(world["sara"], False)
    with pytest.raises(DomainError) as refused:
        handling.auto_assign(incident(world["vodix"]), actor=world["cora"])
    assert refused.value.message == nl(
        "No supervisor is on duty without a conflict of interest with the parties of this case. Assign someone by hand."
    )


def test_auto_assignment_does_not_count_closed_cases_or_the_case_itself(world):
    done = incident()
    handling.assign(done, world["sam"], actor=world["cora"])
    walk(done, "withdrawn", actor=world["sam"])
    case = incident()
    handling.assign(case, world["sara"], actor=world["cora"])
    handler_settings.set_on_duty(world["otto"], False)
    # Sam's one case is finished and Sara's is this one: both have no load; Sam comes first by id.
    assert handling.auto_assign(case, actor=world["cora"]) == world["sam"]


def test_a_note_stays_internal_and_a_message_mails_a_link_only(world):
    case = incident(world["vodix"])
    note = handling.add_note(case, "Vermoedelijk de exportjob.", actor=world["sam"])
    message = handling.send_message(case, "Kunt u de logbestanden sturen?", "reporter", actor=world["sam"])
    db.session.commit()
    assert (note.kind, note.visibility) == ("note", "internal")
    assert (message.kind, message.visibility) == ("message", "reporter")
    sent = mails(key_prefix="parties:")
    assert [m.recipient for m in sent] == ["rita@school.example"]
    assert "logbestanden" not in sent[0].body_text and "exportjob" not in sent[0].body_text
    assert clock_of(case, "first_response").state == "met"
    for bad in ("internal", "party:999", ""):
        with pytest.raises(DomainError) as refused:
            handling.send_message(case, "Hallo", bad, actor=world["sam"])
        assert refused.value.field == "visibility"
    with pytest.raises(DomainError) as refused:
        handling.add_note(case, "   ", actor=world["sam"])
    assert refused.value.field == "body"


def test_the_complaint_term_is_extended_once_and_both_sides_get_the_reason(world):
    case = complaint(world["vodix"])
    due = clock_of(case, "resolution").due_at
    handling.extend_complaint_term(case, 3, "Deskundige gevraagd.", actor=world["sam"])
    db.session.commit()
    assert clock_of(case, "resolution").due_at - due == timedelta(weeks=3)
    assert case.next_due_at <= clock_of(case, "resolution").due_at
    letters = mails(key_prefix="term_extended:")
    assert {m.recipient for m in letters} == {"rita@school.example", "security@vodix.example"}
    assert all("Deskundige gevraagd." in m.body_text for m in letters)

    before, extended_due = counts(case), clock_of(case, "resolution").due_at
    with pytest.raises(Conflict) as refused:
        handling.extend_complaint_term(case, 1, "Nog eens.", actor=world["sam"])
    assert refused.value.message == nl(
        "The decision term of this complaint was already extended; it can be extended only once."
    )
    db.session.rollback()
    assert counts(case) == before and clock_of(case, "resolution").due_at == extended_due


@pytest.mark.parametrize("weeks", [0, 5, -1])
def test_an_extension_is_one_to_four_weeks(world, weeks):
    with pytest.raises(DomainError) as refused:
        handling.extend_complaint_term(complaint(world["vodix"]), weeks, "Reden", actor=world["sam"])
    assert refused.value.field == "weeks"


def test_only_an_open_complaint_with_a_running_term_can_be_extended(world):
    with pytest.raises(DomainError) as refused:
        handling.extend_complaint_term(incident(), 2, "Reden", actor=world["sam"])
    assert refused.value.status == 422
    case = complaint(world["vodix"])
    clock.freeze(clock_of(case, "resolution").due_at + timedelta(minutes=1))
    with pytest.raises(Conflict):
        handling.extend_complaint_term(case, 2, "Te laat", actor=world["sam"])
    other = complaint(world["vodix"], number=2)
    walk(other, "withdrawn", actor=world["sam"])
    with pytest.raises(Conflict):
        handling.extend_complaint_term(other, 2, "Reden", actor=world["sam"])


def test_a_major_incident_reaches_every_linked_reporter(world):
    lead = incident(world["vodix"], email="lead@school.example")
    reports = [incident(world["vodix"], email=f"school{n}@example.org") for n in range(3)]
    for report in reports:
        assert major_incidents.link_to_lead(report, lead, actor=world["sam"]) is True
    assert major_incidents.link_to_lead(reports[0], lead, actor=world["sam"]) is False
    db.session.commit()
    assert major_incidents.message_all_linked(lead, "De leverancier heeft het lek gedicht.", actor=world["sam"]) == 3
    db.session.commit()
    reached = {m.recipient for m in mails(key_prefix="parties:")}
    assert {"school0@example.org", "school1@example.org", "school2@example.org", "lead@school.example"} <= reached
    for report in reports:
        last = db.session.scalars(
            select(TimelineEvent).where(TimelineEvent.case_id == report.id).order_by(TimelineEvent.seq.desc())
        ).first()
        assert (last.kind, last.visibility, last.text) == (
            "message",
            "reporter",
            "De leverancier heeft het lek gedicht.",
        )
        assert clock_of(report, "first_response").state == "met"


def test_closing_the_lead_proposes_and_closes_the_open_linked_reports(world):
    lead = incident()
    waiting, done = incident(), incident()
    for report in (waiting, done):
        major_incidents.link_to_lead(report, lead, actor=world["sam"])
    walk(waiting, "triage", "in_progress", "waiting", actor=world["sam"])
    walk(done, "withdrawn", actor=world["sam"])
    with pytest.raises(Conflict):
        major_incidents.close_linked(lead, "Afgehandeld", actor=world["sam"])
    walk(lead, "triage", "in_progress", "decided", "closed", actor=world["sam"])
    assert major_incidents.linked_open(lead) == [waiting]
    assert major_incidents.close_linked(lead, "Afgehandeld met de hoofdmelding.", actor=world["sam"]) == [waiting]
    db.session.commit()
    steps = [
        e.data["to"]
        for e in db.session.scalars(
            select(TimelineEvent)
            .where(TimelineEvent.case_id == waiting.id, TimelineEvent.kind == "status")
            .order_by(TimelineEvent.seq)
        )
    ]
    assert steps == ["triage", "in_progress", "waiting", "in_progress", "decided", "closed"]
    assert waiting.status == "closed" and done.status == "withdrawn"
    assert major_incidents.linked_open(lead) == []


def test_links_that_make_no_sense_are_refused(world):
    lead, report, other = incident(), incident(), incident()
    with pytest.raises(DomainError):
        major_incidents.link_to_lead(lead, lead, actor=world["sam"])
    major_incidents.link_to_lead(report, lead, actor=world["sam"])
    with pytest.raises(DomainError):  # no chains: link to the lead itself
        major_incidents.link_to_lead(other, report, actor=world["sam"])
    with pytest.raises(DomainError):  # a lead cannot become a follower
        major_incidents.link_to_lead(lead, other, actor=world["sam"])
    with pytest.raises(DomainError):
        major_incidents.link_to_lead(complaint(world["vodix"], number=9), lead, actor=world["sam"])
    with pytest.raises(Conflict):
        major_incidents.message_all_linked(other, "Hallo", actor=world["sam"])


def test_a_message_to_the_reporters_of_a_crisis_is_the_update_they_are_owed(world):
    case = incident(severity="crisis")
    clock.freeze(NOW + timedelta(hours=1))
    handling.send_message(case, "Stand van zaken: de storing is verholpen.", "parties", actor=world["sam"])
    updates = [d for d in sla.for_subject("case", case.id) if d.kind == "update"]
    assert [d.state for d in updates] == ["met", "running"]
    assert updates[1].started_at == NOW + timedelta(hours=1)
    handling.add_note(case, "Intern: geen update.", actor=world["sam"])  # notes owe nobody an update
    assert len([d for d in sla.for_subject("case", case.id) if d.kind == "update"]) == 2
