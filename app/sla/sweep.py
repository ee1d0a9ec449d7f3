"""The deadline sweep: acts on clocks whose next moment has come; running it twice sends nothing twice."""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm.attributes import flag_modified

from app import clock
from app.extensions import db
from app.sla import services
from app.sla.models import Deadline


@dataclass(frozen=True)
class DueEvent:
    """Something a clock owes: a "reminder" (its `number`, from 1), a "warn" or a "breach"."""

    deadline: Deadline
    kind: str
    number: int = 0


# What the sweep may change on a clock. Each examined clock writes all of them, changed or not: the
# ORM sends rows with the same columns in one batch, and clocks owing different events (a warning,
# a breach, a reminder) would otherwise alternate in id order and go one statement each.
STAMPED = ("warned_at", "breached_at", "reminders_sent", "due_at", "warn_at", "next_check_at")

# A handler gets the events of one batch for its subject type, stamped and in order, plus the
# sweep's time: all at once, so it loads what it needs (cases, recipients) once per batch.
Handler = Callable[[list[DueEvent], datetime], None]
_handlers: dict[str, Handler] = {}


def register_handler(subject_type: str, handler: Handler) -> None:
    """The domain that owns a subject type says what a warning or a breach means for it."""
    _handlers[subject_type] = handler


@dataclass
class SweepReport:
    examined: int = 0
    events: dict[str, int] = field(default_factory=dict)

    def count(self, event: str, times: int = 1) -> None:
        self.events[event] = self.events.get(event, 0) + times

    def add(self, other: "SweepReport") -> None:
        self.examined += other.examined
        for event, times in other.events.items():
            self.count(event, times)


def due_events(deadline: Deadline, now: datetime, calendar) -> list[str]:
    """What the clock owes at `now`, in the order it happened."""
    if deadline.met_at is not None or deadline.paused_since is not None:
        return []
    events = []
    reminders = services.reminder_moments(deadline, calendar)
    for moment in reminders[deadline.reminders_sent :]:
        if moment <= now:
            events.append("reminder")
    # A clock found already past due skips its warning: the breach says more.
    if deadline.warned_at is None and deadline.warn_at <= now < deadline.due_at:
        events.append("warn")
    if deadline.breached_at is None and deadline.due_at <= now:
        events.append("breach")
    return events


def _stamp(deadline: Deadline, event: str, now: datetime) -> DueEvent:
    if event == "reminder":
        deadline.reminders_sent += 1
        return DueEvent(deadline, event, deadline.reminders_sent)
    if event == "warn":
        deadline.warned_at = now
    else:
        deadline.breached_at = now
        deadline.warned_at = deadline.warned_at or now
    return DueEvent(deadline, event)


def run_sweep(now: datetime | None = None, batch: int = 1000) -> SweepReport:
    """One batch; the caller commits, so the stamps and the notifications land together or not at all."""
    now = now or clock.now()
    calendar = services.current_calendar()
    report = SweepReport()
    # Only rows whose next moment has come, by the next_check_at index: the cost follows the due
    # clocks, not the open ones. SKIP LOCKED leaves rows another transaction is changing.
    query = (
        select(Deadline)
        .where(Deadline.next_check_at <= now)
        .order_by(Deadline.next_check_at, Deadline.id)
        .limit(batch)
        .with_for_update(skip_locked=True)
    )
    owed: dict[str, list[DueEvent]] = {}
    for deadline in db.session.scalars(query):
        report.examined += 1
        for event in due_events(deadline, now, calendar):
            owed.setdefault(deadline.subject_type, []).append(_stamp(deadline, event, now))
            report.count(event)
        services.refresh(deadline, calendar)
        for name in STAMPED:
            flag_modified(deadline, name)
    for subject_type, events in owed.items():
        handler = _handlers.get(subject_type)
        if handler is not None:
            handler(events, now)
    db.session.flush()
    return report


def sweep_until_done(now: datetime, batch: int, commit: Callable[[], None]) -> SweepReport:
    """Batches until nothing is due at `now`, committing after each (the scheduler passes its commit).

    A process killed in the middle loses only its open batch, stamps and mails together; whoever
    sweeps next finds those clocks still due. Each batch leaves its clocks' next check after `now`,
    so the loop ends.
    """
    if batch < 1:
        raise ValueError("A sweep batch holds at least one clock.")
    total = SweepReport()
    while True:
        report = run_sweep(now, batch)
        commit()
        total.add(report)
        if report.examined < batch:
            return total
