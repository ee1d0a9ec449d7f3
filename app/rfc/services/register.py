"""The public RFC register: every registered RFC with its public fields (never the submitter, marked names
redacted), searchable and filterable in keyset pages, and the status changes its Atom feed lists."""

from dataclasses import dataclass

from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from app import paging
from app.extensions import db
from app.register.models import GEGEVENSDIENSTEN
from app.rfc import workflow
from app.rfc.models import Rfc, RfcEvent

FILTER_KEYS = ("q", "status", "type", "priority", "gegevensdienst")
ALLOWED = {
    "status": workflow.STATUSES,
    "type": workflow.TYPES,
    "priority": workflow.PRIORITIES,
    "gegevensdienst": GEGEVENSDIENSTEN,
}
MAX_QUERY = 100
DEFAULT_LIMIT, MAX_LIMIT = 25, 100
# Why a filter value was refused; each interface words it in its own language.
NOT_A_CHOICE, TOO_LONG, NOT_A_CURSOR = "choice", "length", "cursor"


@dataclass(frozen=True)
class Filters:
    q: str | None = None
    status: str | None = None
    type: str | None = None
    priority: str | None = None
    gegevensdienst: str | None = None


@dataclass(frozen=True)
class Page:
    items: list[Rfc]
    next_cursor: str | None


def parse(args) -> tuple[Filters, dict[str, str]]:
    """The filters of a query string, and the refused ones by key (a value not in the list, a long text)."""
    values, errors = {}, {}
    for key in FILTER_KEYS:
        value = (args.get(key) or "").strip()
        if not value:
            continue
        if key == "q":
            if len(value) > MAX_QUERY:
                errors[key] = TOO_LONG
                continue
        elif value not in ALLOWED[key]:
            errors[key] = NOT_A_CHOICE
            continue
        values[key] = value
    return Filters(**values), errors


def _query(filters: Filters):
    query = select(Rfc).where(Rfc.reference.not_like("~%"))
    for key in ("status", "type", "priority", "gegevensdienst"):
        value = getattr(filters, key)
        if value:
            query = query.where(getattr(Rfc, key) == value)
    if filters.q:
        words = filters.q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        like = f"%{words}%"
        query = query.where(
            or_(
                Rfc.reference.ilike(like, escape="\\"),
                Rfc.title.ilike(like, escape="\\"),
                Rfc.agreement.ilike(like, escape="\\"),
            )
        )
    return query


def search(filters: Filters, limit: int = DEFAULT_LIMIT, cursor: str | None = None) -> Page:
    """A page of RFCs, newest first; ValueError for a cursor no page gave."""
    query = _query(filters).options(selectinload(Rfc.release)).order_by(Rfc.id.desc())
    if cursor:
        values = paging.decode_cursor(cursor)
        if len(values) != 1 or not isinstance(values[0], int) or isinstance(values[0], bool):
            raise ValueError("invalid cursor")
        query = query.where(Rfc.id < values[0])
    rows = list(db.session.scalars(query.limit(limit + 1)))
    items = rows[:limit]
    return Page(items, paging.encode_cursor(items[-1].id) if len(rows) > limit else None)


def find(reference: str) -> Rfc | None:
    if not reference or len(reference) > 20:
        return None
    return db.session.scalar(select(Rfc).where(Rfc.reference == reference))


def status_history(rfc: Rfc) -> list[RfcEvent]:
    """The public steps of an RFC: its registration and each status change (their reasons are not public)."""
    return list(
        db.session.scalars(
            select(RfcEvent)
            .where(RfcEvent.rfc_id == rfc.id, RfcEvent.kind.in_(("submitted", "status")))
            .order_by(RfcEvent.seq)
        )
    )


def latest_changes(limit: int) -> list[RfcEvent]:
    """The newest registrations and status changes of every RFC, for the Atom feed."""
    return list(
        db.session.scalars(
            select(RfcEvent)
            .where(RfcEvent.kind.in_(("submitted", "status")))
            .options(selectinload(RfcEvent.rfc))
            .order_by(RfcEvent.at.desc(), RfcEvent.id.desc())
            .limit(limit)
        )
    )
