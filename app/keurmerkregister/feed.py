"""The register's Atom 1.0 feed of keurmerk status changes (written by app/web/atom.py)."""

from flask import url_for
from flask_babel import gettext as _

from app.cases.labels import label
from app.compliance.labels import KEURMERK_STATUS
from app.compliance.models import RegisterEvent
from app.keurmerkregister import listing
from app.web import atom

LIMIT = 50


def title(event: RegisterEvent) -> str:
    keurmerk = event.keurmerk
    return f"{keurmerk.product.name} – {keurmerk.gegevensdienst}: {label(KEURMERK_STATUS, event.status)}"


def summary(event: RegisterEvent) -> str:
    text = _(
        "%(previous)s → %(status)s",
        previous=label(KEURMERK_STATUS, event.previous),
        status=label(KEURMERK_STATUS, event.status),
    )
    if event.measure is not None and event.measure.publish:
        text = f"{text}. {listing.public_reason(event.measure)}"
    return text


def document(events: list[RegisterEvent]) -> bytes:
    return atom.document(
        name="keurmerkregister",
        title=_("Keurmerkregister of Edu-V: status changes"),
        self_link=url_for("keurmerkregister.feed", _external=True),
        page_link=url_for("keurmerkregister.index", _external=True),
        entries=[
            atom.Entry(
                f"/event/{event.id}",
                title(event),
                event.at,
                url_for("keurmerkregister.participant", participant_id=event.participant_id, _external=True),
                summary(event),
            )
            for event in events
        ],
    )
