"""Where a filing's time goes, in the process: the desk's own work, SQLAlchemy's unit of work and the SQL.

Served, intake is timed against the rows floor (bench/phases/intake.py). This part shows what bounds
that ratio: the desk and the rows floor file the same reports through their test clients, in turns,
while SQLAlchemy's events time every statement (cursor execution and commit) and every flush. A
flush's time less the statements inside it is the unit of work: what the ORM adds to storing the
rows, Core's own work for the flush's statements included (their parameters, encrypted columns among
them); a flush's time with the statements run outside flushes and the commits is storing; the rest
is the side's own work. Scaled to the served cost of a report, two ceilings follow:
- without the unit of work: the desk's served cost less the unit of work's share;
- storing as the rows floor does: the desk's own work plus the rows floor's storing. No desk that
  keeps the desk's own work can beat that.
"""

from __future__ import annotations

import statistics
import time
from dataclasses import dataclass
from pathlib import Path

from bench.settings import log

FILINGS = 100  # a turn
TURNS = 3  # each side, alternating


@dataclass
class Timings:
    """Per filing, in ms: the whole request; storing (statements run through SQLAlchemy, flushes and
    the commit); the unit of work (the flushes less their SQL); the SQL itself (cursor and commit)."""

    whole: float
    storing: float
    unit_of_work: float
    sql: float

    @property
    def own(self) -> float:
        """Everything but storing: the request, validation, clocks, chain, notices, the answer."""
        return self.whole - self.storing


class _Stopwatch:
    """SQLAlchemy event listeners timing the flushes, the statements run outside them and the commits."""

    def __init__(self, engine, session_class):
        self.engine, self.session_class = engine, session_class
        self.flush = self.outside = self.sql = self.sql_in_flush = 0.0
        self._statement = self._execute = self._commit = self._flush_start = None

    def _listeners(self):
        return [
            (self.engine, "before_execute", self._before_execute),
            (self.engine, "after_execute", self._after_execute),
            (self.engine, "before_cursor_execute", self._before_statement),
            (self.engine, "after_cursor_execute", self._after_statement),
            (self.engine, "commit", self._before_commit),
            (self.session_class, "after_commit", self._after_commit),
            (self.session_class, "before_flush", self._before_flush),
            (self.session_class, "after_flush_postexec", self._after_flush),
        ]

    def __enter__(self):
        from sqlalchemy import event

        for target, name, listener in self._listeners():
            event.listen(target, name, listener)
        return self

    def __exit__(self, *_exc):
        from sqlalchemy import event

        for target, name, listener in self._listeners():
            event.remove(target, name, listener)

    def _before_execute(self, *_args):
        if self._flush_start is None:
            self._execute = time.perf_counter()

    def _after_execute(self, *_args):
        if self._execute is not None:
            self.outside += time.perf_counter() - self._execute
            self._execute = None

    def _before_statement(self, *_args):
        self._statement = time.perf_counter()

    def _after_statement(self, *_args):
        spent = time.perf_counter() - self._statement
        self.sql += spent
        if self._flush_start is not None:
            self.sql_in_flush += spent

    def _before_commit(self, *_args):
        self._commit = time.perf_counter()

    def _after_commit(self, *_args):
        if self._commit is not None:
            spent = time.perf_counter() - self._commit
            self.sql += spent
            self.outside += spent
            self._commit = None

    def _before_flush(self, *_args):
        self._flush_start = time.perf_counter()

    def _after_flush(self, *_args):
        self.flush += time.perf_counter() - self._flush_start
        self._flush_start = None


def _turn(app, bodies: list[bytes]) -> Timings:
    from flask_sqlalchemy.session import Session

    from app.extensions import db

    client = app.test_client()
    with app.app_context(), _Stopwatch(db.engine, Session) as watch:
        began = time.perf_counter()
        for body in bodies:
            answer = client.post("/api/v1/incidents", data=body, content_type="application/json")
            if answer.status_code != 201:
                raise RuntimeError(f"in-process filing answered {answer.status_code}: {answer.data[:200]!r}")
        whole = time.perf_counter() - began
    per = 1000 / len(bodies)
    return Timings(
        whole * per,
        (watch.flush + watch.outside) * per,
        (watch.flush - watch.sql_in_flush) * per,
        watch.sql * per,
    )


def _median(timings: list[Timings]) -> Timings:
    names = ("whole", "storing", "unit_of_work", "sql")
    return Timings(*(statistics.median(getattr(t, name) for t in timings) for name in names))


@dataclass
class Split:
    desk: Timings
    rows: Timings

    def ceilings(self, served_ratio: float) -> tuple[float, float]:
        """The served ratio the desk could reach without its unit of work, and storing as the rows floor."""
        without_uow = served_ratio * self.desk.whole / (self.desk.whole - self.desk.unit_of_work)
        as_rows_floor = served_ratio * self.desk.whole / (self.desk.own + self.rows.storing)
        return without_uow, as_rows_floor

    def describe(self, name: str) -> str:
        d, r = self.desk, self.rows
        return (
            f"  in the process ({TURNS} turns of {FILINGS} each, medians, ms a filing) [{name}]: desk {d.whole:.2f} = "
            f"own work {d.own:.2f} + storing {d.storing:.2f} (unit of work {d.unit_of_work:.2f}, SQL {d.sql:.2f}); "
            f"rows floor {r.whole:.2f} = own work {r.own:.2f} + storing {r.storing:.2f} (SQL {r.sql:.2f})"
        )


def intake_split(desk_target, rows_url: str, template: Path, bodies: list[bytes]) -> Split:
    """The desk (on desk_target's database) and the rows floor (on rows_url) file `bodies` in turns."""
    from bench import rows_floor_app
    from bench.databases import desk_app

    rows_app = rows_floor_app.create_app(rows_url, str(template))
    desk_turns, rows_turns = [], []
    with desk_app(desk_target) as app:
        for number in range(TURNS):
            chunk = bodies[number * FILINGS : (number + 1) * FILINGS]
            desk_turns.append(_turn(app, chunk))
            rows_turns.append(_turn(rows_app, chunk))
    with rows_app.app_context():
        from app.extensions import db

        db.engine.dispose()
    split = Split(_median(desk_turns), _median(rows_turns))
    log(split.describe(desk_target.name))
    return split
