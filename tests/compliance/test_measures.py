"""Measures over time: their clocks, escalation with the next step, met, ended by date, and the register log."""

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from app import clock
from app.cases.models import TimelineEvent
from app.compliance.models import RegisterEvent
from app.compliance.services import decisions, keurmerk_status, measures
from app.compliance.services.measures import MeasureInput
from app.errors_domain import Conflict, DomainError
from app.extensions import db
from app.notify.models import OutboxMessage
from app.sla.models import Deadline
from app.sla.sweep import run_sweep
from tests.helpers.clock import NOW
from tests.helpers.pages import nl

from .helpers import keurmerk, status_of


def decide(desk, kind, **fields):
    values = dict(
        kind=kind,
        participant_id=desk["vodix"].id,
        keurmerk_id=keurmerk(desk["vodix"]).id,
        publish=True,
        public_reason="Openbare reden",
    )
    values.update(fields)
    decision = decisions.decide(desk["case"], "upheld", "Gegrond.", [MeasureInput(**values)], actor=desk["sam"])
    db.session.commit()
    return decision.measures[0]


def mails(prefix: str) -> list[OutboxMessage]:
    return list(
        db.session.scalars(select(OutboxMessage).where(OutboxMessage.key.startswith(prefix)).order_by(OutboxMessage.id))
    )


def events(desk, kind: str) -> list[TimelineEvent]:
    return list(
        db.session.scalars(
            select(TimelineEvent).where(TimelineEvent.case_id == desk["case"].id, TimelineEvent.kind == kind)
        )
    )


def test_a_request_for_explanation_gets_ten_business_days(desk):
    measure = decide(desk, "request_explanation")
    [deadline] = db.session.scalars(select(Deadline).where(Deadline.subject_type == "measure"))
    # Tuesday 10 March 11:00 + 10 business days = Tuesday 24 March 11:00 (CET: 10:00 UTC).
    assert clock.as_utc(deadline.due_at) == NOW + timedelta(days=14)
    assert clock.as_utc(measure.due_at) == clock.as_utc(deadline.due_at)


def test_a_missed_plan_reminds_the_participant_then_escalates_with_the_next_step(desk):
    desk["case"].assignee = desk["sam"]
    measure = decide(desk, "improvement_plan", due_at=NOW + timedelta(days=28))
    run_sweep(NOW + timedelta(days=21, minutes=1))
    run_sweep(NOW + timedelta(days=27, minutes=1))
    db.session.commit()
    reminders = mails(f"measure:reminder:{measure.id}:")
    assert [m.recipient for m in reminders] == ["pia@vodix.example"] * 2
    assert not mails("measure:breach:")

    run_sweep(NOW + timedelta(days=28, minutes=1))
    db.session.commit()
    escalated = mails(f"measure:breach:{measure.id}:")
    assert {m.recipient for m in escalated} == {"cora@edu-v.example", "carl@edu-v.example", "sam@edu-v.example"}
    assert nl("Notice of default") in escalated[0].body_text
    [breach] = events(desk, "measure_breached")
    assert breach.visibility == "internal" and breach.data["nextStep"] == "notice_of_default"
    # Still in force: only the foundation's next decision changes the status.
    assert status_of(keurmerk(desk["vodix"])) == "conditional"


def test_a_met_plan_stops_its_clock_and_restores_the_status(desk):
    measure = decide(desk, "improvement_plan", due_at=NOW + timedelta(days=28))
    clock.freeze(NOW + timedelta(days=10))
    with pytest.raises(DomainError):
        measures.record_met(measure, " ", actor=desk["sam"])
    measures.record_met(measure, "Plan uitgevoerd; bewijs ontvangen.", actor=desk["sam"])
    db.session.commit()
    assert measure.status == "met"
    assert db.session.scalar(select(Deadline).where(Deadline.subject_type == "measure")).state == "met"
    assert [(e.previous, e.status) for e in db.session.scalars(select(RegisterEvent).order_by(RegisterEvent.id))] == [
        ("valid", "conditional"),
        ("conditional", "valid"),
    ]
    run_sweep(NOW + timedelta(days=40))
    assert not mails("measure:breach:")
    with pytest.raises(Conflict):
        measures.record_met(measure, "Nogmaals.", actor=desk["sam"])


