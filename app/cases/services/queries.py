"""Read-side queries on cases for pages and the API."""

from sqlalchemy import select

from app.cases.models import Attachment, Case, TimelineEvent
from app.extensions import db
from app.sla import services as sla


def find_by_reference(reference: str) -> Case | None:
    return db.session.scalar(select(Case).where(Case.reference == (reference or "").strip().upper()))


def by_reference(reference: str) -> Case:
    case = find_by_reference(reference)
    if case is None:
        raise LookupError(reference)
    return case


def visible_events(
    case: Case, scopes: set[str] | None, written: tuple[TimelineEvent, ...] | None = None
) -> list[TimelineEvent]:
    """The timeline, oldest first; `scopes` None means everything (the foundation).

    `written`: the whole timeline of a case filed in this transaction, already in hand."""
    if written is not None:
        return sorted((e for e in written if scopes is None or e.visibility in scopes), key=lambda e: e.seq)
    query = select(TimelineEvent).where(TimelineEvent.case_id == case.id)
    if scopes is not None:
        query = query.where(TimelineEvent.visibility.in_(scopes or {""}))
    return list(db.session.scalars(query.order_by(TimelineEvent.seq)))


def deadlines(case: Case):
    return sla.for_subject("case", case.id)


def attachment(case: Case, attachment_id: int) -> Attachment | None:
    item = db.session.get(Attachment, attachment_id)
    return item if item is not None and item.case_id == case.id else None
