"""`make bench`: the desk's speed at 1,000 and at 1,000,000 cases, and intake against its floors.

1. Intake, on SQLite (a WAL file) and on PostgreSQL: the desk under gunicorn (2 sync workers),
   the floor (bench/floor_app.py: Flask + Flask-SQLAlchemy inserting one row) and the rows floor
   (bench/rows_floor_app.py: the rows one real filing of the desk wrote, copied with Core and
   nothing else) under the same gunicorn, side by side. Each gets a short warm-up, then
   BENCH_REQUESTS data-breach reports through POST /api/v1/incidents from BENCH_CLIENTS
   concurrent clients, in BENCH_ROUNDS rounds that take turns between the three; throughput and
   p95 of each side are the medians over its rounds. Every report the desk answered is then
   checked in the database (the case, its deadlines, next_due_at, incident details, the
   acknowledgement in the outbox). The target compares the desk with the rows floor. Then the
   desk and the rows floor file 300 reports each in the process, in turns, timed by SQLAlchemy's
   events (bench/phases/intake_split.py): own work, storing, the unit of work and the SQL of a
   filing, and the two ceilings of the ratio that follow.
2. Every page a user waits for, on PostgreSQL (bench/phases/pages.py): a desk of 1,000 and one of
   BENCH_SCALE_LARGE (1,000,000) cases, seeded in bulk by bench/world.py (20 timeline events and
   4 deadlines per case, 200 participants with cases, one with 5 % of them and one with 20, a
   measure on every tenth case, a register of 1,000 participants and 10,000 keurmerken, one case
   with 500 events and 50 files), served side by side and timed in turns: the staff queue (all its
   views), "my cases" (page and API, for both participants, and the staff's API list), the heavy
   case page, the SLA dashboard, the measures list, and the Keurmerkregister (page, CSV, Atom).
   Two views are also timed against their floors on the large desk's database, served alike by
   bench/floor_app.py in the same turns: the register CSV (the same rows by one query and
   csv.writer) and the staff's API list (the same page of the contract from six plain statements
   and json.dumps, bench/api_floor.py).
3. The SLA sweep (app.sla.sweep.run_sweep) in-process on the same two desks: 1,000 due clocks
   (each owing one warning, breach or reminder) among 10,000 and among 1,000,000 running ones,
   in turns, each run rolled back; the median run.
4. A national supplier's breach on PostgreSQL: 2,000 reports in 60 s from 200 clients, then
   filing on to 10,000 with each web worker's resident size after 5,000 and after 10,000.
5. The business calendar (app.sla.calendar), in-process: business time over four years measured
   and added back, against the same over one week; the best of CALENDAR_RUNS runs each.

It ends with two lines: `bench:` with every figure, `targets:` with every target (bench/report.py);
a missed target also prints "TARGET MISSED: ...". errors counts intake answers other than 201,
reports not stored as they should be, pages that did not answer 200, sweeps that missed due
clocks and calendar round trips that did not come back. The exit status is non-zero only when
the harness itself fails.

Environment: BENCH_DATABASE_URL (default postgresql://postgres@127.0.0.1:5432/bench, created
when missing; its schemas public, bench_small and bench_rows are dropped and recreated),
BENCH_REQUESTS (2000), BENCH_CLIENTS (16), BENCH_WARMUP (50), BENCH_ROUNDS (8),
BENCH_SCALE_LARGE (1000000), BENCH_PAGE_SAMPLES (samples per view and scale, 25),
BENCH_SWEEP_RUNS (at least 2), BENCH_BURST_REPORTS (2000), BENCH_BURST_SECONDS (60),
BENCH_BURST_CLIENTS (200), BENCH_MEMORY_FILINGS (10000), BENCH_DATA_KEY (a data key; one is
generated per run), BENCH_SKIP (comma list of phases to skip: intake, pages, sweep, burst, calendar).

The parts: bench/settings.py (these knobs), bench/databases.py, bench/world.py (the seeded desks),
bench/servers.py (gunicorn), bench/client.py (the HTTP clients), bench/phases/ (one module per
phase), bench/report.py (the figures against their targets), bench/explain.py (for a page group over its
target: its slowest view replayed in-process, its SQL time against the whole, the slowest query's plan).
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
from bench.phases.burst import burst_phase  # noqa: E402
from bench.phases.calendar import calendar_phase  # noqa: E402
from bench.phases.intake import intake_phase  # noqa: E402
from bench.phases.pages import pages_phase  # noqa: E402
from bench.phases.sweep import sweep_phase  # noqa: E402
from bench.report import Report  # noqa: E402
from bench.settings import PG_URL, SCALE_LARGE, SCALE_SMALL, SKIP, HarnessError, log  # noqa: E402


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
        if "pages" not in SKIP:
            pages = pages_phase(pg)
            report.pages(pages, SCALE_SMALL, SCALE_LARGE)
            worlds = pages.worlds
        if "sweep" not in SKIP:
            report.sweep(sweep_phase(pg, worlds), SCALE_LARGE)
        if "burst" not in SKIP:
            report.burst(burst_phase(pg))
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
