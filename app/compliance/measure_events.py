"""What a measure's clock events mean (reminders, escalation with the next step); what `sla` may know of measures."""

from datetime import datetime

from sqlalchemy import String, cast, literal, null, select

from app import links
from app.cases import timeline
from app.cases.models import Case
from app.compliance import ladder, notices
from app.compliance.models import MEASURE_SUBJECT, Measure
from app.extensions import db
from app.sla import admin as sla_admin
from app.sla import services as sla
from app.sla.sweep import DueEvent, register_handler

LABEL_MARK = " #"  # "KLA-2026-00001 #12": the case and the measure's id, which the link reads back


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
    timeline.append(
        measure.case,
        "measure_breached",
        "",
        actor_label="Edu-V Meldpunt",
        visibility="internal",
        data={"measure": measure.id, "deadline": deadline_kind, "nextStep": next_kind},
        at=now,
    )
    notices.term_passed(measure, deadline_kind, next_kind)


def _measure_rows():
    return select(
        Measure.id.label("id"),
        literal(MEASURE_SUBJECT).label("case_type"),
        null().label("variant"),
        (Case.reference + LABEL_MARK + cast(Measure.id, String)).label("label"),
        (Measure.status == "in_force").label("is_open"),
    ).join(Case, Case.id == Measure.case_id)


def _staff_url(label: str) -> str:
    return links.current().measure_url(int(label.rpartition(LABEL_MARK)[2]), links.STAFF, external=False)


def _deadlines_moved(measure_ids: list[int], cause: str, actor) -> None:
    """A policy or calendar change moved these measures' clocks (a response term, a hearing in
    business days): keep due_at in step."""
    for measure in db.session.scalars(select(Measure).where(Measure.id.in_(measure_ids)).order_by(Measure.id)):
        term = next((d for d in sla.for_subject(MEASURE_SUBJECT, measure.id) if d.kind == "measure"), None)
        if term is not None:
            measure.due_at = term.due_at
        timeline.append(
            measure.case,
            "deadlines_recomputed",
            actor=actor,
            visibility="internal",
            data={"cause": cause, "measure": measure.id},
        )


def register() -> None:
    register_handler(MEASURE_SUBJECT, on_measure_events)
    sla_admin.register_subjects(
        MEASURE_SUBJECT,
        sla_admin.SubjectSource(
            _measure_rows, _staff_url, _deadlines_moved, Measure, ("status",), kind_aliases={"response": "measure"}
        ),
    )
