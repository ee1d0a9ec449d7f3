"""The bench's figures: each phase's against its targets, the extra figures, and the closing `bench:` line."""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field

from bench.settings import log

TARGETS = {
    "intake_ratio": 0.5,  # at least, against the rows floor
    "intake_p95_ratio": 2.5,  # at most, against the rows floor
    "queue_growth": 1.2,  # the large desk's queue over the small one's, at most
    # p95 ms at most, on the large desk
    "queue": 30,
    "my_page": 30,
    "my_api": 40,
    "case_page": 80,
    "sla": 150,
    "measures": 150,
    "register": 50,
    "sweep_ms": 1000,  # at most, among the large desk's running clocks
    "sweep_ratio": 1.3,  # large over small, at most
    "burst_errors": 0,
    "rss_mb": 150,  # each web worker after the filings, at most
    "rss_growth_mb": 2,  # over the second half of the filings, at most (allocator noise)
    "calendar_ms_4y": 10,  # at most (the best run)
}


def scale_label(cases: int) -> str:
    return f"{cases // 1_000_000}m" if cases % 1_000_000 == 0 else f"{cases // 1_000}k"


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
            self.extra.append(f"desk_floor_ratio_{name}={f.floor_ratio:.2f}")
            without_uow, as_rows_floor = f.split.ceilings(f.ratio)
            self.extra.append(f"intake_ceiling_without_uow_{name}={without_uow:.2f}")
            self.extra.append(f"intake_ceiling_as_rows_floor_{name}={as_rows_floor:.2f}")
            desk = f.split.desk
            self.extra.append(
                f"filing_ms_{name}={desk.whole:.2f}/own:{desk.own:.2f}/storing:{desk.storing:.2f}"
                f"/uow:{desk.unit_of_work:.2f}/sql:{desk.sql:.2f}"
            )
            rows = f.split.rows
            self.extra.append(f"rows_filing_ms_{name}={rows.whole:.2f}/own:{rows.own:.2f}/storing:{rows.storing:.2f}")
        if p95_ratio > TARGETS["intake_p95_ratio"]:
            self.missed.append(f"intake_p95_ratio={p95_ratio:.2f} > {TARGETS['intake_p95_ratio']}")

    def pages(self, pages, small: int, large: int) -> None:
        """PageFigures: each group's p95 on the large desk against its target; the queue's growth too."""
        self.errors += pages.errors
        small_label, large_label = scale_label(small), scale_label(large)
        self.line[f"queue_p95_ms_{small_label}"] = f"{pages.small['queue']:.0f}"
        for group, value in pages.large.items():
            key = f"{group}_p95_ms_{large_label}"
            self.line[key] = f"{value:.0f}"
            if value > TARGETS[group]:
                self.missed.append(f"{key}={value:.0f} > {TARGETS[group]}")
            if group != "queue":
                self.extra.append(f"{group}_p95_ms_{small_label}={pages.small[group]:.0f}")
        for (group, name), (desk_ms, floor_ms) in pages.floors.items():
            self.extra.append(f"{group}_{name}_p95_ms_{large_label}={desk_ms:.0f}")
            self.extra.append(f"{group}_{name}_floor_p95_ms_{large_label}={floor_ms:.0f}")
            self.extra.append(f"{group}_{name}_over_floor={desk_ms / floor_ms:.2f}")
        growth = pages.large["queue"] / pages.small["queue"]
        self.line["queue_growth"] = f"{growth:.2f}"
        if growth > TARGETS["queue_growth"]:
            self.missed.append(f"queue_growth={growth:.2f} > {TARGETS['queue_growth']}")

    def sweep(self, sweep, large: int) -> None:
        self.errors += sweep.errors
        label = scale_label(large)
        self.line[f"sweep_ms_{label}"] = f"{sweep.ms_large:.0f}"
        self.line["sweep_ratio"] = f"{sweep.ratio:.2f}"
        if sweep.ms_large > TARGETS["sweep_ms"]:
            self.missed.append(f"sweep_ms_{label}={sweep.ms_large:.0f} > {TARGETS['sweep_ms']}")
        if sweep.ratio > TARGETS["sweep_ratio"]:
            self.missed.append(f"sweep_ratio={sweep.ratio:.2f} > {TARGETS['sweep_ratio']}")

    def burst(self, burst) -> None:
        """BurstFigures: errors in the national-breach burst, and the workers' memory over the filings."""
        self.errors += burst.errors
        self.line["burst_errors"] = str(burst.errors)
        self.line["rss_mb"] = f"{burst.rss_mb:.0f}"
        self.line["rss_growth_mb"] = f"{burst.rss_growth_mb:.1f}"
        self.extra.append(f"burst_s={burst.burst_seconds:.1f}")
        self.extra.append(f"burst_p95_ms={burst.burst_p95_ms:.0f}")
        for key in ("burst_errors", "rss_mb", "rss_growth_mb"):
            if float(self.line[key]) > TARGETS[key]:
                self.missed.append(f"{key}={self.line[key]} > {TARGETS[key]}")

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
        # Every figure, then every target, in the order the phases ran.
        log("bench: " + " ".join(f"{k}={v}" for k, v in figures.items()))
        log("targets: " + " ".join(f"{k}={v}" for k, v in TARGETS.items()))
