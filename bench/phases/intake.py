"""Phase 1: filing data-breach reports through the API, the desk against the floor and the rows floor."""

from __future__ import annotations

import json
import os
import pickle
import random
import statistics
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bench.client import LoadResult, describe, merge, run_load
from bench.databases import Target, create_desk_schema, desk_app, desk_env, reset_database
from bench.phases.intake_split import FILINGS, TURNS, Split, intake_split
from bench.servers import Server
from bench.settings import CLIENTS, DATA_KEY, REQUESTS, ROUNDS, WARMUP, HarnessError, log


def incident_body(i: int, participant_ids: list[int], rng: random.Random, now: datetime, tag: str) -> dict:
    discovered = now - timedelta(hours=rng.randint(1, 6), minutes=rng.randint(0, 59))
    low = rng.randint(1, 500)
    return {
        "reporter": {
            "name": f"Functionaris Gegevensbescherming {i}",
            "email": f"fg{i}@school{rng.randint(1, 300)}.example",
            "phone": "+31 30 123 4567",
            "organisation": f"Stichting Openbaar Onderwijs {rng.randint(1, 300)}",
        },
        "participantId": rng.choice(participant_ids),
        "category": "data_breach",
        "title": f"{tag} #{i}: cijferlijsten zichtbaar voor andere ouders",
        "description": (
            "Na een update van het ouderportaal konden ouders van groep 7 en 8 de cijferlijsten en "
            "absentieregistratie van andere leerlingen inzien. Ontdekt door een ouder die dit meldde "
            "bij de administratie. De toegang is inmiddels uitgeschakeld; we onderzoeken hoe lang "
            "de gegevens zichtbaar waren en wie ze heeft bekeken."
        ),
        "discoveredAt": discovered.isoformat(timespec="seconds"),
        "startedAt": (discovered - timedelta(hours=rng.randint(1, 48))).isoformat(timespec="seconds"),
        "ongoing": False,
        "impact": ["confidentiality"],
        "nature": ["read"],
        "personalData": {
            "categories": ["contact", "results", "attendance"],
            "specialCategories": False,
            "affectedMin": low,
            "affectedMax": low + rng.randint(0, 500),
            "groups": ["pupils", "parents"],
            "minors": True,
            "encrypted": False,
        },
        "apNotified": False,
        "measuresTaken": "Portaal offline gehaald, leverancier ingelicht, logbestanden veiliggesteld.",
    }


def bodies_for(count: int, participant_ids: list[int], seed: int, tag: str) -> list[bytes]:
    rng = random.Random(seed)
    now = datetime.now(UTC)
    return [json.dumps(incident_body(i, participant_ids, rng, now, tag)).encode() for i in range(count)]


def expected_kinds() -> set[str]:
    from app.sla import clocks

    return {spec.kind for spec in clocks.default_clocks("incident", "incident")} | {"ap_notification"}


def check_desk_intake(target: Target, result: LoadResult, tag: str) -> list[str]:
    """Every 201 must be a stored case with its deadlines and its outbox row; returns the problems."""
    from sqlalchemy import func, select

    from app.cases.models import Case, IncidentDetails
    from app.extensions import db
    from app.notify.models import OutboxMessage
    from app.sla.models import Deadline

    problems = []
    for i, status in enumerate(result.statuses):
        if status != 201:
            detail = result.payloads[i][:200].decode(errors="replace")
            problems.append(f"request {i}: status {status} {detail}")
    problems.extend(result.failures)
    answered: dict[str, int] = {}
    for i, status in enumerate(result.statuses):
        if status != 201:
            continue
        try:
            reference = json.loads(result.payloads[i])["reference"]
        except (ValueError, KeyError, TypeError):
            problems.append(f"request {i}: 201 without a reference")
            continue
        if reference in answered:
            problems.append(f"request {i}: reference {reference} also given to request {answered[reference]}")
        answered[reference] = i

    kinds = expected_kinds()
    with desk_app(target):
        rows = db.session.execute(
            select(Case.id, Case.reference, Case.title, Case.next_due_at, Case.status).where(
                Case.title.like(f"{tag} #%")
            )
        ).all()
        by_reference = {row.reference: row for row in rows}
        ids = [row.id for row in rows]
        deadlines: dict[int, dict[str, object]] = {}
        for chunk in range(0, len(ids), 1000):
            for d in db.session.execute(
                select(Deadline.subject_id, Deadline.kind, Deadline.met_at, Deadline.due_at).where(
                    Deadline.subject_type == "case", Deadline.subject_id.in_(ids[chunk : chunk + 1000])
                )
            ):
                deadlines.setdefault(d.subject_id, {})[d.kind] = d
        acknowledged = set(db.session.scalars(select(OutboxMessage.key).where(OutboxMessage.key.like("ack:%"))))
        details = set(db.session.scalars(select(IncidentDetails.case_id)))
        stored = db.session.scalar(select(func.count()).select_from(Case).where(Case.title.like(f"{tag} #%")))

    for reference, i in answered.items():
        row = by_reference.get(reference)
        if row is None:
            problems.append(f"{reference}: answered 201 but not stored")
            continue
        if not row.title.startswith(f"{tag} #{i}:"):
            problems.append(f"{reference}: stored with another report's title ({row.title[:40]})")
        found = deadlines.get(row.id, {})
        missing = kinds - set(found)
        wrong = []
        if missing:
            wrong.append(f"missing deadlines {sorted(missing)}")
        if "acknowledge" in found and found["acknowledge"].met_at is None:
            wrong.append("acknowledge not met")
        running = [d.due_at for k, d in found.items() if d.met_at is None]
        if row.next_due_at is None or (running and row.next_due_at != min(running)):
            wrong.append(f"next_due_at {row.next_due_at} is not the nearest running deadline")
        if f"ack:{reference}" not in acknowledged:
            wrong.append("no acknowledgement in the outbox")
        if row.id not in details:
            wrong.append("no incident details")
        if wrong:
            problems.append(f"{reference}: " + "; ".join(wrong))
    if stored != len(answered):
        problems.append(f"{stored} cases stored for {len(answered)} answered reports")
    return problems


