"""E-mails about RFCs, written to the outbox in the transaction of the change: the submitter's
acknowledgement, and the steps of the process the submitter is told about."""

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _

from app import links
from app.notify import services as outbox
from app.rfc.labels import STATUS, label
from app.rfc.models import Rfc, RfcEvent


def _url(rfc: Rfc) -> str:
    return links.current().rfc_url(rfc.reference, links.ORGANISATION)


def acknowledge(rfc: Rfc) -> None:
    """ "In goede orde ontvangen": the key names the reference this submission just took."""
    outbox.enqueue_new(
        f"rfc-ack:{rfc.reference}",
        rfc.contact_email,
        _("Your RFC %(reference)s has been received", reference=rfc.reference),
        "rfc_acknowledgement",
        rfc=rfc,
        rfc_url=_url(rfc),
        register_url=links.current().rfc_url(rfc.reference, links.GUEST),
    )


def tell_status(rfc: Rfc, event: RfcEvent) -> None:
    """A step the submitter is told about (domain.md), with the reason on rejection or hold; in the desk's
    language, not in the one the handler reads the desk in."""
    with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):
        _enqueue_status(rfc, event)


def _enqueue_status(rfc: Rfc, event: RfcEvent) -> None:
    outbox.enqueue(
        f"rfc-status:{rfc.reference}:{event.seq}",
        rfc.contact_email,
        _(
            "RFC %(reference)s: the status is now %(status)s",
            reference=rfc.reference,
            status=label(STATUS, rfc.status),
        ),
        "rfc_status",
        rfc=rfc,
        event=event,
        status=label(STATUS, rfc.status),
        rfc_url=_url(rfc),
    )
