"""Finding measures: one by id, the foundation's list (by status) and a participant's own, a page at a time."""
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import select

from app.cases.access import UNDECIDED_MEASURE
from app.compliance.models import Measure
from app.extensions import db
from app.intake.filing import MAX_ID

PER_PAGE = 50


def find(measure_id: int) -> Measure | None:
    """The measure, or None; an id too large for the column is simply unknown."""
    return db.session.get(Measure, measure_id) if 0 < measure_id <= MAX_ID else None


def for_staff(status: str | None = None, page: int = 1) -> Pagination:
    """Every measure (or those with `status`), the newest first."""
    query = select(Measure).order_by(Measure.id.desc())
    if status:
        query = query.where(Measure.status == status)
    return _page(query, page)


def for_participant(organisation_id: int, page: int = 1) -> Pagination:
    """What the participant may see of the measures against it: the decided ones, the newest first."""
    return _page(select(Measure).where(Measure.participant_id == organisation_id,
                                       Measure.status.not_in(UNDECIDED_MEASURE)).order_by(Measure.id.desc()), page)


def _page(query, page: int) -> Pagination:
    # A page number past the end (or below 1) shows an empty page, not an error.
    return db.paginate(query, page=page, per_page=PER_PAGE, error_out=False)