def count_rows(url: str, table: str) -> int:
    """How many rows a reference app stored (they are checked by count, not one by one)."""
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.connect() as connection:
        stored = connection.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()
    engine.dispose()
    return stored


def rows_floor_template(target: Target, participant_ids: list[int]) -> Path:
    """Files one report through the desk (in-process) and keeps the rows it wrote, for the rows
    floor to copy: the desk's own rows, whatever the desk comes to store."""
    from sqlalchemy import select

    from app.cases.models import Case
    from app.extensions import db
    from bench import rows_floor_app

    body = json.dumps(incident_body(0, participant_ids, random.Random(3), datetime.now(UTC), "Rijen"))
    with desk_app(target) as app:
        answer = app.test_client().post("/api/v1/incidents", data=body, content_type="application/json")
        if answer.status_code != 201:
            raise HarnessError(f"the rows floor's template filing answered {answer.status_code}: {answer.data[:300]!r}")
        case_id = db.session.scalar(select(Case.id).where(Case.reference == answer.get_json()["reference"]))
        rows = rows_floor_app.capture(case_id)
    path = target.workdir / f"rows-{target.name}.pickle"
    path.write_bytes(pickle.dumps(rows))
    return path


@dataclass
class IntakeFigures:
    """Throughput and p95 of each side are the medians over its rounds: a burst of other work on
    the shared machine then spoils one round, not the figure (the floor's rounds last a fraction
    of a second, so one burst could otherwise halve its throughput)."""

    desk: LoadResult
    floor: LoadResult
    desk_rounds: list[LoadResult]
    floor_rounds: list[LoadResult]
    rows_rounds: list[LoadResult]
    errors: int
    split: Split

    @staticmethod
    def _median(rounds: list[LoadResult], attribute: str) -> float:
        return statistics.median(getattr(r, attribute) for r in rounds)

    @property
    def desk_rps(self) -> float:
        return self._median(self.desk_rounds, "throughput")

    @property
    def floor_rps(self) -> float:
        return self._median(self.floor_rounds, "throughput")

    @property
    def rows_rps(self) -> float:
        return self._median(self.rows_rounds, "throughput")

    @property
    def ratio(self) -> float:
        """The desk over the rows floor (issue 14's target): how close intake comes to storing its rows."""
        return self.desk_rps / self.rows_rps

    @property
    def floor_ratio(self) -> float:
        """The desk over the one-row floor (the target before issue 14)."""
        return self.desk_rps / self.floor_rps

    @property
    def rows_ratio(self) -> float:
        """The rows floor over the floor: the most any desk storing the desk's rows could reach."""
        return self.rows_rps / self.floor_rps

    @property
    def p95_ratio(self) -> float:
        """The desk's p95 over the rows floor's."""
        return self._median(self.desk_rounds, "p95_ms") / self._median(self.rows_rounds, "p95_ms")

    def summary(self) -> str:
        return (
            f"median of rounds: desk {self.desk_rps:.1f} req/s, p95 "
            f"{self._median(self.desk_rounds, 'p95_ms'):.1f} ms; floor {self.floor_rps:.1f} req/s, p95 "
            f"{self._median(self.floor_rounds, 'p95_ms'):.1f} ms; rows floor {self.rows_rps:.1f} req/s, "
            f"p95 {self._median(self.rows_rounds, 'p95_ms'):.1f} ms"
        )


