"""The register's participants as forms offer them: the list to choose from, and the one chosen."""

from sqlalchemy import select

from app.extensions import db
from app.register.models import Organisation


def participant_choices(empty: str, leave_out: int | None = None) -> list[tuple[str, str]]:
    """(id, name) of every participant by name, after the empty choice labelled `empty`."""
    query = select(Organisation.id, Organisation.name).where(Organisation.is_participant.is_(True))
    if leave_out is not None:
        query = query.where(Organisation.id != leave_out)
    rows = db.session.execute(query.order_by(Organisation.name))
    return [("", empty)] + [(str(i), name) for i, name in rows]


def find_participant(organisation_id: int) -> Organisation | None:
    """The participant with this id; None when there is none (or the organisation is no participant)."""
    organisation = db.session.get(Organisation, organisation_id)
    return organisation if organisation is not None and organisation.is_participant else None
