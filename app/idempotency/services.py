"""Claiming a key, storing the answer it got, replaying it, and forgetting keys after 24 hours."""

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError

from app import clock
from app.extensions import db
from app.idempotency.models import IdempotentRequest

KEPT_FOR = timedelta(hours=24)
# What claim() finds: a key never seen (or expired), the same request answered before, the same key
# with another request, or the same request still being handled by another process.
NEW, REPLAY, MISMATCH, RUNNING = "new", "replay", "mismatch", "running"


@dataclass(frozen=True)
class Claim:
    outcome: str
    key_hash: str
    answer: IdempotentRequest | None = None


def key_hash(caller: str, key: str) -> str:
    return hashlib.sha256(f"{caller}\n{key}".encode()).hexdigest()


def _expired(record: IdempotentRequest, now: datetime) -> bool:
    return clock.as_utc(record.created_at) <= now - KEPT_FOR


def _find(hashed: str) -> IdempotentRequest | None:
    return db.session.scalar(select(IdempotentRequest).where(IdempotentRequest.key_hash == hashed))


def claim(caller: str, key: str, fingerprint: str, now: datetime | None = None) -> Claim:
    """Claims the key for this request in the current transaction (flushed, not committed: it is
    stored with whatever the request stores, and vanishes with it when the request fails)."""
    now = now or clock.now()
    hashed = key_hash(caller, key)
    found = _find(hashed)
    if found is not None and _expired(found, now):
        db.session.delete(found)
        db.session.flush()
        found = None
    if found is None:
        try:
            with db.session.begin_nested():
                db.session.add(IdempotentRequest(key_hash=hashed, fingerprint=fingerprint, created_at=now))
            return Claim(NEW, hashed)
        except IntegrityError:
            # A concurrent request with this key committed first: it decides what this one gets.
            found = _find(hashed)
            if found is None:
                return Claim(RUNNING, hashed)
    if found.fingerprint != fingerprint:
        return Claim(MISMATCH, hashed)
    if found.status is None:
        return Claim(RUNNING, hashed)
    return Claim(REPLAY, hashed, found)


def store(hashed: str, fingerprint: str, status: int, headers: dict, body: bytes, now: datetime | None = None) -> None:
    """Keeps the answer under the key: the claimed row gets it, or a new row when none was committed."""
    changed = db.session.execute(
        update(IdempotentRequest)
        .where(IdempotentRequest.key_hash == hashed, IdempotentRequest.status.is_(None))
        .values(status=status, headers=headers, body=body)
    ).rowcount
    if changed:
        return
    try:
        with db.session.begin_nested():
            db.session.add(
                IdempotentRequest(
                    key_hash=hashed,
                    fingerprint=fingerprint,
                    created_at=now or clock.now(),
                    status=status,
                    headers=headers,
                    body=body,
                )
            )
    except IntegrityError:
        pass  # answered already (a concurrent request with this key): its answer stays the one replayed


def release(hashed: str) -> None:
    """Frees a claimed key whose request failed, so a retry runs again."""
    db.session.execute(
        delete(IdempotentRequest).where(IdempotentRequest.key_hash == hashed, IdempotentRequest.status.is_(None))
    )


def purge(now: datetime | None = None) -> int:
    """Forgets keys older than 24 hours (the scheduler's job; claim() ignores them anyway)."""
    cutoff = (now or clock.now()) - KEPT_FOR
    return db.session.execute(delete(IdempotentRequest).where(IdempotentRequest.created_at <= cutoff)).rowcount
