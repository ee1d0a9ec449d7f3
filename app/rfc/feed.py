"""The RFC register's Atom 1.0 feed of registrations and status changes (written by app/web/atom.py);
it names no submitter and gives no reasons (they are the submitter's and the foundation's)."""

from flask import url_for
from flask_babel import gettext as _

from app.rfc.labels import STATUS, label
from app.rfc.models import RfcEvent
from app.web import atom

LIMIT = 50


def title(event: RfcEvent) -> str:
    rfc = event.rfc
    status = (event.data or {}).get("to") or (event.data or {}).get("status") or "requested"
    return f"{rfc.reference} {rfc.public(rfc.title)}: {label(STATUS, status)}"


def summary(event: RfcEvent) -> str:
    data = event.data or {}
    if event.kind == "submitted":
        return _("Registered: %(status)s", status=label(STATUS, "requested"))
    return _(
        "%(previous)s → %(status)s", previous=label(STATUS, data.get("from")), status=label(STATUS, data.get("to"))
    )


def document(events: list[RfcEvent]) -> bytes:
    return atom.document(
        name="rfc-register",
        title=_("RFC register of Edu-V: status changes"),
        self_link=url_for("rfc.feed", _external=True),
        page_link=url_for("rfc.register", _external=True),
        entries=[
            atom.Entry(
                f"/event/{event.id}",
                title(event),
                event.at,
                url_for("rfc.register_entry", reference=event.rfc.reference, _external=True),
                summary(event),
            )
            for event in events
        ],
    )
