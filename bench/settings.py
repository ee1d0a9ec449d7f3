"""The bench's knobs (BENCH_* environment variables), its fixed scales, and the helpers every phase uses."""

from __future__ import annotations

import os

from cryptography.fernet import Fernet

PG_URL = os.environ.get("BENCH_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/bench")
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "2000"))
CLIENTS = int(os.environ.get("BENCH_CLIENTS", "16"))
WARMUP = int(os.environ.get("BENCH_WARMUP", "50"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "8"))
PAGE_SAMPLES = int(os.environ.get("BENCH_PAGE_SAMPLES", "25"))
SKIP = {p.strip() for p in os.environ.get("BENCH_SKIP", "").split(",") if p.strip()}
SECRET = "bench-not-secret"
# The desk's data key for the runs (encryption at rest); generated per run, like the databases, unless
# BENCH_DATA_KEY names one (to look at a seeded database afterwards with the desk's own tools).
DATA_KEY = os.environ.get("BENCH_DATA_KEY") or Fernet.generate_key().decode()
SUPERVISOR_EMAIL, SUPERVISOR_PASSWORD = "behandelaar@bench.example", "bench-wachtwoord-123"
PARTICIPANTS = 20
# The two desks the pages and the sweep are measured on (issue 14: 1,000 and 1,000,000 cases).
SCALE_SMALL = 1_000
SCALE_LARGE = int(os.environ.get("BENCH_SCALE_LARGE", "1000000"))
SWEEP_DUE, SWEEP_SMALL, SWEEP_LARGE = 1_000, 10_000, SCALE_LARGE  # due clocks; running ones on each desk
# A national supplier's breach: reports spread over seconds from clients (issue 14); then the
# workers' memory after MEMORY_FILINGS filings in all.
BURST_REPORTS = int(os.environ.get("BENCH_BURST_REPORTS", "2000"))
BURST_SECONDS = float(os.environ.get("BENCH_BURST_SECONDS", "60"))
BURST_CLIENTS = int(os.environ.get("BENCH_BURST_CLIENTS", "200"))
MEMORY_FILINGS = int(os.environ.get("BENCH_MEMORY_FILINGS", "10000"))
SWEEP_RUNS = int(os.environ.get("BENCH_SWEEP_RUNS", "2"))  # at least, each scale
SWEEP_MAX_RUNS, SWEEP_BUDGET_S = 5, 30  # more runs while they are cheap
CALENDAR_RUNS = 20  # each span; the best run counts


class HarnessError(RuntimeError):
    """The bench itself could not run (not a missed target)."""


def log(message: str = "") -> None:
    print(message, flush=True)


def p95(values: list[float]) -> float:
    """Nearest-rank 95th percentile."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    rank = max(1, -(-95 * len(ordered) // 100))
    return ordered[rank - 1]
