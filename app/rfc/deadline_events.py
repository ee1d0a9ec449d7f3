"""What an RFC's lead-time events mean (a warning to its analyst, a breach escalated to the change managers),
what `sla` may know of RFCs (policy keys, labels, links), and the RFC events of the API's feed and webhooks."""

from datetime import datetime

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import case, literal, select
from sqlalchemy.orm import selectinload

from app import links
from app.auth.models import Role, User
from app.cases import event_feed
from app.cases.deadline_events import DigestLine, digest
from app.cases.labels import DEADLINE_KIND, label
from app.extensions import db
from app.i18n import localdt
from app.notify import services as outbox
from app.rfc import access, workflow
from app.rfc.models import Rfc, RfcEvent
from app.rfc.services import clocks, events
from app.sla import admin as sla_admin
from app.sla.sweep import DueEvent, register_handler


def _coordinators() -> list[User]:
    query = select(User).where(User.role == Role.COORDINATOR.value, User.active.is_(True)).order_by(User.id)
    return list(db.session.scalars(query))


def _line(rfc: Rfc, deadline) -> DigestLine:
    return DigestLine(
        deadline.id,
        rfc.reference,
        rfc.title,
        label(DEADLINE_KIND, deadline.kind),
        localdt(deadline.due_at),
        rfc.analyst.name if rfc.analyst else _("not assigned"),
        links.current().rfc_url(rfc.reference, links.STAFF),
    )


def on_deadline_events(due: list[DueEvent], now: datetime) -> None:
    """Warnings go to the RFC's analyst (the change managers while none is assigned); a breach goes on the
    RFC's events and to the change managers and the analyst. One digest per recipient and batch."""
    ids = sorted({event.deadline.subject_id for event in due})
    rfcs = {r.id: r for r in db.session.scalars(select(Rfc).where(Rfc.id.in_(ids)).options(selectinload(Rfc.analyst)))}
    coordinators = _coordinators()
    digests: dict[tuple[str, int], tuple[User, list[DigestLine]]] = {}
    with force_locale("nl"):
        for event in due:
            rfc = rfcs.get(event.deadline.subject_id)
            if rfc is None or not rfc.is_open or event.kind == "reminder":
                continue
            owners = [rfc.analyst] if rfc.analyst is not None else coordinators
            if event.kind == "breach":
                events.append(
                    rfc,
                    "deadline_breached",
                    actor_label=events.DESK,
                    visibility="internal",
                    data={"kind": event.deadline.kind, "due": event.deadline.due_at.isoformat()},
                    at=now,
                )
                owners = list({user.id: user for user in [*coordinators, *owners]}.values())
            for user in owners:
                digests.setdefault((event.kind, user.id), (user, []))[1].append(_line(rfc, event.deadline))
        outbox.enqueue_all([digest(what, user, lines) for (what, _id), (user, lines) in digests.items()])


def _rows():
    variant = case(
        (Rfc.priority.in_(workflow.URGENT_PRIORITIES), literal("urgent")),
        else_=Rfc.type,
    )
    return select(
        Rfc.id.label("id"),
        literal(clocks.SUBJECT).label("case_type"),
        variant.label("variant"),
        Rfc.reference.label("label"),
        Rfc.status.in_(workflow.OPEN).label("is_open"),
    )


def _staff_url(reference: str) -> str:
    return links.current().rfc_url(reference, links.STAFF, external=False)


def _deadlines_moved(rfc_ids: list[int], cause: str, actor) -> None:
    """A policy or calendar change moved these RFCs' clocks: keep their order, say so on their events."""
    for rfc in db.session.scalars(select(Rfc).where(Rfc.id.in_(rfc_ids)).order_by(Rfc.id)):
        clocks.sync_next_due(rfc)
        events.append(rfc, "deadlines_recomputed", actor=actor, visibility="internal", data={"cause": cause})


# -- the API's events: rfc.status_changed -------------------------------------------------------------


def _rfc_event(api_event) -> RfcEvent:
    return db.session.get(RfcEvent, api_event.rfc_event_id)


def _visible(viewer, api_event) -> bool:
    return access.receives_event(viewer.user, api_event.organisation_id)


def _reference(api_event) -> str:
    return _rfc_event(api_event).rfc.reference


def _data(api_event) -> dict:
    source = _rfc_event(api_event)
    data = source.data or {}
    return {"from": data.get("from"), "to": data.get("to"), "reason": source.text}


def register() -> None:
    register_handler(clocks.SUBJECT, on_deadline_events)
    source = sla_admin.SubjectSource(_rows, _staff_url, _deadlines_moved, Rfc, ("status",))
    sla_admin.register_subjects(clocks.SUBJECT, source)
    event_feed.register_rfc_events(event_feed.RfcEvents(_visible, _reference, _data))
