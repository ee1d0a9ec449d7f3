"""Finding measures: one by id, the foundation's list (by status) and a participant's own."""
from sqlalchemy import select

from app.cases.access import UNDECIDED_MEASURE
from app.compliance.models import Measure
from app.extensions import db
from app.intake.filing import MAX_ID

LIMIT = 200  # the newest; older measures stay reachable from their cases


def find(measure_id: int) -> Measure | None:
    """The measure, or None; an id too large for the column is simply unknown."""
    return db.session.get(Measure, measure_id) if 0 < measure_id <= MAX_ID else None


def for_staff(status: str | None = None) -> list[Measure]:
    query = select(Measure).order_by(Measure.id.desc()).limit(LIMIT)
    if status:
        query = query.where(Measure.status == status)
    return list(db.session.scalars(query))


def for_participant(organisation_id: int) -> list[Measure]:
    """What the participant may see of the measures against it: the decided ones, the newest first."""
    return list(db.session.scalars(
        select(Measure).where(Measure.participant_id == organisation_id, Measure.status.not_in(UNDECIDED_MEASURE))
        .order_by(Measure.id.desc()).limit(LIMIT)))
