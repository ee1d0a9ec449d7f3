"""Engine settings per database: SQLite gets WAL, foreign keys, a busy timeout and write locks."""

import re
import sqlite3
import time
from collections.abc import Callable
from contextlib import contextmanager
from contextvars import ContextVar
from functools import wraps

from flask import has_request_context, request
from sqlalchemy import event, exc, func, literal_column, or_, text
from sqlalchemy.dialects import postgresql as postgresql_dialect
from sqlalchemy.dialects import sqlite as sqlite_dialect
from sqlalchemy.engine import Engine, make_url

from app.extensions import db

_write_intent: ContextVar[bool] = ContextVar("write_intent", default=False)
_no_wait: ContextVar[bool] = ContextVar("no_wait", default=False)
_reads_only: ContextVar[bool] = ContextVar("reads_only", default=False)
BUSY_TIMEOUT_SECONDS = 30
# How long a bookkeeping write (try_write_now) may wait for a PostgreSQL row lock before it gives up.
NO_WAIT_LOCK_TIMEOUT_MS = 200


@contextmanager
def writing():
    """Marks work outside a request (jobs, CLI) as a writer, so SQLite locks before it reads."""
    token = _write_intent.set(True)
    try:
        yield
    finally:
        _write_intent.reset(token)


def reads_first(view: Callable) -> Callable:
    """For a view that validates (reads) before it writes and answers after its commit: on SQLite its
    reads take no write lock, so other writers are not kept waiting meanwhile; the lock is held only
    inside `writes()`. Other databases lock rows, not the database: there it changes nothing."""

    @wraps(view)
    def reading_view(*args, **kwargs):
        token = _reads_only.set(True)
        try:
            return view(*args, **kwargs)
        finally:
            _reads_only.reset(token)

    return reading_view


@contextmanager
def writes():
    """The writes of a `reads_first` view and their one commit.

    On SQLite the reads' transaction ends first (nothing was written), so the next one takes the
    write lock before it reads or writes anything, and the commit releases it before the answer is
    built. What the writes stored stays loaded through the commit: the answer shows the rows as
    written instead of reading them back. A refusal raised inside rolls everything back."""
    reads_only = _reads_only.get()
    if reads_only and db.engine.dialect.name == "sqlite":
        _commit_keeping_loaded()  # ends the read transaction; nothing to write
    _reads_only.set(False)
    try:
        yield
        _commit_keeping_loaded()
    except BaseException:
        db.session.rollback()
        raise
    finally:
        _reads_only.set(reads_only)


def _commit_keeping_loaded() -> None:
    session = db.session()
    keep, session.expire_on_commit = session.expire_on_commit, False
    try:
        session.commit()
    finally:
        session.expire_on_commit = keep


def try_write_now(statement) -> bool:
    """Runs one small bookkeeping statement in its own short transaction, on its own connection,
    at once or not at all: when another writer holds the lock it is skipped (False), never waited
    for and never an error. The caller's own transaction, often a read, stays a read.

    For what may be lost now and then (a token's last use), never for a case's data."""
    token = _no_wait.set(True)
    try:
        with db.engine.connect() as connection:
            if connection.dialect.name == "postgresql":
                connection.exec_driver_sql(f"SET LOCAL lock_timeout = {NO_WAIT_LOCK_TIMEOUT_MS}")
            connection.execute(statement)
            connection.commit()
        return True
    except exc.OperationalError:  # the lock is busy (or the database away: the request will tell)
        return False
    finally:
        _no_wait.reset(token)


def write_apart(statement) -> None:
    """Runs one statement in its own transaction on its own connection, queued like any writer and
    committed at once. For a record a reading request must keep (the access log): on SQLite a read
    transaction cannot write once another writer committed after it began."""
    token = _write_intent.set(True)
    try:
        with db.engine.begin() as connection:
            connection.execute(statement)
    finally:
        _write_intent.reset(token)


