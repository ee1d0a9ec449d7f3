"""The deadline sweep on stored clocks: reminders, warnings, breaches, and idempotence."""
from datetime import timedelta

from sqlalchemy import select

from app import clock
from app.cases.models import Case, TimelineEvent
from app.extensions import db
from app.notify.models import OutboxMessage
from app.sla.models import Deadline
from app.sla.sweep import run_sweep
from tests.intake.helpers import breach_form, receipt, submit_incident


def _mails() -> dict[str, OutboxMessage]:
    return {m.key: m for m in db.session.scalars(select(OutboxMessage))}


def _file(client, org_id, **overrides) -> Case:
    submit_incident(client, breach_form(org_id, **overrides))
    reference, _code = receipt(client)
    return db.session.scalar(select(Case).where(Case.reference == reference))


def test_ap_reminders_at_48_and_66_hours_then_breach(client, make_user, register_with_keurmerk):
    make_user("coordinator@edu-v.nl", role="coordinator")
    case = _file(client, register_with_keurmerk.id)
    ap = db.session.scalar(select(Deadline).where(Deadline.kind == "ap_notification"))
    discovered = case.incident.discovered_at

    run_sweep(discovered + timedelta(hours=47))
    db.session.commit()
    assert not [k for k in _mails() if ":reminder:" in k]

    run_sweep(discovered + timedelta(hours=48, minutes=1))
    db.session.commit()
    assert f"sla:{ap.id}:reminder:1" in _mails()

    run_sweep(discovered + timedelta(hours=66, minutes=1))
    db.session.commit()
    assert f"sla:{ap.id}:reminder:2" in _mails()
    assert _mails()[f"sla:{ap.id}:reminder:2"].recipient == case.reporter_email

    run_sweep(discovered + timedelta(hours=72, minutes=1))
    db.session.commit()
    assert ap.breached_at is not None and ap.state == "breached"
    assert any(k.startswith(f"sla:{ap.id}:breach:") for k in _mails())
    kinds = [e.kind for e in db.session.scalars(select(TimelineEvent).where(TimelineEvent.case_id == case.id))]
    assert "deadline_breached" in kinds


def test_running_the_sweep_twice_sends_nothing_twice(client, make_user, register_with_keurmerk):
    make_user("coordinator@edu-v.nl", role="coordinator")
    case = _file(client, register_with_keurmerk.id)
    later = case.created_at + timedelta(days=10)
    first = run_sweep(later)
    db.session.commit()
    count = len(_mails())
    second = run_sweep(later)
    db.session.commit()
    assert first.examined > 0 and second.examined == 0
    assert len(_mails()) == count


def test_warning_goes_to_the_coordinators_while_unassigned(client, make_user, register_with_keurmerk):
    coordinator = make_user("coordinator@edu-v.nl", role="coordinator")
    _file(client, register_with_keurmerk.id, category="outage", severity="incident", ap_notified=None)
    first_response = db.session.scalar(select(Deadline).where(Deadline.kind == "first_response"))
    run_sweep(first_response.warn_at + timedelta(seconds=1))
    db.session.commit()
    warning = _mails()[f"sla:{first_response.id}:warn:{coordinator.id}"]
    assert warning.recipient == "coordinator@edu-v.nl"
    assert first_response.warned_at is not None and first_response.breached_at is None


def test_met_clocks_are_left_alone(client, register_with_keurmerk):
    _file(client, register_with_keurmerk.id)
    acknowledge = db.session.scalar(select(Deadline).where(Deadline.kind == "acknowledge"))
    run_sweep(clock.now() + timedelta(days=30))
    db.session.commit()
    assert acknowledge.state == "met" and acknowledge.breached_at is None
