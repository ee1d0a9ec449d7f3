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
