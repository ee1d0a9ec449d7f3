"""Finding measures: one by id, the foundation's list (by status) and a participant's own, a page at a time."""

from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app import paging
from app.bounds import MAX_ID
from app.cases.access import UNDECIDED_MEASURE
from app.cases.models import Case
from app.compliance.models import Measure
from app.extensions import db
from app.register.models import Keurmerk

PER_PAGE = 50


def find(measure_id: int) -> Measure | None:
    """The measure, or None; an id too large for the column is simply unknown."""
    return db.session.get(Measure, measure_id) if 0 < measure_id <= MAX_ID else None


# What a list of measures shows of each (templates/compliance/_measure_table.html), loaded for the
# whole page at once rather than row by row (four queries per measure before).
LISTED = (
    selectinload(Measure.case).load_only(Case.id, Case.reference),
    selectinload(Measure.participant),
    selectinload(Measure.keurmerk).joinedload(Keurmerk.product),
)


def for_staff(status: str | None = None, hidden_participant_ids=frozenset()) -> Pagination:
    """The requested page of every measure (or those with `status`), the newest first, but for those
    against `hidden_participant_ids` (the viewer's conflicts of interest)."""
    query = select(Measure).options(*LISTED).order_by(Measure.id.desc())
    if hidden_participant_ids:
        query = query.where(Measure.participant_id.not_in(hidden_participant_ids))
    if status:
        query = query.where(Measure.status == status)
    return paging.paginate(query, PER_PAGE)


def for_participant(organisation_id: int) -> Pagination:
    """The requested page of what the participant may see of the measures against it: the decided
    ones, the newest first."""
    return paging.paginate(
        select(Measure)
        .options(*LISTED)
        .where(
            Measure.participant_id == organisation_id,
            Measure.status.not_in(UNDECIDED_MEASURE),
        )
        .order_by(Measure.id.desc()),
        PER_PAGE,
    )
