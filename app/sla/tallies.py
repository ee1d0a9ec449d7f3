"""The SLA dashboard's counts, kept in step with every transaction that moves a clock (table sla_tallies).

Counting a million cases' clocks on each view of the dashboard took seconds. Instead, a
transaction that changes a clock's state, or a subject's type or openness, notes the subjects it
touches; their clocks are counted just before its first change (under the subject's row lock, so
two writers of one subject take turns) and again just before it commits, and the difference is
added to the tallies in the same commit. Both counts go through `contributions`, which `recount`
also uses to count a whole desk (a migration, `flask sla recount` after a bulk load).
"""

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from itertools import chain

from sqlalchemy import BindParameter, Insert, Select, and_, bindparam, delete, event, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import PASSIVE_NO_INITIALIZE, get_history

from app import clock
from app.db_setup import upsert
from app.sla.admin import SubjectSource, sources
from app.sla.clocks import state_of
from app.sla.models import Deadline, SlaTally

OPEN = "open"  # the bucket of clocks still counting on an open subject
# A clock's columns whose change can move it to another cell (a new due moment cannot).
DEADLINE_FIELDS = ("met_at", "breached_at", "paused_since", "warned_at")
# The open cell of running clocks the sweep has warned about: past their warning point, not yet breached.
AT_RISK = "at_risk"
CHUNK = 500  # subjects per statement: SQLite allows a limited number of bound parameters
KEY = ("bucket", "outcome", "subject_type", "case_type", "kind")
_PENDING = "sla_tallies"  # the key of the open transaction's notes in Session.info

Cell = tuple[str, str, str, str, str]  # the values of KEY


def month_key(moment: datetime) -> str:
    """The local month a moment falls in, as the tallies name it ("2026-03")."""
    return clock.local(moment).strftime("%Y-%m")


def _cells(subject_type: str, rows: Iterable) -> Iterator[Cell]:
    for case_type, is_open, kind, met_at, breached_at, paused_since, warned_at in rows:
        if is_open and met_at is None:
            state = state_of(met_at, breached_at, paused_since)
            yield (OPEN, state, subject_type, case_type, kind)
            if state == "running" and warned_at is not None:
                yield (OPEN, AT_RISK, subject_type, case_type, kind)
        ended = breached_at if breached_at is not None else met_at
        if ended is not None:
            # A clock ends in the month it is breached, or in the month it is met when never breached.
            outcome = "breached" if breached_at is not None else "met"
            yield (month_key(ended), outcome, subject_type, case_type, kind)


def _clock_rows(subject_type: str, source: SubjectSource, ids: BindParameter | None = None) -> Select:
    """The clocks of the subject type (of the subjects `ids` names) with their subject's case type and openness."""
    subjects = source.rows().subquery()
    query = (
        select(
            subjects.c.case_type,
            subjects.c.is_open,
            Deadline.kind,
            Deadline.met_at,
            Deadline.breached_at,
            Deadline.paused_since,
            Deadline.warned_at,
        )
        .select_from(Deadline)
        .join(subjects, and_(Deadline.subject_type == subject_type, Deadline.subject_id == subjects.c.id))
    )
    return query if ids is None else query.where(subjects.c.id.in_(ids))


# Built once per subject type: every commit that touched a clock runs one (building it cost more
# than running it).
_subjects_clocks: dict[str, tuple[SubjectSource, Select]] = {}


def _clocks_of_subjects(subject_type: str) -> Select:
    source = sources()[subject_type]
    built = _subjects_clocks.get(subject_type)
    if built is None or built[0] is not source:
        built = (source, _clock_rows(subject_type, source, bindparam("ids", expanding=True)))
        _subjects_clocks[subject_type] = built
    return built[1]


def contributions(session: Session, subject_type: str, ids: Iterable[int]) -> Counter:
    """The cells the clocks of these subjects stand in, as the database has them now."""
    query = _clocks_of_subjects(subject_type)
    counted: Counter = Counter()
    ids = sorted(ids)
    for low in range(0, len(ids), CHUNK):
        counted.update(_cells(subject_type, session.execute(query, {"ids": ids[low : low + CHUNK]})))
    return counted


def recount(session: Session) -> int:
    """Counts every clock of the desk afresh into the tallies; returns the number of cells."""
    counted: Counter = Counter()
    for subject_type, source in sources().items():
        rows = session.execute(_clock_rows(subject_type, source).execution_options(yield_per=10_000))
        counted.update(_cells(subject_type, rows))
    session.execute(delete(SlaTally))
    _add(session, counted)
    return len(counted)