def writes_anyway() -> bool:
    """True when the current request or job is a writer (on SQLite its transaction holds the write
    lock): a small bookkeeping write may then go into its own transaction, at no extra cost."""
    return _wants_write()


def _wants_write() -> bool:
    if _write_intent.get():
        return True
    if not has_request_context() or _reads_only.get():
        return False
    return request.method not in ("GET", "HEAD", "OPTIONS")


def engine_options(url: str) -> dict:
    """The engine's options for a database URL."""
    # A connection the database dropped meanwhile (a restart) is replaced before use.
    # hide_parameters: an error's message (and so a logged traceback) names no stored value, such as
    # the e-mail address a login looked up.
    options = {"pool_pre_ping": True, "hide_parameters": True}
    if make_url(url).get_driver_name() == "psycopg2":
        # psycopg2's executemany() sends a statement per row, and the sweep stamps hundreds of
        # clocks in one flush: batches send them a hundred rows per round trip.
        options["executemany_mode"] = "values_plus_batch"
    return options


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
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_SECONDS * 1000}")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection):
        # A deferred transaction that reads and then writes fails at once ("database is locked")
        # when another writer committed in between; writers take the lock first and queue instead.
        if _no_wait.get():
            _begin_immediate_or_fail(connection.connection.dbapi_connection)
        elif _wants_write():
            _begin_immediate(connection.connection.dbapi_connection)
        else:
            connection.exec_driver_sql("BEGIN")


def _begin_immediate(dbapi_connection) -> None:
    """Takes SQLite's write lock, polling every fraction of a millisecond while another writer
    holds it. SQLite's own busy handler sleeps 1, 2, 5, 10 ... 100 ms between tries, so a queued
    writer would sleep on for milliseconds after the lock came free: writers would take turns
    with idle gaps between them instead of one after the other."""
    dbapi_connection.execute("PRAGMA busy_timeout=0")
    try:
        deadline, pause = time.monotonic() + BUSY_TIMEOUT_SECONDS, 0.0001
        while True:
            try:
                dbapi_connection.execute("BEGIN IMMEDIATE")
                return
            except sqlite3.OperationalError as error:
                if "locked" not in str(error) or time.monotonic() > deadline:
                    # As SQLAlchemy raises what its own statements meet: callers catch one kind.
                    raise exc.DBAPIError.instance("BEGIN IMMEDIATE", None, error, sqlite3.Error) from error
            time.sleep(pause)
            pause = min(pause * 2, 0.001)
    finally:
        dbapi_connection.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_SECONDS * 1000}")


def _begin_immediate_or_fail(dbapi_connection) -> None:
    """Takes SQLite's write lock if it is free this instant, else raises "database is locked"."""
    dbapi_connection.execute("PRAGMA busy_timeout=0")
    try:
        dbapi_connection.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as error:
        raise exc.DBAPIError.instance("BEGIN IMMEDIATE", None, error, sqlite3.Error) from error
    finally:
        dbapi_connection.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_SECONDS * 1000}")


@contextmanager
def migrating(connection):
    """Runs migrations on a connection with SQLite's foreign keys off: a batch migration rebuilds a
    table (copy, drop, rename), and dropping the old table would otherwise delete or refuse the rows
    that reference it. Call it before the connection begins a transaction (the pragma is ignored
    inside one); check_foreign_keys() confirms the rebuilt tables before the commit."""
    raw = connection.connection.dbapi_connection if connection.dialect.name == "sqlite" else None
    if raw is not None:
        raw.execute("PRAGMA foreign_keys=OFF")
    try:
        yield
    finally:
        if raw is not None:
            raw.execute("PRAGMA foreign_keys=ON")


def check_foreign_keys(connection) -> None:
    """On SQLite, raises when a migration left rows whose foreign keys point nowhere (PostgreSQL
    never lets that happen)."""
    if connection.dialect.name != "sqlite":
        return
    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
    if broken:
        raise RuntimeError(f"Rows with broken foreign keys (table, rowid, parent, key): {broken}")


