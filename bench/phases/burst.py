"""Phase 4: a national supplier's breach (2,000 reports in 60 s from 200 clients), then the web workers' memory.

The burst is paced: each of BURST_CLIENTS clients files its share at its own moments spread over
BURST_SECONDS, as schools reporting one supplier's leak would, not as fast as the desk answers.
Afterwards the desk files on at full speed; each gunicorn worker's resident size is read from /proc
after half of MEMORY_FILINGS and after all of them (the growth is the second half's).
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from pathlib import Path

from bench.client import LoadResult, describe, exchange, raw_post, run_load
from bench.databases import Target, create_desk_schema, desk_env, reset_database
from bench.phases.intake import bodies_for, check_desk_intake
from bench.servers import Server
from bench.settings import BURST_CLIENTS, BURST_REPORTS, BURST_SECONDS, CLIENTS, MEMORY_FILINGS, log, p95


def paced_load(port: int, bodies: list[bytes], clients: int, seconds: float) -> LoadResult:
    """Report i is sent at i * seconds / len(bodies) after the start, by client i % clients."""
    n = len(bodies)
    statuses: list[int | None] = [None] * n
    latencies = [0.0] * n
    payloads = [b""] * n
    failures: list[str] = []
    lock = threading.Lock()
    began = time.perf_counter()

    def client(number: int) -> None:
        for i in range(number, n, clients):
            wait = began + i * seconds / n - time.perf_counter()
            if wait > 0:
                time.sleep(wait)
            started = time.perf_counter()
            try:
                statuses[i], payloads[i] = exchange(port, raw_post(port, "/api/v1/incidents", bodies[i]))
            except OSError as error:
                with lock:
                    failures.append(f"request {i}: {error!r}")
            latencies[i] = time.perf_counter() - started

    threads = [threading.Thread(target=client, args=(c,), daemon=True) for c in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return LoadResult("burst", time.perf_counter() - began, statuses, latencies, payloads, failures)


def worker_rss_mb(master_pid: int) -> list[float]:
    """The resident size of each gunicorn worker (the master's children), in MB."""
    children = Path(f"/proc/{master_pid}/task/{master_pid}/children").read_text().split()
    sizes = []
    for pid in children:
        status = Path(f"/proc/{pid}/status").read_text()
        kb = next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS:"))
        sizes.append(kb / 1024)
    return sizes


@dataclass
class BurstFigures:
    errors: int
    burst_seconds: float
    burst_p95_ms: float
    rss_mb: float  # the largest worker after MEMORY_FILINGS
    rss_growth_mb: float  # the largest growth of a worker over the second half


def burst_phase(target: Target) -> BurstFigures:
    log(
        f"== burst on {target.name}: {BURST_REPORTS:,} reports in {BURST_SECONDS} s from {BURST_CLIENTS} clients, "
        f"then filing on to {MEMORY_FILINGS:,} with each worker's memory"
    )
    reset_database(target)
    participant_ids = create_desk_schema(target)
    # One supplier's leak: every report names the same participant.
    burst = bodies_for(BURST_REPORTS, participant_ids[:1], seed=5, tag="Burst")
    half = MEMORY_FILINGS // 2
    more = bodies_for(MEMORY_FILINGS - BURST_REPORTS, participant_ids, seed=6, tag="Geheugen")
    with Server(f"burst-{target.name}", "wsgi:app", desk_env(target), target.workdir) as server:
        result = paced_load(server.port, burst, BURST_CLIENTS, BURST_SECONDS)
        log("  " + describe(result))
        run_load("memory", server.port, more[: half - BURST_REPORTS], CLIENTS)
        at_half = worker_rss_mb(server.process.pid)
        run_load("memory", server.port, more[half - BURST_REPORTS :], CLIENTS)
        at_end = worker_rss_mb(server.process.pid)
    problems = check_desk_intake(target, result, "Burst")
    for problem in problems[:10]:
        log(f"  ERROR {problem}")
    growth = max(end - mid for mid, end in zip(at_half, at_end, strict=True))
    log(
        f"  worker RSS after {half:,} filings: {', '.join(f'{m:.0f}' for m in at_half)} MB; "
        f"after {MEMORY_FILINGS:,}: {', '.join(f'{m:.0f}' for m in at_end)} MB"
    )
    return BurstFigures(len(problems), result.wall, p95(result.latencies) * 1000, max(at_end), growth)
