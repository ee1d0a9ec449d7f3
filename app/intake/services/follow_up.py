"""Following a report up by reference and code, and the reporter adding information to it."""

from datetime import timedelta

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select

from app import clock
from app.cases import access, followup_codes, workflow
from app.cases.models import Case, TimelineEvent
from app.cases.services import case_records as cases
from app.cases.services import handling
from app.cases.uploads import CheckedFile
from app.errors_domain import DomainError, NotFound
from app.extensions import db
from app.intake import notices


def find_for_follow_up(reference: str, code: str) -> Case:
    """The case if the code fits; an unknown reference and a wrong code fail alike."""
    reference = (reference or "").strip().upper()
    case = db.session.scalar(select(Case).where(Case.reference == reference))
    stored = case.follow_up_code_hash if case is not None else followup_codes.UNKNOWN_CASE_HASH
    if not followup_codes.matches(code or "", stored) or case is None:
        raise NotFound(_("No report with this reference and code."))
    check_follow_up_open(case)
    return case


class FollowUpEnded(DomainError):
    """The right code for a report closed too long ago: following it up with the code has ended."""

    status = 410


def follow_up_ended(case: Case) -> bool:
    """Reference + code, e-mailed links and a remembered browser work until FOLLOW_UP_DAYS_AFTER_CLOSURE
    days after the case was closed (apart from how long the case itself is kept)."""
    if case.closed_at is None or not workflow.is_final(case.status):
        return False
    days = current_app.config["FOLLOW_UP_DAYS_AFTER_CLOSURE"]
    return clock.as_utc(case.closed_at) + timedelta(days=days) <= clock.now()


def ended_message(case: Case) -> str:
    return _(
        "Report %(reference)s was closed more than %(days)s days ago, so it can no longer be followed up with "
        "its code or a link. If you need something from it, contact the Meldpunt and mention the reference.",
        reference=case.reference,
        days=current_app.config["FOLLOW_UP_DAYS_AFTER_CLOSURE"],
    )


def check_follow_up_open(case: Case) -> None:
    if follow_up_ended(case):
        raise FollowUpEnded(ended_message(case))


def add_reporter_information(case: Case, body: str, files: tuple[CheckedFile, ...], actor=None) -> TimelineEvent:
    """The reporter adds information or files; the foundation sees it, the reporter too."""
    label = actor.name if actor is not None else access.reporter_label(case)
    event = cases.add_message(case, body, visibility="reporter", actor=actor, label=label, files=files)
    notices.reporter_added_information(case, event)
    handling.party_replied(case, "reporter", actor=actor, actor_label=label)  # ends a wait on the reporter
    return event
