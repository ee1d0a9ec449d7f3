"""Deadline rows: start, stop, pause and resume clocks, and keep their next check in step."""

from datetime import datetime
from typing import NamedTuple

from sqlalchemy import literal, select, true

from app import clock
from app.extensions import db
from app.sla import clocks
from app.sla.calendar import BusinessCalendar
from app.sla.clocks import Basis, ClockSpec
from app.sla.models import Deadline
from app.sla.policy_models import CalendarSettings, ClosureDay


def current_calendar() -> BusinessCalendar:
    """The foundation's business calendar: its stored hours and closure days over the defaults
    (Europe/Amsterdam, 09:00-17:00, Dutch public holidays)."""
    # One read for both: the stored hours (at most one row) next to every closure day, or to none.
    anchor = select(literal(1).label("one")).subquery()
    rows = db.session.execute(
        select(CalendarSettings.day_start, CalendarSettings.day_end, ClosureDay.day)
        .select_from(anchor)
        .outerjoin(CalendarSettings, CalendarSettings.id == CalendarSettings.SINGLETON)
        .outerjoin(ClosureDay, true())
    ).all()
    day_start, day_end, _day = rows[0]
    hours = {} if day_start is None else {"day_start": day_start, "day_end": day_end}
    # Past closure days stay: clocks that ran across them were counted without them.
    return BusinessCalendar(closure_days=frozenset(day for *_hours, day in rows if day is not None), **hours)


def spec_of(deadline: Deadline) -> ClockSpec:
    return ClockSpec(
        kind=deadline.kind,
        basis=Basis(deadline.basis),
        amount=deadline.amount,
        warn_fraction=deadline.warn_fraction,
        reminders=tuple(deadline.reminders or ()),
    )


def reminder_moments(deadline: Deadline, calendar: BusinessCalendar) -> tuple[datetime, ...]:
    return clocks.reminders_at(spec_of(deadline), deadline.started_at, deadline.paused_seconds, calendar)


def refresh(deadline: Deadline, calendar: BusinessCalendar | None = None) -> None:
    """Recomputes due, warn and the next moment the sweep must look at this clock."""
    calendar = calendar or current_calendar()
    spec = spec_of(deadline)
    deadline.due_at = clocks.due_at(spec, deadline.started_at, deadline.paused_seconds, calendar)
    deadline.warn_at = clocks.warn_at(spec, deadline.started_at, deadline.paused_seconds, calendar)
    if deadline.met_at is not None or deadline.paused_since is not None:
        deadline.next_check_at = None
        return
    moments = []
    if deadline.warned_at is None:
        moments.append(deadline.warn_at)
    if deadline.breached_at is None:
        moments.append(deadline.due_at)
    reminders = reminder_moments(deadline, calendar)
    if deadline.reminders_sent < len(reminders):
        moments.append(reminders[deadline.reminders_sent])
    deadline.next_check_at = min(moments) if moments else None


def start(
    subject_type: str,
    subject_id: int,
    spec: ClockSpec,
    started_at: datetime,
    calendar: BusinessCalendar | None = None,
) -> Deadline:
    deadline = Deadline(
        subject_type=subject_type,
        subject_id=subject_id,
        kind=spec.kind,
        basis=spec.basis.value,
        amount=spec.amount,
        warn_fraction=spec.warn_fraction,
        reminders=list(spec.reminders),
        started_at=started_at,
        paused_seconds=0,
        reminders_sent=0,
    )
    refresh(deadline, calendar)
    db.session.add(deadline)
    return deadline


def for_subject(subject_type: str, subject_id: int) -> list[Deadline]:
    return for_subjects(subject_type, [subject_id])[subject_id]


def for_subjects(subject_type: str, subject_ids: list[int]) -> dict[int, list[Deadline]]:
    """Per subject id, its clocks earliest due first, in one query for all of them."""
    found: dict[int, list[Deadline]] = {subject_id: [] for subject_id in subject_ids}
    if subject_ids:
        clocks = db.session.scalars(
            select(Deadline)
            .where(Deadline.subject_type == subject_type, Deadline.subject_id.in_(subject_ids))
            .order_by(Deadline.due_at, Deadline.id)
        )
        for deadline in clocks:
            found[deadline.subject_id].append(deadline)
    return found