def text_search(q: str, columns, document):
    """A condition: the text `q` is in one of `columns`. PostgreSQL matches its words in `document`,
    a full-text index over exactly those columns (Dutch stemming); SQLite has no such index and looks
    for the text in each column with LIKE, which ignores case (ASCII, as its lower() does), so no
    lower() call per row."""
    if db.session.get_bind().dialect.name == "postgresql":
        return document.op("@@")(func.plainto_tsquery(literal_column("'dutch'"), q))
    pattern = "%" + re.sub(r"([\\%_])", r"\\\1", q) + "%"
    return or_(*(column.like(pattern, escape="\\") for column in columns))


# Both databases skip or update a row whose unique key is taken with the same ON CONFLICT clause;
# SQLAlchemy spells the statement per dialect.
_UPSERTS = {"postgresql": postgresql_dialect.insert, "sqlite": sqlite_dialect.insert}


def upsert(table, bind=None):
    """An INSERT for `table` that takes on_conflict_do_nothing()/on_conflict_do_update(), in the
    dialect of `bind` (a connection), else of the session's database."""
    return _UPSERTS[(bind or db.session.get_bind()).dialect.name](table)


def ordered_scan_is_cheaper() -> bool:
    """True on SQLite, whose text search (LIKE) reads whole rows: one scan and a sort cost the same
    for a rare word as for a common one, where walking an index in order would read rows at random."""
    return db.session.get_bind().dialect.name == "sqlite"


# SQLite's OperationalError also means "no such table"; only these say the database is busy.
_SQLITE_UNAVAILABLE = ("locked", "busy", "unable to open", "disk i/o")


def is_unavailable(driver_error) -> bool:
    """For a driver's OperationalError or InterfaceError: does it say the database cannot serve now?
    Every such error of a server database does (refused, lost, lock or statement timeout); SQLite's
    only when it is busy or its file cannot be opened."""
    if isinstance(driver_error, sqlite3.Error):
        return any(sign in str(driver_error).lower() for sign in _SQLITE_UNAVAILABLE)
    return True


# Append-only tables (the access log): the database itself refuses UPDATE and DELETE, so no code
# path, and no staff member with a bug to exploit, can rewrite who looked at what.
_REFUSE_FUNCTION = (
    "CREATE OR REPLACE FUNCTION refuse_append_only_change() RETURNS trigger LANGUAGE plpgsql AS "
    "$$ BEGIN RAISE EXCEPTION '% is append-only', TG_TABLE_NAME; END $$"
)


def append_only_ddl(table: str, dialect: str) -> list[str]:
    """The statements that make `table` refuse UPDATE and DELETE on this dialect (the migration copies them)."""
    if dialect == "postgresql":
        return [
            _REFUSE_FUNCTION,
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION refuse_append_only_change()",
        ]
    return [
        f"CREATE TRIGGER {table}_no_{verb.lower()} BEFORE {verb} ON {table} "
        f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END"
        for verb in ("UPDATE", "DELETE")
    ]


def append_only(table) -> None:
    """Adds the refusing triggers whenever `table` is created from the models (tests, create_all)."""
    table.info["append_only"] = True

    @event.listens_for(table, "after_create")
    def _guard(target, connection, **_kw):
        for statement in append_only_ddl(target.name, connection.dialect.name):
            connection.execute(text(statement))  # text() escapes the % the driver would read as a parameter


def empty_append_only(connection, table) -> None:
    """Empties an append-only table, for the test suite's clean slate between tests: PostgreSQL's
    TRUNCATE passes its row triggers; SQLite's triggers are dropped for the delete and put back."""
    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql(f'TRUNCATE "{table.name}" RESTART IDENTITY')
        return
    for verb in ("update", "delete"):
        connection.exec_driver_sql(f"DROP TRIGGER IF EXISTS {table.name}_no_{verb}")
    connection.execute(table.delete())
    for statement in append_only_ddl(table.name, "sqlite"):
        connection.exec_driver_sql(statement)
