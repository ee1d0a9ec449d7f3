"""Releases: creating one, and its draft release notes from the RFCs planned into it."""

from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select

from app.errors_domain import Conflict, NotAllowed, NotFound
from app.extensions import db
from app.rfc import access, planning
from app.rfc.models import Release, Rfc


@dataclass(frozen=True)
class NoteLine:
    """One RFC in the release notes, in its public words."""

    reference: str
    title: str
    type: str
    gegevensdienst: str | None
    description: str
    status: str


def create(name: str, kind: str, planned_on: date, summary: str | None, *, actor) -> Release:
    if not access.can_handle(actor):
        raise NotAllowed(_("Only the change manager and the analysts plan releases."))
    name = name.strip()
    if db.session.scalar(select(Release.id).where(Release.name == name)) is not None:
        raise Conflict(_("A release with this name exists already."), field="name")
    release = Release(
        name=name, kind=kind, planned_on=planned_on, summary=(summary or "").strip(), created_by_id=actor.id
    )
    db.session.add(release)
    db.session.flush()
    return release


def all_releases() -> list[Release]:
    return list(db.session.scalars(select(Release).order_by(Release.planned_on.desc(), Release.id.desc())))


def find(release_id: int) -> Release:
    release = db.session.get(Release, release_id)
    if release is None:
        raise NotFound(_("There is no such release."))
    return release


def in_freeze(release: Release) -> bool:
    return planning.in_freeze(release.planned_on)


def notes(release: Release) -> list[NoteLine]:
    """The draft release notes: each RFC planned into the release, as the public may read it."""
    rfcs = db.session.scalars(select(Rfc).where(Rfc.release_id == release.id).order_by(Rfc.reference))
    return [
        NoteLine(
            rfc.reference, rfc.public(rfc.title), rfc.type, rfc.gegevensdienst, rfc.public(rfc.description), rfc.status
        )
        for rfc in rfcs
    ]
