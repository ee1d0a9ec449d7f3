"""What a measure's clock events mean: reminders to the participant, escalation with the next step when it passes."""
from datetime import datetime

from sqlalchemy import select

from app.cases import timeline
from app.compliance import ladder, notices
from app.compliance.models import MEASURE_SUBJECT, Measure
from app.extensions import db
from app.sla.sweep import DueEvent, register_handler


def on_measure_events(events: list[DueEvent], now: datetime) -> None:
    ids = sorted({event.deadline.subject_id for event in events})
    measures = {m.id: m for m in db.session.scalars(select(Measure).where(Measure.id.in_(ids)))}
    for event in events:
        measure = measures.get(event.deadline.subject_id)
        if measure is None or measure.status != "in_force":
            continue  # met, lifted or ended meanwhile: nothing is owed any more
        if event.kind == "reminder":
            notices.term_reminder(measure, event.number, event.deadline.due_at)
        elif event.kind == "breach":
            _passed(measure, event.deadline.kind, now)


def _passed(measure: Measure, deadline_kind: str, now: datetime) -> None:
    # A missed hearing is the foundation's own failure; the ladder only moves on a participant's.
    next_kind = ladder.next_step(measure.kind) if deadline_kind == "measure" else None
    timeline.append(measure.case, "measure_breached", "", actor_label="Edu-V Meldpunt", visibility="internal",
                    data={"measure": measure.id, "deadline": deadline_kind, "nextStep": next_kind}, at=now)
    notices.term_passed(measure, deadline_kind, next_kind)


def register() -> None:
    register_handler(MEASURE_SUBJECT, on_measure_events)
