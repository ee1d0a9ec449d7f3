"""E-mails about reports, written to the outbox in the transaction of the change: the filer's
acknowledgement, the other party's notice of a complaint or dispute, the handler's of new information."""

import hashlib

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _

from app.cases import links
from app.cases.models import Case, TimelineEvent
from app.cases.notices.parties import organisation_recipients, reporter_verified
from app.notify import services as outbox
from app.register.models import Organisation
from app.sla.models import Deadline


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


def acknowledge_dispute(case: Case) -> None:
    """The claimant's acknowledgement: no follow-up code, the dispute is followed through the account."""
    outbox.enqueue(
        f"ack:{case.reference}",
        case.reporter_email,
        _("Your dispute %(reference)s has been received", reference=case.reference),
        "dispute_acknowledgement",
        case=case,
        verified=reporter_verified(case),
        case_url=links.reporter_url(case),
    )


def inform_party(case: Case, organisation: Organisation, response: Deadline | None) -> int:
    """Tells the participant a case concerns it; the number of addresses written to.

    A complainant's name and contact details go along only with the complainant's consent.
    """
    addresses = organisation_recipients(organisation)
    complaint = case.complaint
    show_complainant = complaint is not None and complaint.contact_shared
    claimant = case.dispute.claimant if case.dispute is not None else None
    # Written to another organisation: in the desk's language, not in the one the filer chose.
    with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):
        if claimant is not None:
            subject = _(
                "%(claimant)s started a dispute with you: %(reference)s",
                claimant=claimant.name,
                reference=case.reference,
            )
        else:
            subject = _(
                "A complaint about %(organisation)s: %(reference)s",
                organisation=organisation.name,
                reference=case.reference,
            )
        for address in addresses:
            outbox.enqueue(
                # A digest names the address: an e-mail address can be longer than the key allows.
                f"party-notice:{case.reference}:{hashlib.sha256(address.encode()).hexdigest()[:16]}",
                address,
                subject,
                "party_notice",
                case=case,
                organisation=organisation,
                claimant=claimant,
                show_complainant=show_complainant,
                response_deadline=response,
                case_url=links.organisation_url(case),
            )
    return len(addresses)


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