def intake_phase(target: Target) -> IntakeFigures:
    """Desk, floor and rows floor run side by side and take turns in rounds, so drifting load on a
    shared machine weighs on all alike; each round is a full burst of CLIENTS concurrent clients."""
    from bench import floor_app

    log(
        f"== intake on {target.name}: {REQUESTS} reports, {CLIENTS} clients, {WARMUP} warm-up, "
        f"{ROUNDS} alternating rounds"
    )
    rows_target = target.rows()
    reset_database(target)
    reset_database(rows_target)
    participant_ids = create_desk_schema(target)
    floor_app.create_schema(target.floor_url)
    template = rows_floor_template(rows_target, create_desk_schema(rows_target))

    warm = bodies_for(WARMUP, participant_ids, seed=1, tag="Opwarmen")
    measured = bodies_for(REQUESTS, participant_ids, seed=2, tag="Bench")
    size = -(-REQUESTS // ROUNDS)
    slices = [(low, measured[low : low + size]) for low in range(0, REQUESTS, size)]

    floor_env = dict(os.environ, FLOOR_DATABASE_URL=target.floor_url)
    rows_env = dict(
        os.environ, ROWS_DATABASE_URL=rows_target.desk_url, ROWS_TEMPLATE=str(template), MELDPUNT_DATA_KEYS=DATA_KEY
    )
    with (
        Server(f"floor-{target.name}", "bench.floor_app:app", floor_env, target.workdir) as floor_server,
        Server(f"rows-{target.name}", "bench.rows_floor_app:app", rows_env, target.workdir) as rows_server,
        Server(f"desk-{target.name}", "wsgi:app", desk_env(target), target.workdir) as desk_server,
    ):
        run_load("warm-up", floor_server.port, warm, CLIENTS)
        run_load("warm-up", rows_server.port, warm, CLIENTS)
        warmed = run_load("warm-up", desk_server.port, warm, CLIENTS)
        if warmed.ok != WARMUP:
            bad = next((i for i, s in enumerate(warmed.statuses) if s != 201), None)
            sample = warmed.payloads[bad][:300].decode(errors="replace") if bad is not None else ""
            log(f"  warm-up: {warmed.ok}/{WARMUP} answered 201; first other answer: {sample}")
        floor_parts, rows_parts, desk_parts = [], [], []
        turns = [
            ("floor", floor_server, floor_parts),
            ("rows", rows_server, rows_parts),
            ("desk", desk_server, desk_parts),
        ]
        for number, (_low, bodies) in enumerate(slices):
            shift = number % len(turns)  # each side goes first, second and last in turn
            for name, server, parts in turns[shift:] + turns[:shift]:
                parts.append(run_load(name, server.port, bodies, CLIENTS))
        tail = desk_server.log_tail()
    floor = merge(f"floor/{target.name}", floor_parts)
    rows = merge(f"rows/{target.name}", rows_parts)
    desk = merge(f"desk/{target.name}", desk_parts)
    for result in (floor, rows, desk):
        log("  " + describe(result))
    log(
        "  per round req/s (floor/rows floor/desk): "
        + "  ".join(
            f"{f.throughput:.0f}/{r.throughput:.0f}/{d.throughput:.0f}"
            for f, r, d in zip(floor_parts, rows_parts, desk_parts, strict=True)
        )
    )

    stored = count_rows(target.floor_url, "floor_incidents")
    if stored != WARMUP + floor.ok or floor.ok != REQUESTS:
        log(f"  WARNING: the floor stored {stored} rows for {floor.ok} answered of {REQUESTS}: its figures are suspect")
    stored = count_rows(rows_target.desk_url, "cases")
    if stored != 1 + WARMUP + rows.ok or rows.ok != REQUESTS:
        log(
            f"  WARNING: the rows floor stored {stored} cases for {rows.ok} answered of {REQUESTS}: "
            "its figures are suspect"
        )
    problems = check_desk_intake(target, desk, "Bench")
    for problem in problems[:10]:
        log(f"  ERROR {problem}")
    if len(problems) > 10:
        log(f"  ... and {len(problems) - 10} more")
    if problems and tail:
        log("  gunicorn log tail:\n    " + tail.replace("\n", "\n    "))
    split = intake_split(
        target, rows_target.desk_url, template, bodies_for(TURNS * FILINGS, participant_ids, 4, "Splits")
    )
    figures = IntakeFigures(desk, floor, desk_parts, floor_parts, rows_parts, len(problems), split)
    log(f"  {figures.summary()}")
    log(
        f"  ratio {figures.ratio:.2f} (throughput desk/rows floor), p95 ratio {figures.p95_ratio:.2f} "
        f"(desk/rows floor), errors {figures.errors}; desk/floor {figures.floor_ratio:.2f}, "
        f"rows floor/floor {figures.rows_ratio:.2f}"
    )
    without_uow, as_rows_floor = split.ceilings(figures.ratio)
    log(
        f"  the ratio's ceilings: {without_uow:.2f} without the unit of work, {as_rows_floor:.2f} storing as the "
        "rows floor does (the desk's own work and the rows floor's storing)"
    )
    return figures
