"""Pausing a stored clock while waiting on a party, and resuming it."""

from datetime import UTC, datetime, timedelta

from app.extensions import db
from app.sla import clocks, services
from app.sla.clocks import Basis, ClockSpec

MONDAY_10 = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)  # 10:00 in Amsterdam


def test_business_clock_moves_by_the_business_time_spent_waiting(app):
    spec = ClockSpec("resolution", Basis.BUSINESS, 3 * clocks.BUSINESS_DAY)
    deadline = services.start("case", 1, spec, MONDAY_10)
    db.session.flush()
    due_before = deadline.due_at
    services.pause("case", 1, ("resolution",), MONDAY_10 + timedelta(hours=2))
    assert deadline.state == "paused" and deadline.next_check_at is None
    # Waiting from Monday 12:00 to Tuesday 12:00 Amsterdam time: 8 business hours.
    services.resume("case", 1, MONDAY_10 + timedelta(hours=26))
    assert deadline.state == "running"
    assert deadline.paused_seconds == 8 * 3600
    assert deadline.due_at - due_before == timedelta(days=1)


def test_only_the_named_clocks_pause(app):
    services.start("case", 2, ClockSpec("resolution", Basis.BUSINESS, 8 * 3600), MONDAY_10)
    services.start("case", 2, ClockSpec("ap_notification", Basis.CALENDAR, 72 * 3600), MONDAY_10)
    db.session.flush()
    services.pause("case", 2, ("resolution",), MONDAY_10)
    states = {d.kind: d.state for d in services.for_subject("case", 2)}
    assert states == {"resolution": "paused", "ap_notification": "running"}


def test_the_shown_clocks_of_many_subjects_are_their_rows_in_due_order(app):
    services.start("case", 3, ClockSpec("resolution", Basis.BUSINESS, 2 * clocks.BUSINESS_DAY), MONDAY_10)
    services.start("case", 3, ClockSpec("ap_notification", Basis.CALENDAR, 72 * 3600), MONDAY_10)
    services.start("case", 4, ClockSpec("resolution", Basis.BUSINESS, 8 * 3600), MONDAY_10)
    db.session.flush()
    services.pause("case", 3, ("resolution",), MONDAY_10 + timedelta(hours=1))
    services.meet("case", 4, "resolution", MONDAY_10 + timedelta(hours=2))

    shown = services.shown_for_subjects("case", [3, 4, 5])

    for subject in (3, 4):
        rows = services.for_subject("case", subject)
        assert [(c.id, c.kind, c.due_at, c.state) for c in shown[subject]] == [
            (d.id, d.kind, d.due_at, d.state) for d in rows
        ]
    # Two business days end on Wednesday, the 72 hours on Thursday.
    assert [(c.kind, c.state) for c in shown[3]] == [("resolution", "paused"), ("ap_notification", "running")]
    assert [c.state for c in shown[4]] == ["met"]
    assert shown[5] == []
