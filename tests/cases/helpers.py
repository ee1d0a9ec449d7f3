"""Helpers for the cases tests: cases and deadline rows built straight from the models, a handling desk."""

from datetime import datetime, timedelta

from app import clock
from app.auth.models import Role
from app.cases.models import REFERENCE_PREFIXES, Case, CaseParty
from app.extensions import db
from app.intake.services import filing as intake
from app.sla import clocks
from app.sla import services as sla
from app.sla.models import Deadline
from tests.helpers.clock import NOW


def new_case(number: int, *, due: datetime | None = None, case_type: str = "incident", **fields) -> Case:
    """A case with the given number; `due` is its nearest running deadline (next_due_at)."""
    values = {
        "reference": f"{REFERENCE_PREFIXES[case_type]}-2026-{number:05d}",
        "type": case_type,
        "status": "received",
        "category": "security" if case_type == "incident" else None,
        "severity": "incident" if case_type == "incident" else None,
        "title": f"Case number {number}",
        "description": "Something went wrong.",
        "reporter_name": "Rita Reporter",
        "reporter_email": "rita@school.example",
        "follow_up_code_hash": "not-a-real-hash",
        "created_at": NOW - timedelta(days=1),
        "updated_at": NOW - timedelta(days=1),
        "next_due_at": due,
    }
    values.update(fields)
    case = Case(**values)
    db.session.add(case)
    db.session.flush()
    return case


def add_deadline(
    case: Case, kind: str, due_at: datetime, *, breached: bool = False, met: bool = False, paused: bool = False
) -> Deadline:
    deadline = Deadline(
        subject_type="case",
        subject_id=case.id,
        kind=kind,
        basis="calendar",
        amount=4 * 3600,
        started_at=due_at - timedelta(hours=4),
        due_at=due_at,
        warn_at=due_at - timedelta(hours=1),
        breached_at=due_at if breached else None,
        met_at=due_at if met else None,
        paused_since=due_at - timedelta(hours=2) if paused else None,
    )
    db.session.add(deadline)
    db.session.flush()
    return deadline


def hours(n: float) -> datetime:
    return NOW + timedelta(hours=n)


def handling_world(make_org, make_user) -> dict:
    """A supplier with a contact address, a school, three handlers, a coordinator and an admin."""
    clock.freeze(NOW)
    vodix = make_org("Vodix", contact_email="security@vodix.example")
    school = make_org("Het Baken", kind="school_board")
    return {
        "vodix": vodix,
        "school": school,
        "sam": make_user("sam@edu-v.example", Role.SUPERVISOR, name="Sam"),
        "sara": make_user("sara@edu-v.example", Role.SUPERVISOR, name="Sara"),
        "otto": make_user("otto@edu-v.example", Role.SUPERVISOR, name="Otto"),
        "cora": make_user("cora@edu-v.example", Role.COORDINATOR, name="Cora"),
        "adam": make_user("adam@edu-v.example", Role.ADMIN, name="Adam"),
    }


def incident(org=None, severity="incident", email="rita@school.example") -> Case:
    """An incident filed through the intake service, as the form files it; committed."""
    report = intake.IncidentReport(
        reporter=intake.Reporter("Rita Reporter", email),
        participant_id=org.id if org else None,
        category="security",
        title="Inlog lekt",
        description="Sessies lopen door elkaar.",
        discovered_at=clock.now() - timedelta(hours=1),
        severity=severity,
    )
    case = intake.file_incident(report).case
    db.session.commit()
    return case


def complaint(org, number=1) -> Case:
    """A complaint about `org` with its clocks running, built from the models; committed."""
    case = new_case(number, case_type="complaint", participant_id=org.id, created_at=clock.now())
    case.parties.append(CaseParty(organisation_id=org.id, role="subject"))
    for spec in clocks.default_clocks("complaint"):
        sla.start("case", case.id, spec, clock.now())
    db.session.commit()
    return case