_upserts: dict[str, Insert] = {}  # per database dialect, built once


def _upsert(session: Session) -> Insert:
    dialect = session.get_bind().dialect.name
    if dialect not in _upserts:
        table = SlaTally.__table__
        statement = upsert(table, session.connection()).values({name: bindparam(name) for name in (*KEY, "count")})
        added = {"count": table.c.count + statement.excluded.count}
        _upserts[dialect] = statement.on_conflict_do_update(index_elements=list(KEY), set_=added)
    return _upserts[dialect]


def _add(session: Session, delta: Counter) -> None:
    # In key order, so two transactions adding to the same cells never wait on each other in a circle.
    values = [dict(zip(KEY, cell, strict=True), count=count) for cell, count in sorted(delta.items()) if count]
    if values:
        session.execute(_upsert(session), values)


# -- the transaction's notes ---------------------------------------------------------------------


@dataclass
class _Pending:
    """The subjects this transaction touched, and what their clocks counted before it touched them."""

    touched: dict[str, set[int]] = field(default_factory=dict)
    before: Counter = field(default_factory=Counter)


def _pending(session: Session) -> _Pending:
    return session.info.setdefault(_PENDING, _Pending())


def _changed(instance, names: tuple[str, ...]) -> bool:
    # Straight to each attribute's history, loading nothing: inspect(instance).attrs would first
    # build a view of every attribute of the row (the sweep asks this of a thousand clocks).
    return any(get_history(instance, name, PASSIVE_NO_INITIALIZE).has_changes() for name in names)


def _subject_types() -> dict[type, tuple[str, SubjectSource]]:
    """The subject type and source of each subject model."""
    return {source.model: (subject_type, source) for subject_type, source in sources().items()}


def _touched_before_flush(session: Session) -> dict[str, set[int]]:
    """The stored subjects whose clocks this flush may move to another cell."""
    by_model = _subject_types()
    found: dict[str, set[int]] = {}
    for instance in chain(session.new, session.dirty, session.deleted):
        if isinstance(instance, Deadline):
            if instance in session.new or instance in session.deleted or _changed(instance, DEADLINE_FIELDS):
                found.setdefault(instance.subject_type, set()).add(instance.subject_id)
        elif type(instance) in by_model and instance not in session.new:
            subject_type, source = by_model[type(instance)]
            if instance in session.deleted or _changed(instance, source.watched):
                found.setdefault(subject_type, set()).add(instance.id)
    return found


def _before_flush(session: Session, _context, _instances) -> None:
    if not sources():
        return
    pending = _pending(session)
    for subject_type, ids in _touched_before_flush(session).items():
        fresh = ids - pending.touched.setdefault(subject_type, set())
        if not fresh:
            continue
        model = sources()[subject_type].model
        # Another writer of these subjects finishes first, so what is counted here includes its change.
        session.execute(select(model.id).where(model.id.in_(sorted(fresh))).order_by(model.id).with_for_update())
        pending.before.update(contributions(session, subject_type, fresh))
        pending.touched[subject_type] |= fresh


def _after_flush(session: Session, _context) -> None:
    """New subjects had no clocks before this transaction: they are counted at its commit only."""
    by_model = _subject_types()
    for instance in session.new:
        if type(instance) in by_model:
            subject_type, _source = by_model[type(instance)]
            _pending(session).touched.setdefault(subject_type, set()).add(instance.id)


def settle(session: Session) -> None:
    """Adds what this transaction changed to the tallies: its commit does this just before it ends."""
    session.flush()
    pending = session.info.pop(_PENDING, None)
    if pending is None or not pending.touched:
        return
    delta: Counter = Counter()
    for subject_type, ids in pending.touched.items():
        delta.update(contributions(session, subject_type, ids))
    delta.subtract(pending.before)
    _add(session, delta)


def _before_commit(session: Session) -> None:
    if not session.in_nested_transaction():  # a savepoint's commit leaves the counting to the outer one
        settle(session)


def _after_transaction_end(session: Session, transaction) -> None:
    if transaction.parent is None:
        session.info.pop(_PENDING, None)  # a rollback: nothing it touched was stored


def install() -> None:
    """Keeps the tallies in step in every session (called once, when the app is created)."""
    for name, listener in (
        ("before_flush", _before_flush),
        ("after_flush", _after_flush),
        ("before_commit", _before_commit),
        ("after_transaction_end", _after_transaction_end),
    ):
        if not event.contains(Session, name, listener):
            event.listen(Session, name, listener)
