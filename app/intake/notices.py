"""E-mails about reports, written to the outbox in the transaction of the change."""
from flask_babel import gettext as _

from app.cases.models import Case, TimelineEvent
from app.notify import services as outbox
from app.sla import services as sla


def acknowledge(case: Case) -> None:
    """The acknowledgement; it never holds the follow-up code, which is stored only hashed."""
    ap = next((d for d in sla.for_subject("case", case.id) if d.kind == "ap_notification"), None)
    outbox.enqueue(
        f"ack:{case.reference}",
        case.reporter_email,
        _("Your report %(reference)s has been received", reference=case.reference),
        "acknowledgement",
        case=case,
        ap_deadline=ap,
        follow_up_url=outbox.absolute_url("intake.follow_up", reference=case.reference),
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
        case_url=outbox.absolute_url("cases.detail", reference=case.reference),
    )
