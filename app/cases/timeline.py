"""The append-only timeline: each event is chained to the previous one by SHA-256."""

import hashlib
import json

from sqlalchemy import event as sa_event
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app import clock
from app.cases import access
from app.cases.event_models import TYPES_BY_KIND, ApiEvent
from app.cases.models import Case, TimelineEvent
from app.extensions import db

GENESIS = "0" * 64
# The chain ends this transaction already holds (locked or newly created), by case id: appending
# to them again needs no lock and no read. Forgotten when the transaction ends.
_HEADS = "timeline_heads"


@sa_event.listens_for(Session, "after_transaction_end")
def _forget_heads(session, transaction) -> None:
    if transaction.parent is None:
        session.info.pop(_HEADS, None)


def _heads() -> dict[int, tuple[int, str]]:
    return db.session.info.setdefault(_HEADS, {})


def start_chain(case: Case) -> None:
    """A case created in this transaction: nobody else can see it, so its chain starts unlocked."""
    _heads()[case.id] = (0, GENESIS)


def chain_hash(prev_hash: str, payload: dict) -> str:
    """The SHA-256 that chains an event's canonical content to the hash of the event before it
    (also the RFC desk's events, app/rfc/services/events.py)."""
    canonical = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256((prev_hash + canonical).encode()).hexdigest()


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
    return chain_hash(prev_hash, payload)


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
    flush: bool = True,
) -> TimelineEvent:
    """Adds one event; the case row is locked so two writers never take the same sequence number.

    flush=False leaves the insert to the caller's next flush (filing writes its rows in one go);
    the event then has no id yet.
    """
    if case.id is None:
        db.session.flush()
    head = _heads().get(case.id)
    if head is None:
        db.session.execute(select(Case.id).where(Case.id == case.id).with_for_update())
        last = db.session.execute(
            select(TimelineEvent.seq, TimelineEvent.hash)
            .where(TimelineEvent.case_id == case.id)
            .order_by(TimelineEvent.seq.desc())
            .limit(1)
        ).first()
        head = (last.seq, last.hash) if last else (0, GENESIS)
    event = _chained(
        case,
        head[0] + 1,
        head[1],
        kind,
        text,
        actor=actor,
        actor_label=actor_label,
        visibility=visibility,
        data=data,
        at=at,
    )
    if flush:
        db.session.flush()
    return event


def _chained(
    case: Case,
    seq: int,
    prev_hash: str,
    kind: str,
    text: str = "",
    *,
    actor=None,
    actor_label: str | None = None,
    visibility: str = "internal",
    data: dict | None = None,
    at=None,
) -> TimelineEvent:
    event = TimelineEvent(
        case_id=case.id,
        seq=seq,
        at=at or clock.now(),
        actor_id=actor.id if actor is not None else None,
        actor_label=access.shown_label(case, actor, actor_label or (actor.name if actor is not None else "system")),
        kind=kind,
        visibility=visibility,
        text=text,
        data=data or {},
        prev_hash=prev_hash,
    )
    event.hash = _digest(prev_hash, event)
    db.session.add(event)
    api_type = TYPES_BY_KIND.get(kind)
    if api_type is not None:
        # Stored with the change it reports, so the page and the API both produce it (app/cases/event_feed.py).
        db.session.add(ApiEvent(type=api_type, case=case, timeline_event=event, at=event.at))
    case.updated_at = event.at
    _heads()[case.id] = (seq, event.hash)
    return event


def append_many(entries: list[tuple[Case, str, dict]]) -> list[TimelineEvent]:
    """Several events at once, as (case, kind, keyword arguments of append()): one lock, one read
    of the chains' ends and one flush, where append() costs that per event (the sweep's breaches).
    Events on the same case chain in the order given."""
    if not entries:
        return []
    ids = sorted({case.id for case, _kind, _fields in entries})
    # Locked in id order, so two writers of several cases never wait on each other in a circle.
    db.session.execute(select(Case.id).where(Case.id.in_(ids)).order_by(Case.id).with_for_update())
    ends_query = (
        select(TimelineEvent.case_id, func.max(TimelineEvent.seq).label("seq"))
        .where(TimelineEvent.case_id.in_(ids))
        .group_by(TimelineEvent.case_id)
        .subquery()
    )
    ends = {
        case_id: (seq, last_hash)
        for case_id, seq, last_hash in db.session.execute(
            select(TimelineEvent.case_id, TimelineEvent.seq, TimelineEvent.hash).join(
                ends_query, (TimelineEvent.case_id == ends_query.c.case_id) & (TimelineEvent.seq == ends_query.c.seq)
            )
        )
    }
    events = []
    for case, kind, fields in entries:
        seq, prev_hash = ends.get(case.id, (0, GENESIS))
        event = _chained(case, seq + 1, prev_hash, kind, **fields)
        ends[case.id] = (event.seq, event.hash)
        events.append(event)
    db.session.flush()
    return events


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


def reseal(case: Case) -> str:
    """Chains a case's events again after erasure blanked some of them; returns the head hash before.

    The caller checks the chain with verify_case() first (a broken chain is never resealed, so
    erasure cannot hide tampering) and then appends an `erased` event recording the old head: the
    chain stays verifiable, and the moment it was resealed, by whom and why is part of it.
    """
    db.session.execute(select(Case.id).where(Case.id == case.id).with_for_update())
    events = list(
        db.session.scalars(select(TimelineEvent).where(TimelineEvent.case_id == case.id).order_by(TimelineEvent.seq))
    )
    before = events[-1].hash if events else GENESIS
    prev_hash = GENESIS
    for event in events:
        event.prev_hash = prev_hash
        event.hash = _digest(prev_hash, event)
        prev_hash = event.hash
    _heads()[case.id] = (events[-1].seq if events else 0, prev_hash)
    db.session.flush()
    return before
