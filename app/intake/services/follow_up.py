"""Following a report up by reference and code, and the reporter adding information to it."""

from flask_babel import gettext as _
from sqlalchemy import select

from app.cases import access, followup_codes
from app.cases.models import Case, TimelineEvent
from app.cases.services import case_records as cases
from app.cases.services import handling
from app.cases.uploads import CheckedFile
from app.errors_domain import NotFound
from app.extensions import db
from app.intake import notices


def find_for_follow_up(reference: str, code: str) -> Case:
    """The case if the code fits; an unknown reference and a wrong code fail alike."""
    reference = (reference or "").strip().upper()
    case = db.session.scalar(select(Case).where(Case.reference == reference))
    stored = case.follow_up_code_hash if case is not None else followup_codes.UNKNOWN_CASE_HASH
    if not followup_codes.matches(code or "", stored) or case is None:
        raise NotFound(_("No report with this reference and code."))
    return case


def add_reporter_information(case: Case, body: str, files: tuple[CheckedFile, ...], actor=None) -> TimelineEvent:
    """The reporter adds information or files; the foundation sees it, the reporter too."""
    label = actor.name if actor is not None else access.reporter_label(case)
    event = cases.add_message(case, body, visibility="reporter", actor=actor, label=label, files=files)
    notices.reporter_added_information(case, event)
    handling.party_replied(case, "reporter", actor=actor, actor_label=label)  # ends a wait on the reporter
    return event
