"""Phase 2: the staff queue (GET /behandelen) at 1,000 and at 100,000 cases, timed in turns."""

from __future__ import annotations

import random
import re
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from bench.client import Browser
from bench.databases import Target, bulk_insert, create_desk_schema, desk_app, desk_env, reset_database, vacuum_analyze
from bench.servers import Server
from bench.settings import QUEUE_LARGE, QUEUE_SAMPLES, QUEUE_SMALL, SUPERVISOR_EMAIL, SUPERVISOR_PASSWORD, log, p95

OPEN_MIX = [("received", 10), ("triage", 15), ("in_progress", 35), ("waiting", 10)]
CLOSED_MIX = [("decided", 10), ("closed", 15), ("rejected", 3), ("withdrawn", 2)]
TYPE_MIX = [("incident", 70), ("complaint", 20), ("dispute", 10)]
WORDS = [
    "datalek",
    "storing",
    "wachtwoord",
    "ouderportaal",
    "cijfers",
    "rooster",
    "inlog",
    "export",
    "koppeling",
    "beveiliging",
    "toegang",
    "leerlingdossier",
    "absentie",
    "factuur",
    "afspraak",
]
PREFIX = {"incident": "INC", "complaint": "KLA", "dispute": "GES"}


def weighted(rng: random.Random, mix: list[tuple[str, int]]) -> str:
    return rng.choices([v for v, _ in mix], weights=[w for _, w in mix])[0]


@dataclass
class QueueWorld:
    participant_ids: list[int]
    staff_ids: list[int]
    supervisor_id: int
    cases: int = 0


def seed_queue_world(target: Target) -> QueueWorld:
    """A fresh desk schema with the register, staff (one who can log in) and no cases."""
    from app.auth.models import Role, User
    from app.extensions import db

    reset_database(target)
    participant_ids = create_desk_schema(target)
    with desk_app(target):
        supervisor = User(email=SUPERVISOR_EMAIL, name="Bea Behandelaar", role=Role.SUPERVISOR.value)
        supervisor.set_password(SUPERVISOR_PASSWORD)
        staff = [supervisor]
        staff += [
            User(email=f"behandelaar{i}@bench.example", name=f"Behandelaar {i}", role=Role.SUPERVISOR.value)
            for i in range(1, 5)
        ]
        staff += [
            User(email=f"coordinator{i}@bench.example", name=f"Coördinator {i}", role=Role.COORDINATOR.value)
            for i in range(1, 4)
        ]
        db.session.add_all(staff)
        db.session.commit()
        return QueueWorld(participant_ids, [u.id for u in staff], supervisor.id)


def seed_cases(target: Target, world: QueueWorld, upto: int, seed: int = 7, batch: int = 5000) -> float:
    """Adds cases (and their clocks) in bulk until there are `upto`; returns the seconds it took."""
    from sqlalchemy import text

    from app.cases.models import Case
    from app.extensions import db
    from app.sla.models import Deadline

    started = time.perf_counter()
    rng = random.Random(seed + world.cases)
    now = datetime.now(UTC)
    hash_ = "sha256$" + "0" * 64
    with desk_app(target):
        first = world.cases + 1
        for low in range(first, upto + 1, batch):
            cases, deadlines = [], []
            for n in range(low, min(low + batch, upto + 1)):
                case_type = weighted(rng, TYPE_MIX)
                is_open = rng.random() < 0.70
                status = weighted(rng, OPEN_MIX if is_open else CLOSED_MIX)
                created = now - timedelta(days=rng.uniform(0, 365))
                due = None
                if is_open and rng.random() < 0.95:
                    due = now + timedelta(hours=rng.uniform(-10 * 24, 60 * 24))
                title = f"{rng.choice(WORDS).capitalize()} bij {rng.choice(WORDS)}: melding {n}"
                cases.append(
                    {
                        "id": n,
                        "reference": f"{PREFIX[case_type]}-{created.year}-{n:06d}",
                        "type": case_type,
                        "status": status,
                        "category": rng.choice(["data_breach", "security", "outage", "non_compliance"])
                        if case_type == "incident"
                        else None,
                        "severity": "incident" if case_type == "incident" else None,
                        "title": title,
                        "description": (
                            f"Omschrijving van {title.lower()}, met {rng.choice(WORDS)} en {rng.choice(WORDS)}."
                        ),
                        "participant_id": rng.choice(world.participant_ids),
                        "reporter_name": f"Melder {n}",
                        "reporter_email": f"melder{n}@school.example",
                        "reporter_phone": None,
                        "reporter_organisation": f"Scholengroep {rng.randint(1, 400)}",
                        "reporter_user_id": None,
                        "follow_up_code_hash": hash_,
                        "assignee_id": rng.choice(world.staff_ids[:5]) if rng.random() < 0.6 else None,
                        "created_at": created,
                        "updated_at": created,
                        "closed_at": None if is_open else created + timedelta(days=rng.uniform(1, 30)),
                        "next_due_at": due,
                        "lead_case_id": None,
                    }
                )
                # The acknowledgement (met at intake) and, for a dated open case, the running clock.
                deadlines.append(
                    _deadline_row("case", n, "acknowledge", created, created + timedelta(hours=1), met_at=created)
                )
                if due is not None:
                    begun = min(due - timedelta(days=3), now)
                    deadlines.append(
                        _deadline_row(
                            "case",
                            n,
                            "resolution",
                            begun,
                            due,
                            breached_at=due if due <= now else None,
                            next_check_at=None if due <= now else due,
                        )
                    )
            bulk_insert(Case.__table__, cases)
            bulk_insert(Deadline.__table__, deadlines)
            db.session.commit()
        world.cases = upto
        if db.engine.dialect.name == "postgresql":
            db.session.execute(text("SELECT setval(pg_get_serial_sequence('cases', 'id'), :n)"), {"n": upto})
            db.session.commit()
        vacuum_analyze()
    return time.perf_counter() - started


