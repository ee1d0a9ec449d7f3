"""Atom 1.0 feeds (RFC 4287) for the public registers, built with ElementTree so all text is escaped."""

from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urlsplit
from xml.etree import ElementTree as ET

from flask import current_app

from app import clock

ATOM = "http://www.w3.org/2005/Atom"
# An empty feed still needs an `updated`; a fixed moment keeps it the same on every request.
EMPTY_UPDATED = datetime(2026, 1, 1, tzinfo=UTC)
# The tag URI's date is part of the id and must never change, or readers see every entry as new.
TAG_DATE = "2026"


@dataclass(frozen=True)
class Entry:
    path: str  # the entry's part of its tag id, e.g. "/event/12": stable for ever
    title: str
    updated: datetime
    link: str
    summary: str


def _stamp(moment: datetime) -> str:
    return clock.as_utc(moment).isoformat(timespec="seconds").replace("+00:00", "Z")


def _add(parent: ET.Element, name: str, text: str | None = None, **attributes) -> ET.Element:
    element = ET.SubElement(parent, name, attributes)
    element.text = text
    return element


def document(*, name: str, title: str, self_link: str, page_link: str, entries: list[Entry]) -> bytes:
    """The feed `name` (the tag ids' namespace, e.g. "keurmerkregister"), newest entry first."""
    host = urlsplit(current_app.config["PUBLIC_BASE_URL"]).hostname or "localhost"
    tag = f"tag:{host},{TAG_DATE}:{name}"
    # Plain names under a default xmlns: ElementTree's default_namespace refuses unqualified attributes.
    feed = ET.Element("feed", xmlns=ATOM)
    _add(feed, "id", tag)
    _add(feed, "title", title)
    _add(feed, "updated", _stamp(entries[0].updated if entries else EMPTY_UPDATED))
    _add(_add(feed, "author"), "name", "Stichting Edu-V")
    _add(feed, "link", rel="self", href=self_link)
    _add(feed, "link", rel="alternate", type="text/html", href=page_link)
    for item in entries:
        entry = _add(feed, "entry")
        _add(entry, "id", f"{tag}{item.path}")
        _add(entry, "title", item.title)
        _add(entry, "updated", _stamp(item.updated))
        _add(entry, "link", rel="alternate", type="text/html", href=item.link)
        _add(entry, "summary", item.summary, type="text")
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)
