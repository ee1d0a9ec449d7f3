"""The databases the bench runs on (SQLite files, PostgreSQL schemas) and the desk app bound to one of them."""

from __future__ import annotations

import json
import os
import re
import urllib.parse
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from bench.settings import DATA_KEY, PARTICIPANTS, PG_URL, SECRET, HarnessError


def ensure_pg_database(url: str) -> None:
    import psycopg2

    parts = urllib.parse.urlsplit(url)
    name = parts.path.lstrip("/")
    admin = urllib.parse.urlunsplit(parts._replace(path="/postgres"))
    try:
        connection = psycopg2.connect(admin)
    except psycopg2.Error as error:
        raise HarnessError(f"PostgreSQL is not reachable at {admin}: {error}") from None
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,))
        if cursor.fetchone() is None:
            cursor.execute(f'CREATE DATABASE "{name}"')
    connection.close()


SMALL_SCHEMA = "bench_small"
ROWS_SCHEMA = "bench_rows"


def pg_schema(url: str) -> str:
    """The schema a URL works in: public, or the one its search_path option names."""
    options = urllib.parse.parse_qs(urllib.parse.urlsplit(url).query).get("options", [""])[0]
    match = re.search(r"search_path=(\w+)", options)
    return match.group(1) if match else "public"


def with_schema(url: str, schema: str) -> str:
    parts = urllib.parse.urlsplit(url)
    query = urllib.parse.urlencode({"options": f"-csearch_path={schema}"})
    return urllib.parse.urlunsplit(parts._replace(query=query))


def reset_pg_schema(url: str) -> None:
    import psycopg2

    schema = pg_schema(url)
    connection = psycopg2.connect(url)
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
        cursor.execute(f'CREATE SCHEMA "{schema}"')
    connection.close()


@dataclass
class Target:
    """One database the bench runs on: the desk's URL and the floor's (same kind, own file/db)."""

    name: str  # sqlite | pg
    desk_url: str
    floor_url: str
    workdir: Path

    def small(self) -> Target:
        """A second desk database of the same kind for the small scale, so that the small and
        the large scale can be timed in turns (another SQLite file; another PostgreSQL schema)."""
        if self.name == "pg":
            url = with_schema(self.desk_url, SMALL_SCHEMA)
        else:
            url = self.desk_url.replace("desk.sqlite", "desk-small.sqlite")
        return Target(self.name, url, self.floor_url, self.workdir)

    def rows(self) -> Target:
        """The rows floor's database: the desk's tables in another SQLite file or PostgreSQL schema
        (its floor_url is its own, so resetting it leaves the floor's alone)."""
        if self.name == "pg":
            url = with_schema(self.desk_url, ROWS_SCHEMA)
        else:
            url = self.desk_url.replace("desk.sqlite", "rows.sqlite")
        return Target(self.name, url, url, self.workdir)


def make_targets(workdir: Path) -> list[Target]:
    sqlite_dir = workdir / "sqlite"
    sqlite_dir.mkdir()
    return [
        Target(
            "sqlite", f"sqlite:///{sqlite_dir / 'desk.sqlite'}", f"sqlite:///{sqlite_dir / 'floor.sqlite'}", workdir
        ),
        Target("pg", PG_URL, PG_URL, workdir),
    ]


def reset_database(target: Target) -> None:
    if target.name == "pg":
        reset_pg_schema(target.desk_url)
    else:
        for url in {target.desk_url, target.floor_url}:
            path = Path(url.removeprefix("sqlite:///"))
            for suffix in ("", "-wal", "-shm"):
                Path(str(path) + suffix).unlink(missing_ok=True)


def desk_overrides(target: Target) -> dict:
    return {
        "SQLALCHEMY_DATABASE_URI": target.desk_url,
        "SECRET_KEY": SECRET,
        "DATA_KEYS": DATA_KEY,
        "RATELIMIT_ENABLED": False,
        "SCHEDULER_ENABLED": False,
        "UPLOAD_DIR": target.workdir / "uploads",
        "INSTANCE_DIR": target.workdir / "instance",
        "SESSION_COOKIE_SECURE": False,
        "PUBLIC_BASE_URL": "http://127.0.0.1",
    }


def desk_env(target: Target) -> dict:
    env = dict(os.environ)
    env.update(
        {
            "MELDPUNT_ENV": "production",
            "DATABASE_URL": target.desk_url,
            "SECRET_KEY": SECRET,
            "MELDPUNT_DATA_KEYS": DATA_KEY,
            "RATELIMIT_ENABLED": "0",
            "SCHEDULER_ENABLED": "0",
            "UPLOAD_DIR": str(target.workdir / "uploads"),
            "INSTANCE_DIR": str(target.workdir / "instance"),
            "SESSION_COOKIE_SECURE": "0",
            "PUBLIC_BASE_URL": "http://127.0.0.1",
        }
    )
    return env


@contextmanager
def desk_app(target: Target):
    """The desk app with a context pushed; the engine is disposed afterwards."""
    from app import create_app
    from app.extensions import db

    app = create_app("production", **desk_overrides(target))
    with app.app_context():
        try:
            yield app
        finally:
            db.session.remove()
            db.engine.dispose()


def create_desk_schema(target: Target, participants: int = PARTICIPANTS) -> list[int]:
    """Creates the desk's tables and `participants` participants in the register; returns their ids."""
    from app.extensions import db
    from app.register.models import Organisation

    with desk_app(target):
        db.create_all()
        organisations = [
            Organisation(
                name=f"Leverancier {i:02d} B.V.",
                kind="supplier",
                is_participant=True,
                category="Leermiddelen",
                stage="Deelnemersovereenkomst",
                contact_email=f"security@leverancier{i:02d}.example",
            )
            for i in range(1, participants + 1)
        ]
        db.session.add_all(organisations)
        db.session.commit()
        return [o.id for o in organisations]


def bulk_insert(table, rows: list[dict]) -> None:
    """Many rows at once in the current session's transaction: COPY on PostgreSQL (seeding
    100,000 cases through INSERTs takes most of a minute), executemany on SQLite."""
    import csv
    import io

    from sqlalchemy import insert

    from app.extensions import db

    if not rows:
        return
    connection = db.session.connection()
    if connection.dialect.name != "postgresql":
        connection.execute(insert(table), rows)
        return
    columns = list(rows[0])
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in rows:
        out = []
        for name in columns:
            value = row[name]
            if value is None:
                out.append("\\N")
            elif isinstance(value, datetime):
                out.append(value.astimezone(UTC).isoformat())
            elif isinstance(value, (list, dict)):
                out.append(json.dumps(value))
            else:
                out.append(value)
        writer.writerow(out)
    buffer.seek(0)
    cursor = connection.connection.driver_connection.cursor()
    cursor.copy_expert(f"COPY {table.name} ({', '.join(columns)}) FROM STDIN WITH (FORMAT csv, NULL '\\N')", buffer)
    cursor.close()


def vacuum_analyze() -> None:
    """The steady state autovacuum would reach (statistics, visibility map), so that neither a
    planner without statistics nor an autovacuum run in the middle of the timing skews it."""
    from app.extensions import db

    db.session.commit()
    if db.engine.dialect.name == "postgresql":
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.exec_driver_sql("VACUUM (ANALYZE)")
    else:
        db.session.execute(db.text("ANALYZE"))
        db.session.commit()
