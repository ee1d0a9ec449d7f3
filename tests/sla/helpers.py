"""Cases with running clocks for the SLA tests, filed through the intake service at a frozen time."""

import re
from datetime import UTC, datetime

from sqlalchemy import select

from app import clock
from app.extensions import db
from app.intake.services.filing import IncidentReport, Reporter, file_incident
from app.notify.models import OutboxMessage
from app.sla.models import Deadline

# Tuesday 3 March 2026, 14:00 in Amsterdam (CET).
TUESDAY_14 = datetime(2026, 3, 3, 13, 0, tzinfo=UTC)


def incident(severity: str = "incident", category: str = "outage", at: datetime = TUESDAY_14, **fields):
    """Files an incident at `at` (the clock stays frozen there) and commits it."""
    clock.freeze(at)
    report = IncidentReport(
        reporter=Reporter("Anna de Vries", "anna@example-school.nl", organisation="Basisschool De Linde"),
        participant_id=None,
        category=category,
        severity=severity,
        title="Toetsomgeving onbereikbaar",
        description="Sinds vanochtend kan niemand inloggen.",
        discovered_at=at,
        **fields,
    )
    case = file_incident(report).case
    db.session.commit()
    return case


def clock_of(case, kind: str) -> Deadline:
    return db.session.scalar(
        select(Deadline).where(Deadline.subject_id == case.id, Deadline.kind == kind).order_by(Deadline.id.desc())
    )


def local(moment: datetime) -> tuple:
    """(day, hour, minute) in Amsterdam, for readable assertions."""
    wall = clock.local(moment)
    return wall.day, wall.hour, wall.minute


def digests(what: str) -> dict[str, list[str]]:
    """Per recipient, the case references listed in the sweep's digests of `what` ("warn" or "breach")."""
    listed: dict[str, list[str]] = {}
    for message in db.session.scalars(select(OutboxMessage).where(OutboxMessage.key.startswith(f"sla:{what}:"))):
        listed.setdefault(message.recipient, []).extend(re.findall(r"^- (\S+) \(", message.body_text, re.M))
    return listed
