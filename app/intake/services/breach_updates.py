"""A data-breach reporter's later steps: the AP notified, and the breach answers updated in stages.

Each change keeps the answers as they were and as they became on one timeline event (a version),
so the current answers show on the pages and the earlier ones stay readable on the timeline.
"""

from datetime import datetime
from types import SimpleNamespace

from flask_babel import gettext as _
from sqlalchemy import func, select

from app import clock
from app.cases import access, timeline
from app.cases.models import Case, TimelineEvent
from app.cases.services import case_records as cases
from app.errors_domain import DomainError
from app.extensions import db
from app.intake import notices
from app.intake.forms.breach_update import BREACH_FIELDS
from app.intake.forms.incident import FUTURE_TOLERANCE
from app.sla import services as sla

VERSION_KINDS = ("ap_notified", "breach_updated")
MOMENTS = ("ap_notified_at",)


def current_answers(case: Case) -> dict:
    return {name: getattr(case.incident, name) for name in BREACH_FIELDS}


def stored(answers: dict) -> dict:
    """JSON for a timeline event (its hash covers it): moments as UTC ISO 8601."""
    return {
        name: clock.as_utc(value).isoformat() if isinstance(value, datetime) else value
        for name, value in answers.items()
    }


def shown(data: dict | None) -> SimpleNamespace:
    """Stored answers read back for a page, with their moments as datetimes again."""
    answers = dict(data or {})
    for name in MOMENTS:
        if answers.get(name):
            answers[name] = datetime.fromisoformat(answers[name])
    return SimpleNamespace(**{name: answers.get(name) for name in BREACH_FIELDS})


def _check(case: Case, answers: dict) -> None:
    if case.type != "incident" or case.category != "data_breach" or case.incident is None:
        raise DomainError(_("Only a data leak has answers for the AP."))
    moment = answers.get("ap_notified_at")
    if moment is not None:
        if moment > clock.now() + FUTURE_TOLERANCE:
            raise DomainError(_("This moment lies in the future."), field="ap_notified_at")
        if moment < clock.as_utc(case.incident.discovered_at):
            raise DomainError(_("The AP cannot have been told before the leak was discovered."), field="ap_notified_at")


def update_answers(case: Case, answers: dict, *, actor, kind: str = "breach_updated") -> TimelineEvent:
    """Applies new answers and keeps both the earlier and the new ones as the next version; when the
    AP has been told, the AP clock stops (met at the moment of notification)."""
    _check(case, answers)
    before = current_answers(case)
    for name, value in answers.items():
        setattr(case.incident, name, value)
    after = current_answers(case)
    earlier = db.session.scalar(
        select(func.count())
        .select_from(TimelineEvent)
        .where(TimelineEvent.case_id == case.id, TimelineEvent.kind.in_(VERSION_KINDS))
    )
    label = actor.name if actor is not None else access.reporter_label(case)
    # Version 1 is the report as filed.
    event = timeline.append(
        case,
        kind,
        actor=actor,
        actor_label=access.shown_label(case, actor, label),
        visibility="parties",
        data={"version": earlier + 2, "previous": stored(before), "answers": stored(after)},
    )
    if case.incident.ap_notified and case.incident.ap_notified_at is not None:
        sla.meet(cases.SUBJECT, case.id, "ap_notification", case.incident.ap_notified_at)
        cases.sync_next_due(case)
    cases.touch(case)
    notices.reporter_added_information(case, event)
    return event


def record_ap_notification(
    case: Case, ap_notified_at: datetime, ap_reference: str | None = None, ap_notified_by: str | None = None, *, actor
) -> TimelineEvent:
    """The reporter told the AP: the AP clock is met and its reminders stop."""
    return update_answers(
        case,
        {
            "ap_notified": True,
            "ap_notified_at": ap_notified_at,
            "ap_reference": ap_reference,
            "ap_notified_by": ap_notified_by,
        },
        actor=actor,
        kind="ap_notified",
    )
