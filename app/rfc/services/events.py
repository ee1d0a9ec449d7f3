"""An RFC's append-only events: who, when, what and why, each chained to the previous one by hash; a status
change is also an API event (`rfc.status_changed`) for the feed and the webhooks."""

from sqlalchemy import select

from app import clock
from app.cases.event_models import RFC_STATUS_CHANGED, ApiEvent
from app.cases.timeline import GENESIS, chain_hash
from app.extensions import db
from app.rfc.models import Rfc, RfcEvent

DESK = "Edu-V Meldpunt"


def _payload(event: RfcEvent) -> dict:
    return {
        "rfc": event.rfc_id,
        "seq": event.seq,
        "at": clock.as_utc(event.at).isoformat(),
        "actor": event.actor_label,
        "kind": event.kind,
        "visibility": event.visibility,
        "text": event.text,
        "data": event.data,
    }


def append(
    rfc: Rfc,
    kind: str,
    text: str = "",
    *,
    actor=None,
    actor_label: str | None = None,
    visibility: str = "internal",
    data: dict | None = None,
    at=None,
) -> RfcEvent:
    """Adds one event; the RFC's row is locked so two writers never take the same sequence number."""
    if rfc.id is None:
        db.session.flush()
    db.session.execute(select(Rfc.id).where(Rfc.id == rfc.id).with_for_update())
    last = db.session.execute(
        select(RfcEvent.seq, RfcEvent.hash).where(RfcEvent.rfc_id == rfc.id).order_by(RfcEvent.seq.desc()).limit(1)
    ).first()
    seq, prev_hash = (last.seq, last.hash) if last else (0, GENESIS)
    event = RfcEvent(
        rfc_id=rfc.id,
        seq=seq + 1,
        at=at or clock.now(),
        actor_id=actor.id if actor is not None else None,
        actor_label=actor_label or (actor.name if actor is not None else DESK),
        kind=kind,
        visibility=visibility,
        text=text,
        data=data or {},
        prev_hash=prev_hash,
    )
    event.hash = chain_hash(prev_hash, _payload(event))
    db.session.add(event)
    db.session.flush()
    if kind == "status":
        # Stored with the change it reports; the submitter's organisation and the foundation receive it.
        db.session.add(
            ApiEvent(type=RFC_STATUS_CHANGED, rfc_event_id=event.id, organisation_id=rfc.organisation_id, at=event.at)
        )
    rfc.updated_at = event.at
    return event


def of(rfc: Rfc, scopes: tuple[str, ...]) -> list[RfcEvent]:
    """The RFC's events the scopes cover, oldest first."""
    return list(
        db.session.scalars(
            select(RfcEvent).where(RfcEvent.rfc_id == rfc.id, RfcEvent.visibility.in_(scopes)).order_by(RfcEvent.seq)
        )
    )


def verify(rfc_id: int) -> list[str]:
    """Problems found in one RFC's chain; an empty list means it is intact."""
    problems = []
    prev_hash, expected_seq = GENESIS, 1
    for event in db.session.scalars(select(RfcEvent).where(RfcEvent.rfc_id == rfc_id).order_by(RfcEvent.seq)):
        if event.seq != expected_seq:
            problems.append(f"event {event.id}: sequence {event.seq}, expected {expected_seq}")
        if event.prev_hash != prev_hash:
            problems.append(f"event {event.id}: does not chain to the event before it")
        if chain_hash(event.prev_hash, _payload(event)) != event.hash:
            problems.append(f"event {event.id}: content changed after it was written")
        prev_hash, expected_seq = event.hash, event.seq + 1
    return problems
