"""The scheduler lease: one row per name, held by at most one live process at a time."""

import os
import secrets
import socket
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import case, delete, select

from app import db_setup
from app.db_setup import writing
from app.extensions import db
from app.scheduler.models import SchedulerLease

_table = SchedulerLease.__table__


@dataclass(frozen=True)
class LeaseInfo:
    holder: str
    acquired_at: datetime
    expires_at: datetime


def wall_now() -> datetime:
    # A lease measures whether a process is alive, so it reads the real clock: a test or
    # benchmark that freezes app.clock must not keep a dead holder's lease alive forever.
    return datetime.now(UTC)


def new_holder() -> str:
    """Unique per process: host and pid let an operator find it, the token tells restarts apart."""
    return f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(4)}"


def try_acquire(name: str, holder: str, ttl_seconds: float, now: datetime | None = None) -> bool:
    """Takes the lease if it is free or expired, renews it if we hold it; True if we hold it now."""
    now = now or wall_now()
    expires_at = now + timedelta(seconds=ttl_seconds)
    # A separate connection and short transaction: the lease never rides along with job work.
    with writing(), db.engine.begin() as conn:
        stmt = db_setup.upsert(_table, conn).values(name=name, holder=holder, acquired_at=now, expires_at=expires_at)
        # One atomic statement, so two processes racing for a free or expired lease cannot both
        # win: the database serialises the conflicting writes and re-checks the WHERE for the loser.
        stmt = stmt.on_conflict_do_update(
            index_elements=[_table.c.name],
            set_={
                "holder": stmt.excluded.holder,
                "expires_at": stmt.excluded.expires_at,
                # A renewal keeps the original acquisition time; a takeover starts a new one.
                "acquired_at": case(
                    (_table.c.holder == holder, _table.c.acquired_at),
                    else_=stmt.excluded.acquired_at,
                ),
            },
            where=(_table.c.expires_at < now) | (_table.c.holder == holder),
        )
        conn.execute(stmt)
        current = conn.execute(select(_table.c.holder).where(_table.c.name == name)).scalar()
    return current == holder


def holds(name: str, holder: str, now: datetime | None = None) -> bool:
    """Whether `holder` holds an unexpired lease (checked before each job run)."""
    now = now or wall_now()
    with db.engine.connect() as conn:
        row = conn.execute(
            select(_table.c.name).where(_table.c.name == name, _table.c.holder == holder, _table.c.expires_at >= now)
        ).first()
    return row is not None


def current(name: str) -> LeaseInfo | None:
    """The lease row as stored (possibly expired), or None when nobody ever took or kept it."""
    with db.engine.connect() as conn:
        row = conn.execute(
            select(_table.c.holder, _table.c.acquired_at, _table.c.expires_at).where(_table.c.name == name)
        ).first()
    return LeaseInfo(*row) if row else None


def release(name: str, holder: str) -> bool:
    """Gives the lease up so a standby takes over at its next heartbeat; only the holder may."""
    with writing(), db.engine.begin() as conn:
        result = conn.execute(delete(_table).where(_table.c.name == name, _table.c.holder == holder))
    return result.rowcount > 0