def _deadline_row(
    subject_type: str,
    subject_id: int,
    kind: str,
    started: datetime,
    due: datetime,
    met_at=None,
    breached_at=None,
    next_check_at=None,
    warned_at=None,
    warn_at=None,
) -> dict:
    return {
        "subject_type": subject_type,
        "subject_id": subject_id,
        "kind": kind,
        "basis": "calendar",
        "amount": max(1, int((due - started).total_seconds())),
        "warn_fraction": 0.75,
        "reminders": [],
        "started_at": started,
        "due_at": due,
        "warn_at": warn_at or started + (due - started) * 0.75,
        "paused_since": None,
        "paused_seconds": 0,
        "warned_at": warned_at,
        "breached_at": breached_at,
        "met_at": met_at,
        "reminders_sent": 0,
        "next_check_at": next_check_at,
    }


class QueueClient:
    """One logged-in supervisor on one desk; times the views a case handler uses most."""

    def __init__(self, port: int, world: QueueWorld):
        self.browser = Browser(port)
        self.browser.login(SUPERVISOR_EMAIL, SUPERVISOR_PASSWORD)
        self.views = {
            "open": "/behandelen",
            "in_progress": "/behandelen?status=in_progress",
            "complaints": "/behandelen?type=complaint",
            "participant": f"/behandelen?participant={world.participant_ids[3]}",
            "mine": "/behandelen?assignee=me",
            "overdue": "/behandelen?breached=y",
            "search": "/behandelen?q=wachtwoord",
            "all": "/behandelen?status=all",
        }
        status, _, page = self.browser.request("GET", self.views["open"])
        match = re.search(r'href="([^"]*cursor=[^"]*)"[^>]*rel="next"', page) or re.search(
            r'href="([^"]*cursor=[^"]*)"', page
        )
        if status == 200 and match:
            self.views["next_page"] = match.group(1).replace("&amp;", "&")
        self.timings: dict[str, list[float]] = {name: [] for name in self.views}
        self.listed: dict[str, int] = {}
        self.problems: list[str] = []

    def warm(self) -> None:
        for path in self.views.values():
            self.browser.request("GET", path)

    def sample(self, name: str) -> None:
        started = time.perf_counter()
        status, _, page = self.browser.request("GET", self.views[name])
        self.timings[name].append(time.perf_counter() - started)
        if status != 200:
            self.problems.append(f"queue {name}: status {status}")
        if name not in self.listed:
            self.listed[name] = len(re.findall(r'<a href="/behandelen/[A-Z]{3}-', page))
            if name in ("open", "all") and self.listed[name] == 0:
                self.problems.append(f"queue {name}: the first page lists no cases")

    def report(self, label: str) -> float:
        pooled = [t for values in self.timings.values() for t in values]
        overall = p95(pooled) * 1000
        log(f"  {label}: p95 {overall:6.1f} ms over {len(pooled)} requests")
        log("    per view p95 ms: " + "  ".join(f"{k} {p95(v) * 1000:.0f}" for k, v in self.timings.items()))
        log("    cases listed:    " + "  ".join(f"{k} {v}" for k, v in self.listed.items()))
        return overall


@dataclass
class QueueFigures:
    p95_small: float
    p95_large: float
    errors: int
    worlds: tuple[QueueWorld, QueueWorld]


def queue_phase(target: Target) -> QueueFigures:
    """The small and the large desk run side by side; every view is timed on both in turns."""
    small_target, large_target = target.small(), target
    log(
        f"== queue on {target.name}: GET /behandelen at {QUEUE_SMALL:,} and {QUEUE_LARGE:,} cases, "
        f"{QUEUE_SAMPLES} samples per view, in turns"
    )
    small_world = seed_queue_world(small_target)
    seconds = seed_cases(small_target, small_world, QUEUE_SMALL)
    large_world = seed_queue_world(large_target)
    seconds += seed_cases(large_target, large_world, QUEUE_LARGE)
    log(f"  seeded {QUEUE_SMALL:,} and {QUEUE_LARGE:,} cases in {seconds:.1f} s")
    with (
        Server(f"queue-small-{target.name}", "wsgi:app", desk_env(small_target), target.workdir) as small_server,
        Server(f"queue-large-{target.name}", "wsgi:app", desk_env(large_target), target.workdir) as large_server,
    ):
        small = QueueClient(small_server.port, small_world)
        large = QueueClient(large_server.port, large_world)
        for _ in range(2):  # compiled templates, warm caches, pooled connections
            small.warm()
            large.warm()
        names = [name for name in small.views if name in large.views]
        for number in range(QUEUE_SAMPLES):
            for name in names:
                pair = (small, large) if number % 2 == 0 else (large, small)
                for client in pair:
                    client.sample(name)
    small_p95 = small.report(f"{QUEUE_SMALL:>7,} cases")
    large_p95 = large.report(f"{QUEUE_LARGE:>7,} cases")
    problems = small.problems + large.problems
    for problem in problems[:5]:
        log(f"  ERROR {problem}")
    return QueueFigures(small_p95, large_p95, len(problems), (small_world, large_world))