def test_an_emergency_suspension_starts_at_approval_and_the_hearing_must_follow(desk):
    measure = decide(desk, "emergency_suspension", starts_on=date(2026, 3, 20))
    assert measure.status == "proposed"
    clock.freeze(NOW + timedelta(days=1))
    measures.approve(measure, actor=desk["cora"])
    db.session.commit()
    assert measure.starts_on == date(2026, 3, 11)
    assert status_of(keurmerk(desk["vodix"])) == "suspended"
    [hearing] = db.session.scalars(select(Deadline).where(Deadline.subject_type == "measure"))
    assert hearing.kind == "response" and clock.as_utc(hearing.due_at) == NOW + timedelta(days=15)
    measures.record_heard(measure, "Hoorzitting op 12 maart gehouden.", actor=desk["sam"])
    db.session.commit()
    assert hearing.state == "met"
    assert status_of(keurmerk(desk["vodix"])) == "suspended"
    with pytest.raises(Conflict):
        measures.record_heard(measure, "Nog eens.", actor=desk["sam"])


def test_a_suspension_for_a_period_ends_by_itself_and_the_register_records_it(desk):
    measure = decide(desk, "suspension", starts_on=date(2026, 3, 10), ends_on=date(2026, 4, 1))
    measures.approve(measure, actor=desk["carl"])
    db.session.commit()
    assert measures.end_expired(NOW + timedelta(days=5)) == 0
    assert measures.end_expired(NOW + timedelta(days=23)) == 1
    db.session.commit()
    assert measure.status == "ended"
    changes = [(e.previous, e.status) for e in db.session.scalars(select(RegisterEvent).order_by(RegisterEvent.id))]
    assert changes == [("valid", "suspended"), ("suspended", "valid")]
    assert keurmerk_status.record_changes(desk["vodix"].id) == []  # nothing changed since: nothing written


def test_a_rejected_proposal_never_counts_and_needs_a_reason(desk):
    measure = decide(desk, "revocation")
    with pytest.raises(DomainError):
        measures.reject(measure, "", actor=desk["carl"])
    measures.reject(measure, "Niet evenredig.", actor=desk["carl"])
    db.session.commit()
    assert measure.status == "rejected"
    assert status_of(keurmerk(desk["vodix"])) == "valid"
    assert db.session.scalar(select(RegisterEvent.id)) is None
    with pytest.raises(Conflict):
        measures.approve(measure, actor=desk["cora"])


def test_the_next_step_is_a_measure_on_the_same_decision(desk):
    plan = decide(desk, "improvement_plan", due_at=NOW + timedelta(days=28))
    item = MeasureInput(
        kind="suspension",
        participant_id=desk["vodix"].id,
        keurmerk_id=plan.keurmerk_id,
        reasoning="Verbeterplan niet uitgevoerd.",
        publish=True,
    )
    suspension = decisions.add_measure(desk["case"], item, actor=desk["cora"], follows=plan)
    assert suspension.status == "proposed" and suspension.follows is plan
    assert suspension.decision is plan.decision


def test_a_closure_day_moves_a_request_for_explanation_and_its_due_date(desk):
    from app.sla import admin as sla_admin

    measure = decide(desk, "request_explanation")
    before = clock.as_utc(measure.due_at)
    sla_admin.add_closure_day(date(2026, 3, 16), "Studiedag", actor=desk["cora"])
    db.session.commit()
    # One business day more: the closure is a Monday within the ten days.
    assert clock.as_utc(measure.due_at) == before + timedelta(days=1)
    assert [e.data["measure"] for e in events(desk, "deadlines_recomputed")] == [measure.id]
