"""Helpers for the cases tests: cases and deadline rows built straight from the models."""
from datetime import datetime, timedelta, timezone

from app.cases.models import REFERENCE_PREFIXES, Case
from app.extensions import db
from app.sla.models import Deadline

NOW = datetime(2026, 3, 10, 10, 0, tzinfo=timezone.utc)


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


def add_deadline(case: Case, kind: str, due_at: datetime, *, breached: bool = False,
                 met: bool = False, paused: bool = False) -> Deadline:
    deadline = Deadline(
        subject_type="case", subject_id=case.id, kind=kind, basis="calendar", amount=4 * 3600,
        started_at=due_at - timedelta(hours=4), due_at=due_at, warn_at=due_at - timedelta(hours=1),
        breached_at=due_at if breached else None, met_at=due_at if met else None,
        paused_since=due_at - timedelta(hours=2) if paused else None,
    )
    db.session.add(deadline)
    db.session.flush()
    return deadline


def hours(n: float) -> datetime:
    return NOW + timedelta(hours=n)
