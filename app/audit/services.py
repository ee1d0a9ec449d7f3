"""Writing to the access log (flushed, committed by the caller) and the queries that read it."""

from sqlalchemy import select

from app import clock
from app.audit.models import AccessLogEntry
from app.extensions import db


def record(actor, action: str, *, case=None, detail: str = "") -> AccessLogEntry:
    """Adds one entry: `actor` a staff user, `case` the case looked at (or None for an export of a person)."""
    entry = AccessLogEntry(
        at=clock.now(),
        user_id=actor.id,
        user_label=actor.name,
        action=action,
        case_id=case.id if case is not None else None,
        case_reference=case.reference if case is not None else None,
        detail=detail[:300],
    )
    db.session.add(entry)
    db.session.flush()
    return entry


def entries(*, case_id: int | None = None, user_id: int | None = None):
    """The query of a case's or a user's entries, newest first (the page pages it)."""
    query = select(AccessLogEntry).order_by(AccessLogEntry.id.desc())
    if case_id is not None:
        query = query.where(AccessLogEntry.case_id == case_id)
    if user_id is not None:
        query = query.where(AccessLogEntry.user_id == user_id)
    return query
