"""The foundation's clock policies and business calendar over the defaults, and their effect on open clocks."""

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, time

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, and_, select
from sqlalchemy.exc import IntegrityError

from app import clock
from app.errors_domain import Conflict, DomainError, NotFound
from app.extensions import db
from app.sla import clocks, services
from app.sla.clocks import HOUR, Basis, ClockSpec
from app.sla.models import Deadline
from app.sla.policy_models import CalendarSettings, ClosureDay, SlaPolicy

MAX_HOURS = 366 * 24  # a clock lasts at most about a year: beyond that the arithmetic is meaningless
MAX_WEEKS = 52
REASON_MAX = ClosureDay.__table__.c.reason.type.length
PolicyKey = tuple[str, str | None]


# -- the subjects' owners ---------------------------------------------------------------------


@dataclass(frozen=True)
class SubjectSource:
    """What the domain owning a subject type tells `sla`, which never imports that domain.

    `rows()` selects one row per subject with the columns id, case_type and variant (its policy
    key), label, is_open; `url(label)` is its staff page; `resync(ids, cause, actor)` runs after
    the deadlines of those subjects moved because of a "policy" or "calendar" change.
    `kind_aliases` maps a policy clock's kind to the kind its deadline rows carry, where they
    differ (a measure's "response" policy runs as the measure's own "measure" clock).
    `model` is the subject's mapped class and `watched` the attributes that decide its row's
    case_type and is_open: when one changes, app/sla/tallies.py counts the subject's clocks again.
    """

    rows: Callable[[], Select]
    url: Callable[[str], str]
    resync: Callable[[list[int], str, object], None]
    model: type
    watched: tuple[str, ...]
    kind_aliases: dict[str, str] = field(default_factory=dict)


_sources: dict[str, SubjectSource] = {}


def register_subjects(subject_type: str, source: SubjectSource) -> None:
    _sources[subject_type] = source


def sources() -> dict[str, SubjectSource]:
    return dict(_sources)


# -- effective policies -----------------------------------------------------------------------


@dataclass(frozen=True)
class PolicyRow:
    case_type: str
    variant: str | None
    default: ClockSpec
    effective: ClockSpec

    @property
    def kind(self) -> str:
        return self.default.kind

    @property
    def changed(self) -> bool:
        return self.effective != self.default


def _overrides() -> dict[tuple[str, str | None, str], SlaPolicy]:
    return {(row.case_type, row.variant or None, row.kind): row for row in db.session.scalars(select(SlaPolicy))}


def _apply(key: PolicyKey, spec: ClockSpec, overrides: dict) -> ClockSpec:
    row = overrides.get((*key, spec.kind))
    if row is None:
        return spec
    return replace(spec, basis=Basis(row.basis), amount=row.amount, warn_fraction=row.warn_fraction)


def effective_clocks(case_type: str, variant: str | None = None) -> tuple[ClockSpec, ...]:
    """The clocks to start on intake, as the foundation set them (clocks.default_clocks underneath)."""
    key, overrides = clocks.policy_key(case_type, variant), _overrides()
    return tuple(_apply(key, spec, overrides) for spec in clocks.default_clocks(case_type, variant))


def effective_clock(case_type: str, kind: str, variant: str | None = None) -> ClockSpec:
    """One clock of a policy as the foundation set it (for the steps that start it later)."""
    key = clocks.policy_key(case_type, variant)
    return _apply(key, clocks.policy_clock(case_type, kind, variant), _overrides())


def policy_rows() -> list[PolicyRow]:
    """Every clock of every policy, in the order of clocks.DEFAULT_POLICIES."""
    overrides = _overrides()
    return [
        PolicyRow(key[0], key[1], spec, _apply(key, spec, overrides))
        for key, specs in clocks.DEFAULT_POLICIES.items()
        for spec in specs
    ]


