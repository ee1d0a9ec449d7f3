"""The deadline sweep: acts on clocks whose next moment has come; running it twice sends nothing twice."""
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select

from app import clock
from app.extensions import db
from app.sla import services
from app.sla.models import Deadline

# A handler gets the clock, what happened ("warn", "breach", "reminder") and the sweep's time.
Handler = Callable[[Deadline, str, datetime], None]
_handlers: dict[str, Handler] = {}


def register_handler(subject_type: str, handler: Handler) -> None:
    """The domain that owns a subject type says what a warning or a breach means for it."""
    _handlers[subject_type] = handler


@dataclass
class SweepReport:
    examined: int = 0
    events: dict[str, int] = field(default_factory=dict)

    def count(self, event: str) -> None:
        self.events[event] = self.events.get(event, 0) + 1


def due_events(deadline: Deadline, now: datetime, calendar) -> list[str]:
    """What the clock owes at `now`, in the order it happened."""
    if deadline.met_at is not None or deadline.paused_since is not None:
        return []
    events = []
    reminders = services.reminder_moments(deadline, calendar)
    for moment in reminders[deadline.reminders_sent:]:
        if moment <= now:
            events.append("reminder")
    # A clock found already past due skips its warning: the breach says more.
    if deadline.warned_at is None and deadline.warn_at <= now < deadline.due_at:
        events.append("warn")
    if deadline.breached_at is None and deadline.due_at <= now:
        events.append("breach")
    return events


def run_sweep(now: datetime | None = None, batch: int = 1000) -> SweepReport:
    """One pass; the caller commits, so the stamps and the notifications land together or not at all."""
    now = now or clock.now()
    calendar = services.current_calendar()
    report = SweepReport()
    # Only rows whose next moment has come: the cost follows the due clocks, not the open ones.
    query = (
        select(Deadline)
        .where(Deadline.next_check_at <= now)
        .order_by(Deadline.next_check_at, Deadline.id)
        .limit(batch)
        .with_for_update(skip_locked=True)
    )
    for deadline in db.session.scalars(query):
        report.examined += 1
        handler = _handlers.get(deadline.subject_type)
        for event in due_events(deadline, now, calendar):
            if event == "reminder":
                deadline.reminders_sent += 1
            elif event == "warn":
                deadline.warned_at = now
            else:
                deadline.breached_at = now
                deadline.warned_at = deadline.warned_at or now
            if handler is not None:
                handler(deadline, event, now)
            report.count(event)
        services.refresh(deadline, calendar)
    db.session.flush()
    return report
