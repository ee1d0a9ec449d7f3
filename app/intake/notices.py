"""E-mails about reports, written to the outbox in the transaction of the change."""
from flask_babel import gettext as _

from app.cases import links
from app.cases.models import Case, TimelineEvent
from app.cases.notices.parties import reporter_verified
from app.notify import services as outbox


def acknowledge(case: Case, ap_clock=None) -> None:
    """The acknowledgement (with the AP deadline of a data leak); it never holds the follow-up
    code, which is stored only hashed. Sent once, on filing: the key names the reference the
    filing just took, so no other transaction can hold it (see references.assign)."""
    outbox.enqueue_new(
        f"ack:{case.reference}",
        case.reporter_email,
        _("Your report %(reference)s has been received", reference=case.reference),
        "acknowledgement",
        case=case,
        verified=reporter_verified(case),
        ap_deadline=ap_clock,
        follow_up_url=links.reporter_url(case),
    )


def reporter_added_information(case: Case, event: TimelineEvent) -> None:
    """Tells the case handler; without one, the case sits in the queue for triage anyway."""
    if case.assignee is None:
        return
    outbox.enqueue(
        f"reporter-info:{event.id}",
        case.assignee.email,
        _("New information on %(reference)s", reference=case.reference),
        "reporter_information",
        case=case,
        case_url=links.staff_url(case),
    )
