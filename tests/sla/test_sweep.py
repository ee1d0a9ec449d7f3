"""The deadline sweep on stored clocks: reminders, warnings, breaches, and idempotence."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from app import clock
from app.cases.models import Case, TimelineEvent
from app.extensions import db
from app.notify.models import OutboxMessage
from app.sla.models import Deadline
from app.sla.sweep import run_sweep, sweep_until_done
from tests.helpers.pages import nl
from tests.helpers.statements import counted_statements
from tests.intake.helpers import breach_form, receipt, submit_incident
from tests.sla.helpers import TUESDAY_14, clock_of, digests, incident


def _mails() -> dict[str, OutboxMessage]:
    return {m.key: m for m in db.session.scalars(select(OutboxMessage))}


def _file(client, org_id, **overrides) -> Case:
    # Filed on a fixed Tuesday: which business-day clocks fall inside the 72 hours depends on the weekday.
    clock.freeze(TUESDAY_14)
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
    # First response, resolution and now the AP clock, each escalated once to the coordinator.
    assert digests("breach") == {"coordinator@edu-v.nl": [case.reference] * 3}
    [last] = [
        m
        for m in _mails().values()
        if m.key.startswith("sla:breach:") and nl("Report to the AP (72 hours)") in m.body_text
    ]
    # First response passed after 7 hours and the resolution (two business days) after 51: the AP clock is alone.
    assert last.subject == nl("%(reference)s: a deadline has passed", reference=case.reference)
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
    case = _file(client, register_with_keurmerk.id, category="outage", severity="incident", ap_notified=None)
    first_response = db.session.scalar(select(Deadline).where(Deadline.kind == "first_response"))
    run_sweep(first_response.warn_at + timedelta(seconds=1))
    db.session.commit()
    assert digests("warn") == {coordinator.email: [case.reference]}
    [warning] = [m for k, m in _mails().items() if k.startswith("sla:warn:")]
    assert warning.subject == nl("%(reference)s: a deadline is close", reference=case.reference)
    assert first_response.warned_at is not None and first_response.breached_at is None


def test_met_clocks_are_left_alone(client, register_with_keurmerk):
    _file(client, register_with_keurmerk.id)
    acknowledge = db.session.scalar(select(Deadline).where(Deadline.kind == "acknowledge"))
    run_sweep(clock.now() + timedelta(days=30))
    db.session.commit()
    assert acknowledge.state == "met" and acknowledge.breached_at is None


def test_the_ap_breach_tells_the_reporter_once_more_under_its_own_key(client, make_user, register_with_keurmerk):
    case = _file(client, register_with_keurmerk.id)
    ap = db.session.scalar(select(Deadline).where(Deadline.kind == "ap_notification"))
    run_sweep(case.incident.discovered_at + timedelta(hours=66, minutes=1))
    run_sweep(case.incident.discovered_at + timedelta(hours=73))
    db.session.commit()
    to_reporter = sorted(k for k, m in _mails().items() if m.recipient == case.reporter_email and k.startswith("sla:"))
    assert to_reporter == [f"sla:{ap.id}:reminder:2", f"sla:{ap.id}:reminder:final"]
    assert ap.reminders_sent == 2


def test_what_falls_due_together_reaches_the_reporter_as_one_mail(client, make_user, register_with_keurmerk):
    case = _file(client, register_with_keurmerk.id)
    ap = db.session.scalar(select(Deadline).where(Deadline.kind == "ap_notification"))
    run_sweep(case.incident.discovered_at + timedelta(hours=73))  # both reminders and the breach at once
    db.session.commit()
    to_reporter = [m for k, m in _mails().items() if m.recipient == case.reporter_email and k.startswith("sla:")]
    assert [m.key for m in to_reporter] == [f"sla:{ap.id}:reminder:final"]
    assert ap.reminders_sent == 2 and ap.breached_at is not None


def test_a_batch_loads_its_cases_and_the_coordinators_once(app, make_user):
    coordinators = [make_user(f"coordinator{n}@edu-v.nl", role="coordinator") for n in range(3)]
    for _ in range(8):
        incident()  # 8 first-response warnings (Wednesday 12:00), then 16 breaches
    with counted_statements() as statements:
        run_sweep(TUESDAY_14 + timedelta(hours=22, minutes=1))
        run_sweep(TUESDAY_14 + timedelta(days=10))
    case_loads = [s for s in statements if s.startswith("SELECT cases.id, cases.reference")]
    user_loads = [s for s in statements if "FROM users" in s]
    assert len(case_loads) == 2 and len(user_loads) == 2  # one of each per sweep
    db.session.commit()
    # One digest per coordinator and sweep: 8 cases in each warning, 16 clocks in each breach.
    assert {email: len(refs) for email, refs in digests("warn").items()} == {c.email: 8 for c in coordinators}
    assert {email: len(refs) for email, refs in digests("breach").items()} == {c.email: 16 for c in coordinators}


def test_a_batch_writes_its_clocks_in_one_statement_whatever_each_owed(app, make_user):
    make_user("coordinator@edu-v.nl", role="coordinator")
    early = [incident() for _ in range(3)]
    late = [incident(at=TUESDAY_14 + timedelta(days=2)) for _ in range(3)]
    # One batch with clocks owing a breach (the early cases) and clocks owing a warning (the late
    # ones): before, each run of clocks owing the same event went to the database on its own.
    with counted_statements() as statements:
        run_sweep(TUESDAY_14 + timedelta(days=2, hours=22, minutes=1))
    clock_updates = [s for s in statements if s.startswith("UPDATE deadlines")]
    assert len(clock_updates) == 1
    db.session.commit()
    for case in early:
        assert clock_of(case, "first_response").breached_at is not None
    for case in late:
        first_response = clock_of(case, "first_response")
        assert first_response.warned_at is not None and first_response.breached_at is None
        assert clock_of(case, "resolution").warned_at is None


def test_sweep_until_done_commits_each_batch_until_nothing_is_due(app, make_user):
    make_user("coordinator@edu-v.nl", role="coordinator")
    for _ in range(5):
        incident()
    commits = []

    def commit():
        commits.append(
            db.session.scalar(select(func.count()).select_from(Deadline).where(Deadline.breached_at.is_not(None)))
        )
        db.session.commit()

    report = sweep_until_done(TUESDAY_14 + timedelta(days=10), 3, commit)
    assert report.examined == 10 and report.events == {"breach": 10}
    assert commits == [3, 6, 9, 10]
    assert run_sweep(TUESDAY_14 + timedelta(days=10)).examined == 0
    with pytest.raises(ValueError):
        sweep_until_done(TUESDAY_14, 0, commit)


def test_a_batch_of_complaints_reads_their_parties_and_consent_once(app, make_user, make_org):
    from app.intake.services.filing import ComplaintReport, Reporter, file_complaint

    make_user("coordinator@edu-v.nl", role="coordinator")
    vodix = make_org("Vodix")
    clock.freeze(TUESDAY_14)
    for number in range(6):
        report = ComplaintReport(
            reporter=Reporter(f"Klager {number}", f"klager{number}@school.example"),
            participant_id=vodix.id,
            title="Geen antwoord op ons verzoek",
            description="Al weken geen reactie.",
            occurred_on=TUESDAY_14.date(),
            raised_with_participant=True,
            contact_shared=number % 2 == 0,
        )
        file_complaint(report)
    db.session.commit()
    with counted_statements() as statements:
        run_sweep(TUESDAY_14 + timedelta(days=120))
    consent_reads = [s for s in statements if "FROM complaint_details" in s]
    party_reads = [s for s in statements if "FROM case_parties" in s]
    # One read for the whole batch: read case by case, each read would first flush the pending rows.
    assert len(consent_reads) == 1 and len(party_reads) == 1
    db.session.commit()
    breached = db.session.scalar(
        select(func.count()).select_from(TimelineEvent).where(TimelineEvent.kind == "deadline_breached")
    )
    assert breached >= 6
