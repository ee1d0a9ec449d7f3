"""Login sessions kept on the server: the cookie carries a random token, the row its hash.

A session ends at logout, when the password changes (the other sessions), when an administrator
ends it or deactivates the account, and by itself: staff after STAFF_SESSION_IDLE_MINUTES without a
request or STAFF_SESSION_MAX_HOURS in all; participants after PERMANENT_SESSION_LIFETIME.
"""

import hashlib
import secrets
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import select, update

from app import clock
from app.auth.models import User, UserSession
from app.extensions import db

# last_seen_at is written at most this often: not a write on every request (SQLite has one writer).
TOUCH_INTERVAL = timedelta(minutes=1)


def hash_session_token(token: str) -> str:
    """The token is long and random, so a plain SHA-256 is enough to store it safely."""
    return hashlib.sha256(token.encode()).hexdigest()


def start(user: User, *, user_agent: str | None = None) -> str:
    """Opens a session row for the user; returns its token (set on the user for flask-login too)."""
    token = secrets.token_urlsafe(32)
    now = clock.now()
    db.session.add(
        UserSession(
            token_hash=hash_session_token(token),
            user_id=user.id,
            created_at=now,
            last_seen_at=now,
            user_agent=(user_agent or "")[:200] or None,
        )
    )
    db.session.flush()
    user.session_token = token
    return token


def lookup(token: str | None) -> UserSession | None:
    if not token:
        return None
    return db.session.scalar(select(UserSession).where(UserSession.token_hash == hash_session_token(token)))


def expires_at(row: UserSession) -> datetime:
    """When the session ends by itself if nothing else happens."""
    created, seen = clock.as_utc(row.created_at), clock.as_utc(row.last_seen_at)
    config = current_app.config
    if row.user.is_staff:
        idle = seen + timedelta(minutes=config["STAFF_SESSION_IDLE_MINUTES"])
        return min(idle, created + timedelta(hours=config["STAFF_SESSION_MAX_HOURS"]))
    return created + current_app.permanent_session_lifetime


def is_live(row: UserSession, now: datetime | None = None) -> bool:
    now = now or clock.now()
    return row.ended_at is None and row.user.active and now < expires_at(row)


def touch(row: UserSession) -> bool:
    """Notes that the session is in use, at most once a minute; True when it wrote."""
    now = clock.now()
    if now - clock.as_utc(row.last_seen_at) < TOUCH_INTERVAL:
        return False
    row.last_seen_at = now
    return True


def end(row: UserSession) -> None:
    if row.ended_at is None:
        row.ended_at = clock.now()


def end_all(user: User, *, keep: str | None = None) -> int:
    """Ends every open session of the user (but the one whose token is `keep`); returns how many."""
    query = update(UserSession).where(UserSession.user_id == user.id, UserSession.ended_at.is_(None))
    if keep:
        query = query.where(UserSession.token_hash != hash_session_token(keep))
    result = db.session.execute(query.values(ended_at=clock.now()).execution_options(synchronize_session=False))
    return result.rowcount or 0


def open_sessions(user: User) -> list[UserSession]:
    """The user's sessions that have not ended, newest first (expired ones drop out)."""
    rows = db.session.scalars(
        select(UserSession)
        .where(UserSession.user_id == user.id, UserSession.ended_at.is_(None))
        .order_by(UserSession.created_at.desc())
    )
    now = clock.now()
    return [row for row in rows if is_live(row, now)]
