"""Erasing personal data: a whole case at its term, or one person's traces; the skeleton stays.

What stays of an erased case: its reference, type, category, severity, status, dates, parties (organisations),
deadlines, decision outcome and measures, and every timeline event's kind, time and visibility. What goes:
the title and description, the reporter's name, e-mail, phone and account link, the free-text answers,
every event's text, the data of events that may carry personal data, files, and the mails naming the case.
"""

from flask_babel import gettext as _
from sqlalchemy import delete, or_, select

from app import clock
from app.cases import timeline, workflow
from app.cases.event_models import ApiEvent
from app.cases.models import MEASURE_CHANGES, Attachment, Case, TimelineEvent
from app.cases.services import case_records
from app.compliance.models import Decision
from app.errors_domain import Conflict
from app.extensions import db
from app.intake.access_links import AccessLink
from app.intake.receipts import PendingReceipt
from app.notify.models import OutboxMessage
from app.privacy.models import CaseRetention

# The label of a person who acted on an erased case (a reporter, a participant's user); staff keep theirs.
ERASED_LABEL = "—"
# Events whose data carries no personal data (ids, codes, dates): their data stays; the rest is emptied.
KEEP_DATA = frozenset(
    {
        "received",
        "acknowledged",
        "status",
        "assigned",
        "term_extended",
        "linked",
        "report_linked",
        "deadline_breached",
        "deadlines_recomputed",
        "response_requested",
        "claimed",
        "decision",
        *MEASURE_CHANGES,
        "objection_filed",
        "legal_hold",
        "legal_hold_lifted",
        "erased",
    }
)
# Why erased, in the `erased` event's data.
AT_TERM, SUBJECT_REQUEST = "retention_term", "data_subject_request"


def retention_of(case: Case, *, create: bool = False) -> CaseRetention | None:
    """The case's retention row; made when asked to (a hold, a warning, erasure)."""
    row = db.session.get(CaseRetention, case.id)
    if row is None and create:
        row = CaseRetention(case_id=case.id)
        db.session.add(row)
    return row


def refusal(case: Case) -> str | None:
    """Why the case's personal data may not be erased now, or None."""
    if not workflow.is_final(case.status):
        return _("%(reference)s is not closed yet.", reference=case.reference)
    row = retention_of(case)
    if row is not None and row.held:
        return _("%(reference)s is on legal hold: %(reason)s", reference=case.reference, reason=row.hold_reason)
    return None


def erase_case(case: Case, *, actor=None, why: str = AT_TERM) -> TimelineEvent:
    """Erases the case's personal data and files, keeps its skeleton, and reseals its chain with an
    `erased` event. Refused (Conflict) while open, on hold, or when its chain is already broken."""
    _check(case)
    _blank_case(case)
    events = list(db.session.scalars(select(TimelineEvent).where(TimelineEvent.case_id == case.id)))
    return _seal(case, events, actor=actor, why=why, whole=True)


def erase_events(case: Case, events: list[TimelineEvent], *, actor, why: str = SUBJECT_REQUEST) -> TimelineEvent:
    """Erases some events of a closed case (one person's messages), with the same record as erase_case."""
    _check(case)
    return _seal(case, events, actor=actor, why=why, whole=False)


def _check(case: Case) -> None:
    reason = refusal(case)
    if reason is not None:
        raise Conflict(reason)
    if timeline.verify_case(case.id):
        # Resealing a broken chain would hide whatever broke it: an operator looks first.
        raise Conflict(_("The timeline of %(reference)s does not verify; it is not erased.", reference=case.reference))


def _blank_case(case: Case) -> None:
    case.title = case.description = ""
    case.reporter_name = case.reporter_email = case.follow_up_code_hash = ""
    case.reporter_phone = None
    # The blind indexes went with the values' setters; none is kept for an erased person.
    case.reporter_name_index = case.reporter_email_index = None
    case.reporter_user_id = None
    case.access_links_opt_in = False
    if case.incident is not None:
        incident = case.incident
        incident.consequences = incident.measures_taken = incident.affected_schools = None
        incident.contact_person = incident.ap_notified_by = None
    complaint = getattr(case, "complaint", None)
    if complaint is not None:
        complaint.desired_outcome = None
    dispute = getattr(case, "dispute", None)
    if dispute is not None:
        dispute.prior_attempt, dispute.desired_outcome = "", None
    decision = db.session.scalar(select(Decision).where(Decision.case_id == case.id))
    if decision is not None:  # the outcome stays; its reasons may name people
        decision.reasoning, decision.cause, decision.remedial_action = "", None, None
    db.session.execute(delete(AccessLink).where(AccessLink.case_id == case.id))
    db.session.execute(delete(PendingReceipt).where(PendingReceipt.case_id == case.id))
    # Webhook deliveries carry the case's events as their subscribers saw them: they go too.
    events = db.session.scalars(select(ApiEvent.public_id).where(ApiEvent.case_id == case.id)).all()
    mails = db.session.scalars(
        select(OutboxMessage).where(
            or_(
                OutboxMessage.key == f"ack:{case.reference}",
                OutboxMessage.key.like(f"party-notice:{case.reference}:%"),
                *(OutboxMessage.key.like(f"webhook:{public_id}:%") for public_id in events),
            )
        )
    )
    for mail in mails:
        blank_mail(mail)


def blank_mail(mail: OutboxMessage) -> None:
    """A sent message's address and body go; its key, subject, dates and status stay."""
    mail.recipient, mail.body_text, mail.body_html = "", "", None
    mail.recipient_index = None
    mail.body_expired_at = clock.now()
    if mail.status == "pending":  # nothing to send to any more
        mail.status = "failed"
        mail.last_error = "erased"


def _seal(case: Case, events: list[TimelineEvent], *, actor, why: str, whole: bool) -> TimelineEvent:
    storage = case_records.storage()
    erased_ids = {event.id for event in events}
    files = db.session.scalars(
        select(Attachment).where(
            Attachment.case_id == case.id, *(() if whole else (Attachment.event_id.in_(erased_ids),))
        )
    )
    for item in files:
        storage.delete_on_commit(item.storage_key, db.session)
        db.session.delete(item)
    for event in events:
        event.text = ""
        if event.kind not in KEEP_DATA:
            event.data = {}
        if event.actor is None or not event.actor.is_staff:
            event.actor_label = ERASED_LABEL if event.actor_label != "system" else "system"
    db.session.flush()
    before = timeline.reseal(case)
    now = clock.now()
    if whole:
        retention_of(case, create=True).erased_at = now
    return timeline.append(
        case,
        "erased",
        actor=actor,
        actor_label=None if actor is not None else "system",
        visibility="internal",
        data={"why": why, "events": sorted(event.seq for event in events), "previousHead": before, "whole": whole},
        at=now,
    )
