"""The append-only timeline: each event is chained to the previous one by SHA-256."""
import hashlib
import json

from sqlalchemy import select

from app import clock
from app.cases.models import Case, TimelineEvent
from app.extensions import db

GENESIS = "0" * 64


def _digest(prev_hash: str, event: TimelineEvent) -> str:
    payload = {
        "case": event.case_id,
        "seq": event.seq,
        "at": clock.as_utc(event.at).isoformat(),
        "actor": event.actor_label,
        "kind": event.kind,
        "visibility": event.visibility,
        "text": event.text,
        "data": event.data,
    }
    canonical = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256((prev_hash + canonical).encode()).hexdigest()


def append(
    case: Case,
    kind: str,
    text: str = "",
    *,
    actor=None,
    actor_label: str | None = None,
    visibility: str = "internal",
    data: dict | None = None,
    at=None,
) -> TimelineEvent:
    """Adds one event; the case row is locked so two writers never take the same sequence number."""
    if case.id is None:
        db.session.flush()
    db.session.execute(select(Case.id).where(Case.id == case.id).with_for_update())
    last = db.session.execute(
        select(TimelineEvent.seq, TimelineEvent.hash)
        .where(TimelineEvent.case_id == case.id)
        .order_by(TimelineEvent.seq.desc())
        .limit(1)
    ).first()
    seq, prev_hash = (last.seq + 1, last.hash) if last else (1, GENESIS)
    event = TimelineEvent(
        case_id=case.id,
        seq=seq,
        at=at or clock.now(),
        actor_id=actor.id if actor is not None else None,
        actor_label=actor_label or (actor.name if actor is not None else "system"),
        kind=kind,
        visibility=visibility,
        text=text,
        data=data or {},
        prev_hash=prev_hash,
    )
    event.hash = _digest(prev_hash, event)
    db.session.add(event)
    case.updated_at = event.at
    db.session.flush()
    return event


def verify_case(case_id: int) -> list[str]:
    """Problems found in one case's chain; an empty list means it is intact."""
    problems = []
    prev_hash, expected_seq = GENESIS, 1
    events = db.session.scalars(
        select(TimelineEvent).where(TimelineEvent.case_id == case_id).order_by(TimelineEvent.seq)
    )
    for event in events:
        if event.seq != expected_seq:
            problems.append(f"event {event.id}: sequence {event.seq}, expected {expected_seq}")
        if event.prev_hash != prev_hash:
            problems.append(f"event {event.id}: does not chain to the event before it")
        if _digest(event.prev_hash, event) != event.hash:
            problems.append(f"event {event.id}: content changed after it was written")
        prev_hash, expected_seq = event.hash, event.seq + 1
    return problems


def verify_all() -> dict[str, list[str]]:
    """Problems per case reference, for `flask timeline verify`."""
    result = {}
    case_ids = db.session.scalars(select(TimelineEvent.case_id).group_by(TimelineEvent.case_id))
    for case_id in list(case_ids):
        problems = verify_case(case_id)
        if problems:
            result[db.session.get(Case, case_id).reference] = problems
    return result

