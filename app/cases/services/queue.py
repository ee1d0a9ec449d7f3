"""The staff queue: cases ordered by nearest deadline, with filters, search and keyset paging."""

import base64
import binascii
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import and_, exists, func, literal, literal_column, or_, select
from sqlalchemy.orm import defer, selectinload
from sqlalchemy.sql import operators
from sqlalchemy.sql.elements import UnaryExpression

from app import clock, db_setup
from app.auth.models import STAFF_ROLES, User
from app.bounds import whole_number
from app.cases.models import (
    CASE_TYPES,
    INCIDENT_CATEGORIES,
    OPEN_STATUSES,
    PARTY_ROLES,
    REFERENCE_PREFIXES,
    STATUSES,
    Attachment,
    Case,
    CaseParty,
)
from app.cases.services.case_records import SUBJECT
from app.db_setup import text_search
from app.dbtypes import UTCDateTime
from app.extensions import db
from app.sla.models import Deadline

DEFAULT_LIMIT = 50
MAX_LIMIT = 100
ALL = "all"
OPEN = "open"
# Every case type's reference (INC-, KLA-, GES-, BEZ-2026-00042), so each can be looked up.
REFERENCE = re.compile(rf"({'|'.join(REFERENCE_PREFIXES.values())})-\d{{4}}-\d{{5,}}")
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_CURSOR = re.compile(r"(-?\d{1,20}|~):(\d{1,18})")


@dataclass(frozen=True)
class QueueFilters:
    """What the queue shows. `status` None (or "open") means the open statuses, "all" any."""

    type: str | None = None
    status: str | None = None
    category: str | None = None
    participant_id: int | None = None
    assignee_id: int | None = None
    unassigned: bool = False
    breached: bool | None = None
    q: str | None = None
    organisation_id: int | None = None  # cases where this organisation is any party
    party_role: str | None = None  # with organisation_id: only where it has this role
    # Cases involving any of these organisations are left out (a handler's conflicts of interest).
    excluded_organisation_ids: tuple[int, ...] = ()
    updated_since: datetime | None = None  # only cases changed at or after this moment


@dataclass(frozen=True)
class Page:
    items: list[Case]
    next_cursor: str | None


@dataclass(frozen=True)
class Due:
    """The nearest deadline of a case, as the queue shows it."""

    kind: str | None
    due_at: datetime
    state: str  # running | paused | breached (overdue, shown in red)


def as_reference(q: str | None) -> str | None:
    """The reference when the search text is one (INC-2026-00042), else None."""
    candidate = (q or "").strip().upper()
    return candidate if REFERENCE.fullmatch(candidate) else None


