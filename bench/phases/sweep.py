"""Phase 3: the SLA sweep in-process, 1,000 due clocks among 10,000 running ones on the small desk and
among as many as the large desk has cases (1,000,000) on the large one."""

from __future__ import annotations

import random
import statistics
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from bench.databases import Target, bulk_insert, desk_app, desk_overrides, vacuum_analyze
from bench.settings import (
    SCALE_LARGE,
    SCALE_SMALL,
    SWEEP_BUDGET_S,
    SWEEP_DUE,
    SWEEP_LARGE,
    SWEEP_MAX_RUNS,
    SWEEP_RUNS,
    SWEEP_SMALL,
    HarnessError,
    log,
)
from bench.world import World, seed_world


def _clock_rows(
    now: datetime, count: int, due: bool, rng: random.Random, first_subject: int, subjects: int
) -> list[dict]:
    """Deadline rows computed by the desk's own clock code; `due` ones owe the sweep an event now."""
    from app.sla import clocks, services
    from app.sla.models import Deadline
    from app.sla.sweep import due_events

    calendar = services.current_calendar()
    specs = [
        clocks.policy_clock("incident", "first_response"),
        clocks.policy_clock("incident", "resolution"),
        clocks.AP_NOTIFICATION,
    ]
    templates: list[dict] = []
    attempts = 0
    # A few hundred distinct clocks, repeated over the subjects. A due clock owes exactly one event
    # (a warning, a breach or an AP reminder), as the minute-by-minute sweep meets them: what fell
    # due before is stamped as done, the way an earlier sweep would have left it.
    while len(templates) < min(count, 300):
        attempts += 1
        if attempts > 100_000:
            raise HarnessError("could not build sweep clocks")
        spec = rng.choice(specs)
        ago = timedelta(seconds=rng.uniform(0, 5 * 24 * 3600)) if due else timedelta(seconds=rng.uniform(0, 1800))
        deadline = Deadline(
            kind=spec.kind,
            basis=spec.basis.value,
            amount=spec.amount,
            warn_fraction=spec.warn_fraction,
            reminders=list(spec.reminders),
            started_at=now - ago,
            paused_seconds=0,
            reminders_sent=0,
        )
        services.refresh(deadline, calendar)
        owed = due_events(deadline, now, calendar)
        for event in owed[:-1]:
            if event == "reminder":
                deadline.reminders_sent += 1
            elif event == "warn":
                deadline.warned_at = deadline.warn_at
        if len(owed) > 1 and owed[-1] == "breach" and deadline.warned_at is None:
            deadline.warned_at = deadline.warn_at
        services.refresh(deadline, calendar)
        owes = len(due_events(deadline, now, calendar))
        if due and owes != 1 or not due and owes != 0:
            continue
        if deadline.next_check_at is None or (deadline.next_check_at <= now) != due:
            continue
        templates.append({c.name: getattr(deadline, c.name) for c in Deadline.__table__.columns if c.name != "id"})
    rows = []
    for i in range(count):
        row = dict(templates[i % len(templates)])
        row.update(subject_type="case", subject_id=first_subject + i % subjects)
        rows.append(row)
    return rows


def _seed_clocks(target: Target, cases: int, running: int, now: datetime) -> None:
    """Replaces every clock by SWEEP_DUE due ones (on cases 1..SWEEP_DUE) and running - SWEEP_DUE
    that owe nothing yet (spread over all cases)."""
    from sqlalchemy import delete

    from app.extensions import db
    from app.sla import tallies
    from app.sla.models import Deadline

    rng = random.Random(11)
    with desk_app(target):
        db.session.execute(delete(Deadline))
        rows = _clock_rows(now, SWEEP_DUE, True, rng, 1, SWEEP_DUE)
        rows += _clock_rows(now, running - SWEEP_DUE, False, rng, 1, cases)
        for low in range(0, len(rows), 10_000):
            bulk_insert(Deadline.__table__, rows[low : low + 10_000])
        tallies.recount(db.session)  # as after any load around the desk
        db.session.commit()
        vacuum_analyze()


def _sweep_once(app, now: datetime, batch: int | None = None) -> tuple[float, object]:
    """Milliseconds of one run_sweep(now) (its flush and the SLA tallies' share of its commit included),
    rolled back afterwards."""
    from app.db_setup import writing
    from app.extensions import db
    from app.sla import tallies
    from app.sla.sweep import run_sweep

    with app.app_context():
        try:
            with writing():
                started = time.perf_counter()
                report = run_sweep(now) if batch is None else run_sweep(now, batch=batch)
                tallies.settle(db.session)  # the SLA tallies' share of the commit, which is rolled back here
                elapsed = time.perf_counter() - started
        finally:
            db.session.rollback()
            db.session.remove()
    return elapsed * 1000, report


@dataclass
class SweepFigures:
    ms_small: float
    ms_large: float
    errors: int

    @property
    def ratio(self) -> float:
        return self.ms_large / self.ms_small


def sweep_phase(target: Target, worlds: tuple[World, World] | None) -> SweepFigures:
    """SWEEP_DUE due clocks among SWEEP_SMALL running ones (on the small desk) and among
    SWEEP_LARGE (on the large one); the runs take turns, each rolled back. The desks' own clocks
    are replaced (the pages phase is done with them)."""
    from app import create_app
    from app.extensions import db

    log(
        f"== sweep on {target.name}: {SWEEP_DUE:,} due clocks among {SWEEP_SMALL:,} and among "
        f"{SWEEP_LARGE:,} running ones, {SWEEP_RUNS}-{max(SWEEP_RUNS, SWEEP_MAX_RUNS)} runs each in turns"
    )
    if worlds is None:
        worlds = (seed_world(target.small(), SCALE_SMALL), seed_world(target, SCALE_LARGE))
    small_target, large_target = worlds[0].target, worlds[1].target
    now = datetime.now(UTC)
    _seed_clocks(small_target, worlds[0].cases, SWEEP_SMALL, now)
    _seed_clocks(large_target, worlds[1].cases, SWEEP_LARGE, now)

    apps = {
        "small": create_app("production", **desk_overrides(small_target)),
        "large": create_app("production", **desk_overrides(large_target)),
    }
    times: dict[str, list[float]] = {"small": [], "large": []}
    errors = 0
    try:
        for app in apps.values():  # a running scheduler is warm: compiled templates, caches
            _sweep_once(app, now, batch=50)
        began = time.perf_counter()
        for number in range(max(SWEEP_RUNS, SWEEP_MAX_RUNS)):
            if number >= SWEEP_RUNS and time.perf_counter() - began > SWEEP_BUDGET_S:
                break
            order = ["small", "large"] if number % 2 == 0 else ["large", "small"]
            for name in order:
                elapsed, report = _sweep_once(apps[name], now)
                times[name].append(elapsed)
                if report.examined != SWEEP_DUE:
                    errors += 1
                    log(f"  ERROR the sweep examined {report.examined} clocks, {SWEEP_DUE} were due")
    finally:
        for app in apps.values():
            with app.app_context():
                db.engine.dispose()
    small, large = statistics.median(times["small"]), statistics.median(times["large"])
    log(f"  {SWEEP_SMALL:>7,} running: {small:7.0f} ms median  (runs: {', '.join(f'{t:.0f}' for t in times['small'])})")
    log(f"  {SWEEP_LARGE:>7,} running: {large:7.0f} ms median  (runs: {', '.join(f'{t:.0f}' for t in times['large'])})")
    log(f"  events per run: {report.events}")
    return SweepFigures(small, large, errors)
