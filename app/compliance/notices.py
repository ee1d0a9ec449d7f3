"""E-mails about measures: the participant is told (with a link), coordinators are asked to approve or act."""

import hashlib

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from app.auth.models import Role, User
from app.cases import links
from app.cases.notices.parties import organisation_recipients, reporter_verified
from app.compliance.models import Measure
from app.extensions import db
from app.notify import services as outbox


def _desk_language():
    # The acting coordinator's page language must not decide the language of mail to others.
    return force_locale(current_app.config["BABEL_DEFAULT_LOCALE"])


def _digest(address: str) -> str:
    return hashlib.sha256(address.encode()).hexdigest()[:16]


def coordinators(exclude=None) -> list[User]:
    query = select(User).where(User.role == Role.COORDINATOR.value, User.active.is_(True)).order_by(User.id)
    return [u for u in db.session.scalars(query) if exclude is None or u.id != exclude.id]


def approval_needed(measure: Measure, exclude=None) -> None:
    """Every other coordinator may approve; the proposer is not asked."""
    with _desk_language():
        subject = _("%(reference)s: a measure awaits your approval", reference=measure.case.reference)
        url = links.measure_url(measure, links.STAFF)
        for user in coordinators(exclude):
            outbox.enqueue(
                f"measure:approve:{measure.id}:{user.id}",
                user.email,
                subject,
                "measure_approval",
                measure=measure,
                url=url,
            )


def _to_participant(measure: Measure, key: str, subject: str, template: str, **context) -> None:
    """Each of the participant's addresses gets a link to its own measure page."""
    url = links.measure_url(measure, links.ORGANISATION)
    for address in organisation_recipients(measure.participant):
        outbox.enqueue(f"{key}:{_digest(address)}", address, subject, template, measure=measure, url=url, **context)


def measure_changed(measure: Measure, what: str) -> None:
    """The participant's users learn that a measure against them was taken, met or ended: a link, no content."""
    with _desk_language():
        _to_participant(
            measure,
            f"measure:{what}:{measure.id}",
            _("Edu-V: news about a measure (%(reference)s)", reference=measure.case.reference),
            "measure_notice",
            what=what,
        )


def term_reminder(measure: Measure, number: int, due_at) -> None:
    with _desk_language():
        _to_participant(
            measure,
            f"measure:reminder:{measure.id}:{number}",
            _("Edu-V: the term of a measure ends soon (%(reference)s)", reference=measure.case.reference),
            "measure_reminder",
            due_at=due_at,
        )


def _desk(measure: Measure) -> list[User]:
    """Who follows a measure up: the coordinators and the case handler."""
    recipients = {u.id: u for u in coordinators()}
    if measure.case.assignee is not None:
        recipients[measure.case.assignee.id] = measure.case.assignee
    return list(recipients.values())


def term_passed(measure: Measure, deadline_kind: str, next_kind: str | None) -> None:
    """Escalation: the coordinators and the case handler hear that a term passed, and what comes next."""
    with _desk_language():
        subject = _("%(reference)s: the term of a measure has passed", reference=measure.case.reference)
        url = links.measure_url(measure, links.STAFF)
        for user in _desk(measure):
            outbox.enqueue(
                f"measure:breach:{measure.id}:{deadline_kind}:{user.id}",
                user.email,
                subject,
                "measure_breach",
                measure=measure,
                deadline_kind=deadline_kind,
                next_kind=next_kind,
                url=url,
            )


def evidence_received(measure: Measure, event) -> None:
    """The participant sent evidence for a measure: the desk gets a link to the measure, not the content."""
    with _desk_language():
        subject = _("%(reference)s: the participant sent evidence for a measure", reference=measure.case.reference)
        url = links.measure_url(measure, links.STAFF)
        for user in _desk(measure):
            outbox.enqueue(
                f"measure:evidence:{event.id}:{user.id}",
                user.email,
                subject,
                "measure_evidence",
                measure=measure,
                url=url,
            )


def objection_received(case, measure: Measure) -> None:
    """The objector's acknowledgement, followed through the organisation account."""
    with _desk_language():
        outbox.enqueue(
            f"ack:{case.reference}",
            case.reporter_email,
            _("Your objection %(reference)s has been received", reference=case.reference),
            "objection_acknowledgement",
            case=case,
            measure=measure,
            verified=reporter_verified(case),
            case_url=links.reporter_url(case),
        )