def encode_cursor(case: Case) -> str:
    """An opaque position after `case` in the queue order."""
    if case.next_due_at is None:
        due = "~"
    else:
        due = str((clock.as_utc(case.next_due_at) - _EPOCH) // timedelta(microseconds=1))
    return base64.urlsafe_b64encode(f"{due}:{case.id}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[datetime | None, int]:
    """(next_due_at, id) of the last case seen; ValueError for anything we did not hand out."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode("ascii")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise ValueError("invalid cursor") from None
    match = _CURSOR.fullmatch(raw)
    if match is None:
        raise ValueError("invalid cursor")
    due, case_id = match.groups()
    try:
        return (None if due == "~" else _EPOCH + timedelta(microseconds=int(due))), int(case_id)
    except OverflowError:
        raise ValueError("invalid cursor") from None


def assignee_filter(value: str | None, me=None) -> dict:
    """QueueFilters arguments for an assignee given as "me", "none", an e-mail address or a user id."""
    value = (value or "").strip()
    if not value:
        return {}
    if value == "none":
        return {"unassigned": True}
    if value == "me":
        if me is None:
            raise ValueError("'me' needs a logged-in user")
        return {"assignee_id": me.id}
    if value.isdigit():
        user_id = whole_number(value)  # None past 64 bits: no such user
        if user_id is None:
            raise ValueError(f"unknown assignee: {value}")
        return {"assignee_id": user_id}
    user_id = db.session.scalar(select(User.id).where(func.lower(User.email) == value.lower()))
    if user_id is None:
        raise ValueError(f"unknown assignee: {value}")
    return {"assignee_id": user_id}


def _check(filters: QueueFilters, limit: int) -> None:
    if not 1 <= limit <= MAX_LIMIT:
        raise ValueError(f"limit must lie between 1 and {MAX_LIMIT}")
    if filters.type is not None and filters.type not in CASE_TYPES:
        raise ValueError(f"unknown type: {filters.type}")
    if filters.status not in (None, ALL, OPEN, *STATUSES):
        raise ValueError(f"unknown status: {filters.status}")
    if filters.category is not None and filters.category not in INCIDENT_CATEGORIES:
        raise ValueError(f"unknown category: {filters.category}")
    if filters.party_role is not None and (filters.party_role not in PARTY_ROLES or filters.organisation_id is None):
        raise ValueError(f"unknown party role: {filters.party_role}")


def _unindexed(column):
    """SQLite's unary +: the same value, but the planner will not use an index for it."""
    return UnaryExpression(column, operator=operators.custom_op("+"), type_=column.type)


def _status_condition(status: str | None, by_reference: bool, ordered_scan: bool):
    if status == ALL or (status is None and by_reference):
        return None  # a reference finds its case whatever its status
    if status not in (None, OPEN):
        return Case.status == status
    column = Case.status
    if ordered_scan:
        # SQLite without statistics would read the open cases through the status index and sort
        # them all; a unary + keeps it on ix_cases_queue, which is already in queue order.
        column = _unindexed(Case.status)
    # Literals, not bound parameters: only then can SQLite use the partial ix_cases_open_queue.
    return column.in_([literal_column(repr(s)) for s in OPEN_STATUSES])


def breached_condition(now: datetime):
    """The case has a clock that was stamped breached, or is past due and not yet swept."""
    return exists().where(
        Deadline.subject_type == SUBJECT,
        Deadline.subject_id == Case.id,
        Deadline.met_at.is_(None),
        or_(
            Deadline.breached_at.is_not(None),
            and_(Deadline.paused_since.is_(None), Deadline.due_at <= now),
        ),
    )


# What a search looks in, on every database: the columns of the full-text index ix_cases_search (the
# reference is matched apart; the description and the reporter are encrypted, so not searchable).
SEARCHED_COLUMNS = (Case.title, Case.reporter_organisation)


def _search_document():
    # The GIN index's own expression, so the planner matches the query to the index.
    index = next(i for i in Case.__table__.indexes if i.name == "ix_cases_search")
    return literal_column(index.expressions[0].text)


def text_condition(q: str):
    """The text `q` in the searched columns, each database by its own means (app/db_setup.py)."""
    return text_search(q, SEARCHED_COLUMNS, _search_document())


def _words(filters: QueueFilters) -> str | None:
    """The search text when it is not a reference."""
    q = (filters.q or "").strip()
    return q if q and not as_reference(q) else None


# An organisation with at most this many party rows is listed from its own cases, found through the
# parties' index, rather than by walking the queue in due order until enough of its cases turn up.
# Planners estimate an organisation by the average one: for one with twenty cases among a million
# they chose the walk, which read the whole table (seconds); past this size the walk finds a page soon.
FEW_CASES = 2_000


def party_case_ids(filters: QueueFilters) -> tuple[int, ...] | None:
    """The ids of the cases where the filters' organisation is a party, when it has few; else None."""
    if filters.organisation_id is None:
        return None
    party = CaseParty.organisation_id == filters.organisation_id
    if filters.party_role is not None:
        party = party & (CaseParty.role == filters.party_role)
    # Counted first, in the index alone: an organisation with many cases then costs no id transfer.
    probe = select(CaseParty.id).where(party).limit(FEW_CASES + 1).subquery()
    if db.session.scalar(select(func.count()).select_from(probe)) > FEW_CASES:
        return None
    return tuple(sorted(set(db.session.scalars(select(CaseParty.case_id).where(party)))))


def conditions(
    filters: QueueFilters, now: datetime, ordered_scan: bool = False, party_cases: tuple[int, ...] | None = None
) -> list:
    """The WHERE clause of the queue for these filters; `party_cases`: party_case_ids(filters)."""
    reference = as_reference(filters.q)
    found = [Case.reference == reference] if reference else []
    status = _status_condition(filters.status, bool(reference), ordered_scan)
    if status is not None:
        found.append(status)
    for column, value in (
        (Case.type, filters.type),
        (Case.category, filters.category),
        (Case.participant_id, filters.participant_id),
    ):
        if value is not None:
            found.append(column == value)
    if filters.unassigned:
        found.append(Case.assignee_id.is_(None))
    elif filters.assignee_id is not None:
        found.append(Case.assignee_id == filters.assignee_id)
    if party_cases is not None:
        found.append(Case.id.in_(party_cases))
    elif filters.organisation_id is not None:
        party = CaseParty.organisation_id == filters.organisation_id
        if filters.party_role is not None:
            party = party & (CaseParty.role == filters.party_role)
        found.append(Case.parties.any(party))
    if filters.excluded_organisation_ids:
        excluded = filters.excluded_organisation_ids
        found.append(~Case.parties.any(CaseParty.organisation_id.in_(excluded)))
        found.append(or_(Case.participant_id.is_(None), Case.participant_id.not_in(excluded)))
    if filters.updated_since is not None:
        found.append(Case.updated_at >= literal(filters.updated_since, UTCDateTime()))
    if filters.breached is not None:
        breached = breached_condition(now)
        found.append(breached if filters.breached else ~breached)
    if _words(filters):
        found.append(text_condition(_words(filters)))
    return found


def _dated(filters: QueueFilters, now: datetime, after: tuple | None, party_cases: tuple[int, ...] | None):
    """Cases with a running clock, in (next_due_at, id) order, after the cursor."""
    scan = db_setup.ordered_scan_is_cheaper()
    due = Case.next_due_at
    if scan and _words(filters):
        due = _unindexed(due)  # a text search there reads whole rows anyway (db_setup)
    query = select(Case).where(*conditions(filters, now, scan, party_cases), due.is_not(None))
    if after is not None:
        # (next_due_at, id) > cursor, spelled so planners see a plain range on next_due_at.
        at = literal(after[0], UTCDateTime())
        query = query.where(due >= at, or_(due > at, Case.id > after[1]))
    return query.order_by(due, Case.id)


def _undated(filters: QueueFilters, now: datetime, after: tuple | None, party_cases: tuple[int, ...] | None):
    """Cases without a running clock, in id order, after the cursor."""
    query = select(Case).where(*conditions(filters, now, party_cases=party_cases), Case.next_due_at.is_(None))
    if after is not None and after[0] is None:
        query = query.where(Case.id > after[1])
    return query.order_by(Case.id)


# A listing shows none of these: each is decrypted as it is read (about 30 µs), three a case.
# Reading one from a listed case raises rather than loading it case by case.
UNLISTED = (Case.description, Case.reporter_name, Case.reporter_email, Case.reporter_phone)


def _fetch(query, limit: int) -> list[Case]:
    # Participant and assignee come in one extra query each (by primary key), not per row.
    query = query.options(
        selectinload(Case.participant),
        selectinload(Case.assignee),
        *(defer(column, raiseload=True) for column in UNLISTED),
    )
    return list(db.session.scalars(query.limit(limit)))


def search(
    filters: QueueFilters, limit: int = DEFAULT_LIMIT, cursor: str | None = None, now: datetime | None = None
) -> Page:
    """One page of the queue: nearest deadline first, cases without a running clock last.

    Keyset paging on (next_due_at, id) in two index-ordered runs, dated then undated, so a page
    costs the same on the first and the thousandth page. Raises ValueError for a bad cursor,
    limit or filter value.
    """
    _check(filters, limit)
    after = decode_cursor(cursor) if cursor else None
    now = now or clock.now()
    rows: list[Case] = []
    party_cases = party_case_ids(filters)
    if after is None or after[0] is not None:
        rows = _fetch(_dated(filters, now, after, party_cases), limit + 1)
    if len(rows) <= limit:
        rows += _fetch(_undated(filters, now, after, party_cases), limit + 1 - len(rows))
    items = rows[:limit]
    return Page(items, encode_cursor(items[-1]) if len(rows) > limit else None)


def search_from_link(filters: QueueFilters, limit: int, cursor: str | None) -> tuple[Page, bool]:
    """A page for a cursor that came in a link: a broken one gives the first page, and False."""
    if cursor is not None:
        try:
            decode_cursor(cursor)
        except ValueError:
            return search(filters, limit, None), False
    return search(filters, limit, cursor), True


def nearest_due(cases: list[Case], now: datetime | None = None) -> dict[int, Due]:
    """Per case id, its nearest unmet deadline (running before paused), in one query."""
    now = now or clock.now()
    ids = [case.id for case in cases]
    found: dict[int, Due] = {}
    if ids:
        rows = db.session.scalars(
            select(Deadline)
            .where(Deadline.subject_type == SUBJECT, Deadline.subject_id.in_(ids), Deadline.met_at.is_(None))
            .order_by(Deadline.due_at, Deadline.id)
        )
        for deadline in rows:
            paused = deadline.paused_since is not None and deadline.breached_at is None
            current = found.get(deadline.subject_id)
            if current is not None and (current.state != "paused" or paused):
                continue
            overdue = deadline.breached_at is not None or (not paused and deadline.due_at <= now)
            state = "breached" if overdue else "paused" if paused else "running"
            found[deadline.subject_id] = Due(deadline.kind, deadline.due_at, state)
    for case in cases:
        if case.id not in found and case.next_due_at is not None:
            state = "breached" if case.next_due_at <= now else "running"
            found[case.id] = Due(None, case.next_due_at, state)
    return found


def staff_choices() -> list[tuple[int, str]]:
    staff = User.role.in_([role.value for role in STAFF_ROLES]), User.active.is_(True)
    return list(db.session.execute(select(User.id, User.name).where(*staff).order_by(User.name)).tuples())


def attachments_of(case: Case) -> list[Attachment]:
    """Every file on the case, oldest first (the staff case page lists them all)."""
    return list(db.session.scalars(select(Attachment).where(Attachment.case_id == case.id).order_by(Attachment.id)))


def lead_case(case: Case) -> Case | None:
    """The major incident this report is linked to, if any."""
    return db.session.get(Case, case.lead_case_id) if case.lead_case_id is not None else None
