"""The RFC register's Atom 1.0 feed of registrations and status changes, built with ElementTree so all text
is escaped; it names no submitter and gives no reasons (they are the submitter's and the foundation's)."""

from datetime import UTC, datetime
from urllib.parse import urlsplit
from xml.etree import ElementTree as ET

from flask import current_app, url_for
from flask_babel import gettext as _

from app import clock
from app.rfc.labels import STATUS, label
from app.rfc.models import RfcEvent

ATOM = "http://www.w3.org/2005/Atom"
LIMIT = 50
# An empty feed still needs an `updated`; a fixed moment keeps it the same on every request.
EMPTY_UPDATED = datetime(2026, 1, 1, tzinfo=UTC)
# The tag URI's date is part of the id and must never change, or readers see every entry as new.
TAG_DATE = "2026"


def _stamp(moment: datetime) -> str:
    return clock.as_utc(moment).isoformat(timespec="seconds").replace("+00:00", "Z")


def _tag(path: str) -> str:
    host = urlsplit(current_app.config["PUBLIC_BASE_URL"]).hostname or "localhost"
    return f"tag:{host},{TAG_DATE}:rfc-register{path}"


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


def _add(parent: ET.Element, name: str, text: str | None = None, **attributes) -> ET.Element:
    element = ET.SubElement(parent, name, attributes)
    element.text = text
    return element


def document(events: list[RfcEvent]) -> bytes:
    feed = ET.Element("feed", xmlns=ATOM)
    _add(feed, "id", _tag(""))
    _add(feed, "title", _("RFC register of Edu-V: status changes"))
    _add(feed, "updated", _stamp(events[0].at if events else EMPTY_UPDATED))
    _add(_add(feed, "author"), "name", "Stichting Edu-V")
    _add(feed, "link", rel="self", href=url_for("rfc.feed", _external=True))
    _add(feed, "link", rel="alternate", type="text/html", href=url_for("rfc.register", _external=True))
    for event in events:
        entry = _add(feed, "entry")
        _add(entry, "id", _tag(f"/event/{event.id}"))
        _add(entry, "title", title(event))
        _add(entry, "updated", _stamp(event.at))
        _add(
            entry,
            "link",
            rel="alternate",
            type="text/html",
            href=url_for("rfc.register_entry", reference=event.rfc.reference, _external=True),
        )
        _add(entry, "summary", summary(event), type="text")
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)
