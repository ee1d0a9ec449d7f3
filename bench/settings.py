"""The bench's knobs (BENCH_* environment variables), its fixed scales, and the helpers every phase uses."""

from __future__ import annotations

import os

from cryptography.fernet import Fernet

PG_URL = os.environ.get("BENCH_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/bench")
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "2000"))
CLIENTS = int(os.environ.get("BENCH_CLIENTS", "16"))
WARMUP = int(os.environ.get("BENCH_WARMUP", "50"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "8"))
QUEUE_SAMPLES = int(os.environ.get("BENCH_QUEUE_SAMPLES", "25"))
SQLITE_QUEUE = os.environ.get("BENCH_SQLITE_QUEUE", "0") not in ("0", "", "no", "false")
SKIP = {p.strip() for p in os.environ.get("BENCH_SKIP", "").split(",") if p.strip()}
SECRET = "bench-not-secret"
# The desk's data key for the runs (encryption at rest); generated per run, like the databases.
DATA_KEY = Fernet.generate_key().decode()
SUPERVISOR_EMAIL, SUPERVISOR_PASSWORD = "behandelaar@bench.example", "bench-wachtwoord-123"
PARTICIPANTS = 20
SWEEP_DUE, SWEEP_SMALL, SWEEP_LARGE = 1_000, 10_000, 100_000
QUEUE_SMALL, QUEUE_LARGE = 1_000, 100_000
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
