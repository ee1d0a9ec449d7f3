"""The API events as a caller may see them: the feed (`GET /events`) and the webhook fan-out share one rule.

An event reaches a caller when the caller may see its case and its timeline event (app/cases/access.py);
its `data` holds only that event's own content, which that visibility already covers. The RFC desk's events
(`rfc.status_changed`) are the RFC desk's to judge and word: it registers them with `register_rfc_events`.
"""

import base64
import binascii
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from app import clock
from app.cases import access
from app.cases.event_models import ApiEvent
from app.cases.models import Case, CaseParty
from app.extensions import db
from app.notify import webhooks
from app.notify.models import WebhookEndpoint

DEFAULT_LIMIT, MAX_LIMIT = 50, 200
# A page scans at most this many events for the caller's, so a party among many cases is still answered fast.
MAX_SCAN = 2000
FAN_OUT_BATCH = 200


@dataclass(frozen=True)
class Page:
    items: list[dict]
    next_cursor: str | None


def encode_cursor(event_id: int) -> str:
    return base64.urlsafe_b64encode(f"e{event_id}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> int:
    """The position a cursor stands for; a ValueError for anything a page did not give."""
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
    except (binascii.Error, UnicodeDecodeError):
        raise ValueError("not a cursor") from None
    number = text[1:]
    if not text.startswith("e") or not number.isdigit() or not number.isascii() or len(number) > 18:
        raise ValueError("not a cursor")
    return int(number)


@dataclass(frozen=True)
class RfcEvents:
    """What the RFC desk (a layer above `cases`) says of its events: whether a viewer may see one (its
    access module decides), and the event's reference and data."""

    visible: Callable[[access.Viewer, ApiEvent], bool]
    reference: Callable[[ApiEvent], str]
    data: Callable[[ApiEvent], dict]


_rfc_events: list[RfcEvents] = []


def register_rfc_events(source: RfcEvents) -> None:
    _rfc_events[:] = [source]


def visible(viewer: access.Viewer, event: ApiEvent) -> bool:
    if event.case_id is None:
        return bool(_rfc_events) and _rfc_events[0].visible(viewer, event)
    case = event.case
    return access.can_view(viewer, case) and access.can_see_item(viewer, case, event.timeline_event.visibility)


def item(event: ApiEvent) -> dict:
    """The event as the feed lists it and a webhook delivers it (call only where `visible`)."""
    if event.case_id is None:
        reference, data = _rfc_events[0].reference(event), _rfc_events[0].data(event)
    else:
        source, case = event.timeline_event, event.case
        reference, data = case.reference, _data(event.type, source, case)
    return {
        "id": event.public_id,
        "type": event.type,
        "at": clock.as_utc(event.at).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "reference": reference,
        "data": data,
    }


def _data(event_type: str, source, case: Case) -> dict:
    data = source.data or {}
    if event_type == "case.filed":
        return {"caseType": case.type, "title": case.title}
    if event_type == "case.status_changed":
        return {"from": data.get("from"), "to": data.get("to"), "reason": source.text}
    if event_type == "case.message":
        files = [file["name"] for file in data.get("files", [])]
        return {"author": source.actor_label, "body": source.text, "visibility": source.visibility, "files": files}
    if event_type == "case.response_requested":
        return {"organisationId": data.get("organisation"), "question": source.text, "dueAt": _utc(data.get("due"))}
    if event_type == "case.decided":
        return {"outcome": data.get("outcome"), "reasoning": source.text}
    # measure.changed: what happened to which measure (its detail is on the case, as the caller may read it).
    return {
        "measureId": data.get("measure"),
        "kind": data.get("kind"),
        "change": source.kind.removeprefix("measure_"),
        "replacedBy": data.get("replacedBy"),
    }


def _utc(moment: str | None) -> str | None:
    if not moment:
        return None
    return clock.as_utc(datetime.fromisoformat(moment)).strftime("%Y-%m-%dT%H:%M:%SZ")


def _events(after: int, limit: int, organisation_id: int | None):
    query = (
        select(ApiEvent)
        .where(ApiEvent.id > after)
        .order_by(ApiEvent.id)
        .limit(limit)
        .options(selectinload(ApiEvent.case).selectinload(Case.parties), selectinload(ApiEvent.timeline_event))
    )
    if organisation_id is not None:
        query = query.where(
            or_(
                ApiEvent.case_id.in_(select(CaseParty.case_id).where(CaseParty.organisation_id == organisation_id)),
                ApiEvent.organisation_id == organisation_id,
            )
        )
    return list(db.session.scalars(query))


def page(viewer: access.Viewer, after: int | None, limit: int = DEFAULT_LIMIT) -> Page:
    """The viewer's events after the position, oldest first. The cursor stands after the last event read,
    also when none of them was the viewer's, so a poller keeps its place; null only before any event."""
    scope = access.listing_filter(viewer)
    position = after or 0
    items: list[dict] = []
    if scope is None:
        return Page([], encode_cursor(position) if after is not None else None)
    scanned = 0
    while len(items) < limit and scanned < MAX_SCAN:
        batch = _events(position, min(limit * 2, MAX_LIMIT), scope.get("organisation_id"))
        if not batch:
            break
        for event in batch:
            position, scanned = event.id, scanned + 1
            if visible(viewer, event):
                items.append(item(event))
                if len(items) == limit:
                    break
    return Page(items, encode_cursor(position) if position else None)


def subscriber(endpoint: WebhookEndpoint) -> access.Viewer:
    return access.subscriber_viewer(endpoint.organisation_id)


def fan_out(batch: int = FAN_OUT_BATCH) -> int:
    """Queues a delivery of each new event to every endpoint subscribed to its type that may see it,
    with what that endpoint may see; returns how many events were handed out. Flushes, never commits."""
    events = list(
        db.session.scalars(
            select(ApiEvent)
            .where(ApiEvent.fanned_out.is_(False))
            .order_by(ApiEvent.id)
            .limit(batch)
            .with_for_update(skip_locked=True)
        )
    )
    if not events:
        return 0
    endpoints = [(endpoint, subscriber(endpoint)) for endpoint in db.session.scalars(select(WebhookEndpoint))]
    for event in events:
        for endpoint, viewer in endpoints:
            if event.type in endpoint.event_types and visible(viewer, event):
                webhooks.enqueue(endpoint, event.public_id, event.type, webhooks.as_json(item(event)))
        event.fanned_out = True
    db.session.flush()
    return len(events)