def find_policy(case_type: str, variant: str | None, kind: str) -> PolicyRow:
    for row in policy_rows():
        if (row.case_type, row.variant, row.kind) == (case_type, variant, kind):
            return row
    raise NotFound(_l("There is no such clock policy."))


def amount_in_units(spec: ClockSpec) -> int:
    """What the policy form shows: whole weeks for week terms, else hours."""
    return spec.amount if spec.basis is Basis.WEEKS else spec.amount // HOUR


def update_policy(
    case_type: str,
    variant: str | None,
    kind: str,
    *,
    basis: str,
    amount: int | None,
    warn_percent: int | None,
    actor=None,
) -> PolicyRow:
    """Sets one clock of a policy (amount in hours, or weeks for a week term) and moves the open
    clocks that follow it; a clock adjusted on its own (an extension) keeps its length."""
    row = find_policy(case_type, variant, kind)
    spec = _checked_spec(row.default, basis, amount, warn_percent)
    stored = db.session.scalar(
        select(SlaPolicy).where(
            SlaPolicy.case_type == case_type, SlaPolicy.variant == (variant or ""), SlaPolicy.kind == kind
        )
    )
    if spec == row.default:
        if stored is not None:  # back to the default: no row, so later changes in code apply again
            db.session.delete(stored)
    else:
        if stored is None:
            stored = SlaPolicy(case_type=case_type, variant=variant or "", kind=kind)
            db.session.add(stored)
        stored.basis, stored.amount, stored.warn_fraction = spec.basis.value, spec.amount, spec.warn_fraction
        stored.updated_at, stored.updated_by_id = clock.now(), getattr(actor, "id", None)
    try:
        with db.session.begin_nested():
            db.session.flush()
    except IntegrityError:
        # Another coordinator saved the same clock at the same moment: theirs stands.
        raise Conflict(
            _l("Someone else changed this clock at the same moment. Reload the page and try again."), field="amount"
        ) from None
    if spec != row.effective:
        _recompute("policy", actor, (case_type, variant, row.effective, spec))
    return replace(row, effective=spec)


def _checked_spec(default: ClockSpec, basis: str, amount: int | None, warn_percent: int | None) -> ClockSpec:
    try:
        basis = Basis(basis)
    except ValueError:
        raise DomainError(_l("Choose how the clock counts."), field="basis") from None
    if amount is None or amount <= 0:
        raise DomainError(_l("A clock must last longer than zero: enter a positive number."), field="amount")
    if amount > (MAX_WEEKS if basis is Basis.WEEKS else MAX_HOURS):
        raise DomainError(_l("A clock lasts at most a year."), field="amount")
    if warn_percent is None or not 0 < warn_percent < 100:
        raise DomainError(_l("The warning comes between 1 and 99 percent of the clock."), field="warn_percent")
    seconds = amount if basis is Basis.WEEKS else amount * HOUR
    # Only the AP clock has reminders, and it is no policy: ClockSpec's other rules are checked above.
    return replace(default, basis=basis, amount=seconds, warn_fraction=warn_percent / 100)


# -- the calendar -----------------------------------------------------------------------------


def closure_days() -> list[ClosureDay]:
    return list(db.session.scalars(select(ClosureDay).order_by(ClosureDay.day)))


def _today() -> date:
    return clock.local(clock.now()).date()


def update_hours(day_start: time | None, day_end: time | None, actor=None) -> None:
    """Sets the opening hours and moves every open clock; business clocks keep their seconds."""
    if day_start is None:
        raise DomainError(_l("Enter the time the desk opens."), field="day_start")
    if day_end is None:
        raise DomainError(_l("Enter the time the desk closes."), field="day_end")
    if day_start >= day_end:
        raise DomainError(_l("The desk must open before it closes."), field="day_end")
    settings = db.session.get(CalendarSettings, CalendarSettings.SINGLETON)
    if settings is None:
        settings = CalendarSettings(id=CalendarSettings.SINGLETON)
        db.session.add(settings)
    if (settings.day_start, settings.day_end) == (day_start, day_end):
        return
    settings.day_start, settings.day_end = day_start, day_end
    settings.updated_at, settings.updated_by_id = clock.now(), getattr(actor, "id", None)
    db.session.flush()
    _recompute("calendar", actor)


