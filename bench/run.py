"""`make bench`: the desk's speed, measured against the floor of this stack on this machine.

1. Intake, on SQLite (a WAL file) and on PostgreSQL: the desk under gunicorn (2 sync workers),
   the floor (bench/floor_app.py: Flask + Flask-SQLAlchemy inserting one row) and the rows floor
   (bench/rows_floor_app.py: the rows one real filing of the desk wrote, copied with Core and
   nothing else) under the same gunicorn, side by side. Each gets a short warm-up, then
   BENCH_REQUESTS data-breach reports through POST /api/v1/incidents from BENCH_CLIENTS
   concurrent clients, in BENCH_ROUNDS rounds that take turns between the three; throughput and
   p95 of each side are the medians over its rounds. Every report the desk answered is then
   checked in the database: the case, its deadlines (acknowledge met, the others running, the
   AP clock for a data breach), its next_due_at, its incident details and its acknowledgement in
   the outbox. The rows floor shows how much of the desk's cost is storing its rows at all
   (rows_floor_ratio: rows floor over floor, the most a desk storing those rows could reach).
2. The staff queue (GET /behandelen, logged in as a supervisor) on PostgreSQL: a desk with
   1,000 and a desk with 100,000 cases seeded in bulk (the PostgreSQL one in a second schema of
   the same database), each under gunicorn, timed in turns over a mix of views (first page, next
   page, filters, search); the figure is the p95 over all of them. BENCH_SQLITE_QUEUE=1 does the
   same on SQLite as extra information (off by default: it adds about a minute).
3. The SLA sweep (app.sla.sweep.run_sweep) on PostgreSQL, in-process: 1,000 due clocks (each
   owing one warning, breach or reminder) among 10,000 and among 100,000 running ones, in turns,
   each run rolled back; the median run.
4. The business calendar (app.sla.calendar), in-process: business time over four years measured
   and added back, against the same over one week, in turns; the best of CALENDAR_RUNS runs each
   (calendar_ms_4y, at most 10 ms; calendar_ratio_4y_1w among the extra figures).

It ends with one line (the figures the issue asks for):
  bench: intake_ratio_sqlite=R intake_ratio_pg=R intake_p95_ratio=R errors=N queue_p95_ms_1k=N
         queue_p95_ms_100k=N sweep_ms_100k=N sweep_ratio_10k_100k=R
intake_p95_ratio is the worse of the two databases; errors counts intake answers other than 201,
reports not stored as they should be, failed queue pages, sweeps that missed due clocks and
calendar round trips that did not come back. A missed target prints "TARGET MISSED: ..."; the exit
status is non-zero only when the harness itself fails.

Environment: BENCH_DATABASE_URL (default postgresql://postgres@127.0.0.1:5432/bench, created
when missing; its schemas public, bench_small and bench_rows are dropped and recreated), BENCH_REQUESTS
(2000), BENCH_CLIENTS (16), BENCH_WARMUP (50), BENCH_ROUNDS (8), BENCH_QUEUE_SAMPLES (samples
per queue view and scale, 25), BENCH_SWEEP_RUNS (at least 2), BENCH_SQLITE_QUEUE (0),
BENCH_SKIP (comma list of phases to skip: intake, queue, sweep, calendar).

The parts: bench/settings.py (these knobs), bench/databases.py, bench/servers.py (gunicorn),
bench/client.py (the HTTP clients), bench/phases/ (one module per phase), bench/report.py.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.databases import ensure_pg_database, make_targets  # noqa: E402 - needs ROOT on the path
from bench.phases.calendar import calendar_phase  # noqa: E402
from bench.phases.intake import intake_phase  # noqa: E402
from bench.phases.queue import queue_phase  # noqa: E402
from bench.phases.sweep import sweep_phase  # noqa: E402
from bench.report import Report  # noqa: E402
from bench.settings import PG_URL, SKIP, SQLITE_QUEUE, HarnessError, log  # noqa: E402


def main() -> int:
    report = Report()
    os.environ.setdefault("MELDPUNT_ENV", "production")
    workdir = Path(tempfile.mkdtemp(prefix="meldpunt-bench-"))
    (workdir / "uploads").mkdir()
    (workdir / "instance").mkdir()
    log(
        f"== machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at the start "
        "(figures from a busy machine are noisy; the phases take turns to spread the noise)"
    )
    try:
        ensure_pg_database(PG_URL)
        sqlite, pg = make_targets(workdir)
        if "intake" not in SKIP:
            report.intake({t.name: intake_phase(t) for t in (sqlite, pg)})
        worlds = None
        if "queue" not in SKIP:
            queue = queue_phase(pg)
            report.queue(queue)
            worlds = queue.worlds
        if "sweep" not in SKIP:
            report.sweep(sweep_phase(pg, worlds))
        if "queue" not in SKIP and SQLITE_QUEUE:
            report.sqlite_queue(queue_phase(sqlite))
        if "calendar" not in SKIP:
            report.calendar(calendar_phase())
        report.print()
        return 0
    except HarnessError as error:
        log(f"bench: harness failure: {error}")
        return 2
    except Exception:  # noqa: BLE001 - any harness failure is reported with its traceback, exit 2
        traceback.print_exc()
        log("bench: harness failure (see the traceback above)")
        return 2
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
