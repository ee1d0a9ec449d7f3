"""The bench's figures: each phase's against its targets, the extra figures, and the closing `bench:` line."""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field

from bench.settings import log

TARGETS = {
    "intake_ratio": 0.5,  # at least
    "intake_p95_ratio": 2.5,  # at most
    "queue_p95_ms_100k": 150,  # at most
    "queue_growth": 1.5,  # 100k over 1k, at most
    "sweep_ms_100k": 2000,  # at most
    "sweep_ratio": 1.5,  # at most
    "calendar_ms_4y": 10,  # at most (the best run)
}
LINE_ORDER = [
    "intake_ratio_sqlite",
    "intake_ratio_pg",
    "intake_p95_ratio",
    "errors",
    "queue_p95_ms_1k",
    "queue_p95_ms_100k",
    "sweep_ms_100k",
    "sweep_ratio_10k_100k",
]


@dataclass
class Report:
    """What the phases measured: `line` holds the figures the issue asks for, `extra` the others."""

    began: float = field(default_factory=time.perf_counter)
    line: dict[str, str] = field(default_factory=dict)
    extra: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)
    errors: int = 0

    def intake(self, intake: dict) -> None:
        """IntakeFigures by database name (sqlite, pg)."""
        self.errors += sum(f.errors for f in intake.values())
        p95_ratio = max(f.p95_ratio for f in intake.values())
        self.line["intake_ratio_sqlite"] = f"{intake['sqlite'].ratio:.2f}"
        self.line["intake_ratio_pg"] = f"{intake['pg'].ratio:.2f}"
        self.line["intake_p95_ratio"] = f"{p95_ratio:.2f}"
        for name, f in intake.items():
            if f.ratio < TARGETS["intake_ratio"]:
                self.missed.append(f"intake_ratio_{name}={f.ratio:.2f} < {TARGETS['intake_ratio']}")
            self.extra.append(f"intake_p95_ratio_{name}={f.p95_ratio:.2f}")
            self.extra.append(f"intake_rps_{name}={f.desk_rps:.0f}/{f.floor_rps:.0f}")
            self.extra.append(f"rows_floor_ratio_{name}={f.rows_ratio:.2f}")
        if p95_ratio > TARGETS["intake_p95_ratio"]:
            self.missed.append(f"intake_p95_ratio={p95_ratio:.2f} > {TARGETS['intake_p95_ratio']}")

    def queue(self, queue) -> None:
        self.errors += queue.errors
        self.line["queue_p95_ms_1k"] = f"{queue.p95_small:.0f}"
        self.line["queue_p95_ms_100k"] = f"{queue.p95_large:.0f}"
        if queue.p95_large > TARGETS["queue_p95_ms_100k"]:
            self.missed.append(f"queue_p95_ms_100k={queue.p95_large:.0f} > {TARGETS['queue_p95_ms_100k']}")
        if queue.p95_large > TARGETS["queue_growth"] * queue.p95_small:
            self.missed.append(
                f"queue_p95_ms_100k={queue.p95_large:.0f} > {TARGETS['queue_growth']} x "
                f"queue_p95_ms_1k={queue.p95_small:.0f}"
            )

    def sweep(self, sweep) -> None:
        self.errors += sweep.errors
        self.line["sweep_ms_100k"] = f"{sweep.ms_large:.0f}"
        self.line["sweep_ratio_10k_100k"] = f"{sweep.ratio:.2f}"
        if sweep.ms_large > TARGETS["sweep_ms_100k"]:
            self.missed.append(f"sweep_ms_100k={sweep.ms_large:.0f} > {TARGETS['sweep_ms_100k']}")
        if sweep.ratio > TARGETS["sweep_ratio"]:
            self.missed.append(f"sweep_ratio_10k_100k={sweep.ratio:.2f} > {TARGETS['sweep_ratio']}")

    def sqlite_queue(self, queue) -> None:
        self.errors += queue.errors
        self.extra.append(f"queue_p95_ms_1k_sqlite={queue.p95_small:.0f}")
        self.extra.append(f"queue_p95_ms_100k_sqlite={queue.p95_large:.0f}")

    def calendar(self, calendar) -> None:
        self.errors += calendar.errors
        self.extra.append(f"calendar_ms_4y={calendar.ms_long:.3f}")
        self.extra.append(f"calendar_ratio_4y_1w={calendar.ratio:.1f}")
        if calendar.ms_long > TARGETS["calendar_ms_4y"]:
            self.missed.append(f"calendar_ms_4y={calendar.ms_long:.3f} > {TARGETS['calendar_ms_4y']}")

    def print(self) -> None:
        if self.errors:
            self.missed.append(f"errors={self.errors} (target 0)")
        log()
        log(
            f"   (extra: {' '.join(self.extra)}; {time.perf_counter() - self.began:.0f} s in all, "
            f"load average {os.getloadavg()[0]:.1f} at the end)"
        )
        for message in self.missed:
            log(f"TARGET MISSED: {message}")
        figures = dict(self.line, errors=str(self.errors))
        log("bench: " + " ".join(f"{k}={figures[k]}" for k in LINE_ORDER if k in figures))
