"""Writing to the access log and the queries that read it."""

from sqlalchemy import insert, select

from app import clock, db_setup
from app.audit.models import AccessLogEntry
from app.extensions import db


def record(actor, action: str, *, case=None, detail: str = "") -> None:
    """Adds one entry: `actor` a staff user, `case` the case looked at (None: an export about a person).

    In a writing request (an export) the entry is part of its transaction; a reading request (a page,
    a download) commits it apart at once, so every look is logged whatever the request does next.
    """
    values = {
        "at": clock.now(),
        "user_id": actor.id,
        "user_label": actor.name,
        "action": action,
        "case_id": case.id if case is not None else None,
        "case_reference": case.reference if case is not None else None,
        "detail": detail[:300],
    }
    if db_setup.writes_anyway():
        db.session.add(AccessLogEntry(**values))
        db.session.flush()
    else:
        db_setup.write_apart(insert(AccessLogEntry).values(**values))


def entries(*, case_id: int | None = None, user_id: int | None = None):
    """The query of a case's or a user's entries, newest first (the page pages it)."""
    query = select(AccessLogEntry).order_by(AccessLogEntry.id.desc())
    if case_id is not None:
        query = query.where(AccessLogEntry.case_id == case_id)
    if user_id is not None:
        query = query.where(AccessLogEntry.user_id == user_id)
    return query