def add_closure_day(day: date | None, reason: str | None, actor=None) -> ClosureDay:
    """Closes the desk on a future day (or today); a day in the past would rewrite history."""
    if day is None:
        raise DomainError(_l("Enter the date of the closure day."), field="day")
    if day < _today():
        raise DomainError(_l("A closure day cannot lie in the past."), field="day")
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_l("Say why the desk is closed that day."), field="reason")
    if len(reason) > REASON_MAX:
        raise DomainError(_l("Keep the reason to %(max)s characters.", max=REASON_MAX), field="reason")
    if db.session.scalar(select(ClosureDay.id).where(ClosureDay.day == day)) is not None:
        raise Conflict(_l("This day already is a closure day."), field="day")
    if not services.current_calendar().is_business_day(day):
        raise DomainError(_l("The desk is already closed on this day (a weekend or public holiday)."), field="day")
    closure = ClosureDay(day=day, reason=reason, created_by_id=getattr(actor, "id", None))
    db.session.add(closure)
    db.session.flush()
    _recompute("calendar", actor)
    return closure


def remove_closure_day(closure_id: int, actor=None) -> None:
    closure = db.session.get(ClosureDay, closure_id)
    if closure is None:
        raise NotFound(_l("There is no such closure day."))
    if closure.day < _today():
        raise Conflict(_l("A closure day in the past stays: clocks have already been counted with it."))
    db.session.delete(closure)
    db.session.flush()
    _recompute("calendar", actor)


# -- applying a change to the open clocks -----------------------------------------------------


def _recompute(cause: str, actor, policy: tuple[str, str | None, ClockSpec, ClockSpec] | None = None) -> None:
    """Recomputes due, warn and next check of the open subjects' running clocks.

    Stamps (warned, breached, met) stay, and so does the paused time already accrued: only the
    moments derived from the spec and the calendar move. For a policy change only the clocks of
    that policy that still have its old spec take the new one.
    """
    calendar = services.current_calendar()
    for subject_type, source in _sources.items():
        subjects = source.rows().subquery()
        query = (
            select(Deadline, subjects.c.case_type, subjects.c.variant)
            .join(subjects, and_(Deadline.subject_type == subject_type, Deadline.subject_id == subjects.c.id))
            .where(subjects.c.is_open, Deadline.met_at.is_(None))
            .order_by(Deadline.id)
            .with_for_update(of=Deadline)  # the sweep must not stamp a row we are moving
        )
        if policy is not None:
            kind = source.kind_aliases.get(policy[2].kind, policy[2].kind)
            query = query.where(subjects.c.case_type == policy[0], Deadline.kind == kind)
        moved = set()
        for deadline, case_type, variant in db.session.execute(query):
            if policy is not None and not _follows(deadline, case_type, variant, policy):
                continue
            before = (deadline.due_at, deadline.warn_at)
            if policy is not None:
                new = policy[3]  # the row keeps its own kind (see kind_aliases)
                deadline.basis, deadline.amount, deadline.warn_fraction = new.basis.value, new.amount, new.warn_fraction
            services.refresh(deadline, calendar)
            if (deadline.due_at, deadline.warn_at) != before:
                moved.add(deadline.subject_id)
        db.session.flush()
        if moved:
            source.resync(sorted(moved), cause, actor)


def _follows(deadline: Deadline, case_type: str, variant: str | None, policy) -> bool:
    """Whether the clock was started from the policy as it was before the change."""
    try:
        key = clocks.policy_key(case_type, variant)
    except ValueError:
        return False
    # Compared without the kind: a row may carry its source's alias of the policy's kind.
    return key == policy[:2] and services.spec_of(deadline) == replace(policy[2], kind=deadline.kind)
