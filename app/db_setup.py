"""Engine settings per database: SQLite gets WAL, foreign keys, a busy timeout and write locks."""
from contextlib import contextmanager
from contextvars import ContextVar

from flask import g, has_request_context, request
from sqlalchemy import event
from sqlalchemy.engine import Engine

from app.extensions import db

_write_intent: ContextVar[bool] = ContextVar("write_intent", default=False)


@contextmanager
def writing():
    """Marks work outside a request (jobs, CLI) as a writer, so SQLite locks before it reads."""
    token = _write_intent.set(True)
    try:
        yield
    finally:
        _write_intent.reset(token)


def reading() -> None:
    """Marks what follows in this write request as reads only (validation, the answer after the
    commit): SQLite then takes no write lock, so other writers are not kept waiting meanwhile."""
    g.sqlite_reading = True


def start_writing() -> None:
    """Ends the reads on SQLite: their transaction closes, and the next one takes the write lock
    first. Other databases lock rows, not the database: there the reads and the writes share one
    transaction, which spares a commit and a connection checkout.

    What they read stays loaded, not expired: nothing was written, and the answer would only read
    it again (the participant a new report names)."""
    if g.pop("sqlite_reading", False) and db.engine.dialect.name == "sqlite":
        commit_keeping_loaded()  # nothing to write: it only ends the read transaction


def commit_keeping_loaded() -> None:
    """Commits without expiring what the session holds, for a caller that only shows it afterwards:
    expired, every row would be read again."""
    session = db.session()
    keep, session.expire_on_commit = session.expire_on_commit, False
    try:
        session.commit()
    finally:
        session.expire_on_commit = keep


def _wants_write() -> bool:
    if _write_intent.get():
        return True
    if not has_request_context() or g.get("sqlite_reading", False):
        return False
    return request.method not in ("GET", "HEAD", "OPTIONS")


def configure_engine_events(engine: Engine) -> None:
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "connect")
    def _sqlite_pragmas(dbapi_connection, _record):
        # Let SQLAlchemy, not pysqlite, emit BEGIN (see _begin below).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        # WAL lets readers work while one writer writes; the timeout queues concurrent writers.
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection):
        # A deferred transaction that reads and then writes fails at once ("database is locked")
        # when another writer committed in between; writers take the lock first and queue instead.
        connection.exec_driver_sql("BEGIN IMMEDIATE" if _wants_write() else "BEGIN")
