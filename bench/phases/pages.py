"""Phase 2: every page a user waits for, on a desk of 1,000 and of 1,000,000 cases, timed in turns.

Both desks are seeded by bench/world.py on PostgreSQL and served side by side under gunicorn. Each
view is requested as the person who uses it (a supervisor, a coordinator, a participant with 5 %
of all cases and one with 20, an API client with a token, a visitor of the public register), the
two scales taking turns; a group's figure is the p95 over all its views' samples. The register's
CSV and the staff's API list are also timed against their floors (bench/floor_app.py) on the large
desk's database, in the same turns.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field

from bench.client import Browser
from bench.databases import Target, desk_env
from bench.explain import explain_request
from bench.report import TARGETS
from bench.servers import Server
from bench.settings import PAGE_SAMPLES, SCALE_LARGE, SCALE_SMALL, SUPERVISOR_EMAIL, SUPERVISOR_PASSWORD, log, p95
from bench.world import BIG_USER, COORDINATOR_EMAIL, SMALL_USER, World, seed_world

# The groups the issue names, in the order they are reported.
GROUPS = ("queue", "my_page", "my_api", "case_page", "sla", "measures", "register")
# The views timed against a floor, and the floor's path for each.
FLOORED = {("register", "csv"): "/keurmerkregister.csv", ("my_api", "staff"): "/api/v1/cases"}


@dataclass(frozen=True)
class View:
    group: str
    name: str
    path: str
    visitor: str  # supervisor | coordinator | big | small | api_big | api_small | api_staff | public


def views(world: World) -> list[View]:
    """The views of one desk; the queue's next page is found by following the first page's link."""
    queue = [
        ("open", "/behandelen"),
        ("in_progress", "/behandelen?status=in_progress"),
        ("complaints", "/behandelen?type=complaint"),
        ("participant", "/behandelen?participant=5"),
        ("mine", "/behandelen?assignee=me"),
        ("overdue", "/behandelen?breached=y"),
        ("search", "/behandelen?q=wachtwoord"),
        ("all", "/behandelen?status=all"),
    ]
    return [
        *(View("queue", name, path, "supervisor") for name, path in queue),
        View("my_page", "big", "/mijn/zaken", "big"),
        View("my_page", "small", "/mijn/zaken", "small"),
        View("my_page", "big_closed", "/mijn/zaken?status=closed", "big"),
        View("my_api", "big", "/api/v1/cases", "api_big"),
        View("my_api", "small", "/api/v1/cases", "api_small"),
        View("my_api", "staff", "/api/v1/cases", "api_staff"),
        View("case_page", "heavy", f"/behandelen/{world.heavy_reference}", "supervisor"),
        View("sla", "dashboard", "/beheer/sla", "coordinator"),
        View("measures", "list", "/zaken/maatregelen", "supervisor"),
        View("register", "page", "/keurmerkregister", "public"),
        View("register", "csv", "/keurmerkregister.csv", "public"),
        View("register", "atom", "/keurmerkregister/feed.atom", "public"),
    ]


@dataclass
class Desk:
    """The visitors of one served desk and what they measured."""

    label: str
    world: World
    port: int
    visitors: dict[str, Browser] = field(default_factory=dict)
    views: dict[tuple[str, str], View] = field(default_factory=dict)  # by (group, name)
    timings: dict[tuple[str, str], list[float]] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    def log_in(self) -> None:
        self.visitors = {
            "supervisor": Browser(self.port),
            "coordinator": Browser(self.port),
            "big": Browser(self.port),
            "small": Browser(self.port),
            "public": Browser(self.port),
            **{f"api_{name}": Browser(self.port, token) for name, token in self.world.tokens.items()},
        }
        self.visitors["supervisor"].login(SUPERVISOR_EMAIL, SUPERVISOR_PASSWORD)
        self.visitors["coordinator"].login(COORDINATOR_EMAIL, SUPERVISOR_PASSWORD, self.world.totp_secret)
        self.visitors["big"].login(BIG_USER, SUPERVISOR_PASSWORD)
        self.visitors["small"].login(SMALL_USER, SUPERVISOR_PASSWORD)
        found = views(self.world)
        status, _, page = self.visitors["supervisor"].request("GET", "/behandelen")
        match = re.search(r'href="([^"]*cursor=[^"]*)"', page)
        if status == 200 and match:
            found.append(View("queue", "next_page", match.group(1).replace("&amp;", "&"), "supervisor"))
        self.views = {(view.group, view.name): view for view in found}
        self.timings = {key: [] for key in self.views}

    def sample(self, key: tuple[str, str]) -> None:
        view = self.views[key]
        started = time.perf_counter()
        status, _, page = self.visitors[view.visitor].request("GET", view.path)
        self.timings[key].append(time.perf_counter() - started)
        if status != 200:
            self.problems.append(f"{self.label} {view.group}/{view.name}: status {status}")
        elif view.group == "my_api" and '"items": []' in page.replace('"items":[]', '"items": []'):
            self.problems.append(f"{self.label} {view.group}/{view.name}: no cases listed")

    def p95_ms(self, group: str) -> float:
        return p95([t for (g, _), values in self.timings.items() if g == group for t in values]) * 1000

    def explain_missed(self) -> None:
        """For each group over its target: the slowest view replayed in-process, with its SQL plan."""
        for group in GROUPS:
            if self.p95_ms(group) <= TARGETS[group]:
                continue
            key = max((k for k in self.timings if k[0] == group), key=lambda k: p95(self.timings[k]))
            view = self.views[key]
            log(f"  why {group} misses {TARGETS[group]} ms on {self.label.strip()}, its slowest view {view.name}:")
            for line in explain_request(self.world, self.visitors[view.visitor], view.path):
                log(f"    {line}")

    def report(self) -> None:
        log(f"  {self.label}:")
        for group in GROUPS:
            per_view = "  ".join(
                f"{name} {p95(values) * 1000:.0f}" for (g, name), values in self.timings.items() if g == group
            )
            log(f"    {group:<10} p95 {self.p95_ms(group):6.1f} ms   ({per_view})")


@dataclass
class PageFigures:
    small: dict[str, float]  # group -> p95 ms at SCALE_SMALL
    large: dict[str, float]
    errors: int
    worlds: tuple[World, World]
    floors: dict[tuple[str, str], tuple[float, float]]  # view -> p95 ms of the large desk's and of its floor


def _floor_sample(browser: Browser, path: str, timings: list[float], problems: list[str]) -> None:
    started = time.perf_counter()
    status, _, _ = browser.request("GET", path)
    timings.append(time.perf_counter() - started)
    if status != 200:
        problems.append(f"floor {path}: status {status}")


def pages_phase(target: Target) -> PageFigures:
    """Seeds both desks, serves them side by side and times every view on both, in turns."""
    log(
        f"== pages on {target.name}: {SCALE_SMALL:,} and {SCALE_LARGE:,} cases, "
        f"{PAGE_SAMPLES} samples per view and scale, in turns"
    )
    small_world = seed_world(target.small(), SCALE_SMALL)
    log(f"  seeded {SCALE_SMALL:,} cases in {small_world.seconds:.0f} s")
    large_world = seed_world(target, SCALE_LARGE)
    log(f"  seeded {SCALE_LARGE:,} cases in {large_world.seconds:.0f} s")
    floor_env = dict(desk_env(large_world.target), FLOOR_DATABASE_URL=large_world.target.desk_url)
    with (
        Server(f"pages-small-{target.name}", "wsgi:app", desk_env(small_world.target), target.workdir) as small_server,
        Server(f"pages-large-{target.name}", "wsgi:app", desk_env(large_world.target), target.workdir) as large_server,
        Server(f"pages-floor-{target.name}", "bench.floor_app:app", floor_env, target.workdir) as floor_server,
    ):
        small = Desk(f"{SCALE_SMALL:>9,} cases", small_world, small_server.port)
        large = Desk(f"{SCALE_LARGE:>9,} cases", large_world, large_server.port)
        for desk in (small, large):
            desk.log_in()
        floor, floor_problems = Browser(floor_server.port), []
        floor_timings: dict[tuple[str, str], list[float]] = {key: [] for key in FLOORED}
        shared = [key for key in small.views if key in large.views]
        for _ in range(2):  # compiled templates, warm caches, pooled connections
            for key in shared:
                small.sample(key)
                large.sample(key)
            for path in FLOORED.values():
                _floor_sample(floor, path, [], floor_problems)
        for desk in (small, large):
            desk.timings = {key: [] for key in desk.views}
        for number in range(PAGE_SAMPLES):
            for key in shared:
                for desk in (small, large) if number % 2 == 0 else (large, small):
                    desk.sample(key)
                if key in FLOORED:
                    _floor_sample(floor, FLOORED[key], floor_timings[key], floor_problems)
        small.report()
        large.report()
        floors = {key: (p95(large.timings[key]) * 1000, p95(floor_timings[key]) * 1000) for key in FLOORED}
        for (group, name), (desk_ms, floor_ms) in floors.items():
            log(
                f"  {group} {name} at {SCALE_LARGE:,} cases: p95 {desk_ms:.1f} ms; its floor (bench/floor_app.py) "
                f"{floor_ms:.1f} ms; {desk_ms / floor_ms:.2f} x the floor"
            )
        large.explain_missed()
    problems = sorted(set(small.problems + large.problems + floor_problems))
    for problem in problems[:10]:
        log(f"  ERROR {problem}")
    return PageFigures(
        {g: small.p95_ms(g) for g in GROUPS},
        {g: large.p95_ms(g) for g in GROUPS},
        len(small.problems) + len(large.problems) + len(floor_problems),
        (small_world, large_world),
        floors,
    )
