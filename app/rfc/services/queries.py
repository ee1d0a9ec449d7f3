"""The desk's lists of RFCs: the handlers' queue by nearest lead time, the CAB agenda, an organisation's own."""

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.extensions import db
from app.rfc import workflow
from app.rfc.models import Rfc


def queue(status: str | None = None) -> list[Rfc]:
    """Open RFCs (or those of one status), the nearest lead time first."""
    query = select(Rfc).options(selectinload(Rfc.analyst))
    query = query.where(Rfc.status == status) if status else query.where(Rfc.status.in_(workflow.OPEN))
    return list(db.session.scalars(query.order_by(Rfc.next_due_at.is_(None), Rfc.next_due_at, Rfc.id)))


def cab_agenda() -> list[Rfc]:
    """What the CAB discusses: RFCs waiting for prioritisation or review, oldest first."""
    query = select(Rfc).where(Rfc.status.in_(workflow.CAB_STATUSES)).order_by(Rfc.status, Rfc.created_at, Rfc.id)
    return list(db.session.scalars(query))


def of_organisation(organisation_id: int | None) -> list[Rfc]:
    """The RFCs an organisation submitted, newest first (the submitter's /mijn/zaken)."""
    if organisation_id is None:
        return []
    query = select(Rfc).where(Rfc.organisation_id == organisation_id).order_by(Rfc.id.desc())
    return list(db.session.scalars(query))


def linked_to_case(case_id: int) -> list[Rfc]:
    """The RFCs whose blocker started (or was linked to) this incident case."""
    return list(db.session.scalars(select(Rfc).where(Rfc.incident_case_id == case_id).order_by(Rfc.id)))