class ShownClock(NamedTuple):
    """What a page or the API shows of a clock: its kind, due moment and state, read as a plain row."""

    id: int
    subject_id: int
    kind: str
    due_at: datetime
    met_at: datetime | None
    breached_at: datetime | None
    paused_since: datetime | None

    @property
    def state(self) -> str:
        return clocks.state_of(self.met_at, self.breached_at, self.paused_since)


def shown_for_subjects(subject_type: str, subject_ids: list[int]) -> dict[int, list[ShownClock]]:
    """Per subject id, its clocks as shown, earliest due first, in one query for all of them.

    Plain rows of the shown columns, not Deadline objects: a page of the API list shows 200 clocks,
    and building them as objects took 6.4 ms against 2.5 for these (measured 2026-12-04).
    """
    found: dict[int, list[ShownClock]] = {subject_id: [] for subject_id in subject_ids}
    if subject_ids:
        rows = db.session.execute(
            select(*(getattr(Deadline, name) for name in ShownClock._fields))
            .where(Deadline.subject_type == subject_type, Deadline.subject_id.in_(subject_ids))
            .order_by(Deadline.due_at, Deadline.id)
        )
        for row in rows:
            found[row.subject_id].append(ShownClock(*row))
    return found


def meet(subject_type: str, subject_id: int, kind: str, at: datetime | None = None) -> list[Deadline]:
    """Stops the subject's running clocks of that kind as met."""
    calendar = current_calendar()
    stopped = []
    for deadline in for_subject(subject_type, subject_id):
        if deadline.kind == kind and deadline.met_at is None:
            deadline.met_at = at or clock.now()
            refresh(deadline, calendar)
            stopped.append(deadline)
    db.session.flush()
    return stopped


def extend(subject_type: str, subject_id: int, kind: str, extra_amount: int) -> list[Deadline]:
    """Lengthens the subject's unmet clocks of that kind by `extra_amount` in their own basis."""
    if extra_amount <= 0:
        raise ValueError("An extension must be positive.")
    extended = []
    for deadline in for_subject(subject_type, subject_id):
        if deadline.kind == kind and deadline.met_at is None:
            deadline.amount += extra_amount
            refresh(deadline)
            extended.append(deadline)
    db.session.flush()
    return extended


def nearest_open_due(deadlines: list[Deadline]) -> datetime | None:
    """The earliest due moment among clocks still running (for the queue order)."""
    running = [d.due_at for d in deadlines if d.met_at is None and d.paused_since is None]
    return min(running) if running else None


def pause(subject_type: str, subject_id: int, kinds: tuple[str, ...], at: datetime | None = None) -> list[Deadline]:
    """Stops the given running clocks from counting (waiting on a party); the sweep skips them."""
    at = at or clock.now()
    calendar = current_calendar()
    paused = []
    for deadline in for_subject(subject_type, subject_id):
        if deadline.kind in kinds and deadline.state == "running":
            deadline.paused_since = at
            refresh(deadline, calendar)
            paused.append(deadline)
    db.session.flush()
    return paused


def resume(subject_type: str, subject_id: int, at: datetime | None = None) -> list[Deadline]:
    """Counts again from `at`; the paused stretch, in the clock's own basis, moves the deadline on."""
    at = at or clock.now()
    calendar = current_calendar()
    resumed = []
    for deadline in for_subject(subject_type, subject_id):
        if deadline.paused_since is None or deadline.met_at is not None:
            continue
        since = max(deadline.paused_since, deadline.started_at)
        deadline.paused_seconds += clocks.paused_amount(spec_of(deadline), since, at, calendar)
        deadline.paused_since = None
        refresh(deadline, calendar)
        resumed.append(deadline)
    db.session.flush()
    return resumed
