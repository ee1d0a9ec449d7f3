"""Objections (bezwaar): a participant objects to a measure within six weeks; a linked case decides on it."""

from datetime import datetime, timedelta

from flask_babel import gettext as _
from sqlalchemy import select

from app import clock
from app.cases import access, references, timeline
from app.cases.models import Case
from app.cases.services.opening import Reporter, new_case, start_clocks
from app.cases.visibility import for_party
from app.compliance import ladder, notices
from app.compliance.models import Measure, Objection
from app.compliance.services import keurmerk_status, measures
from app.errors_domain import Conflict, DomainError, NotAllowed
from app.extensions import db
from app.sla import admin as sla_admin

DESK = "Edu-V Meldpunt"
OBJECTABLE = ("in_force", "met", "ended")


def window_ends(measure: Measure) -> datetime:
    return measure.decided_at + timedelta(weeks=ladder.OBJECTION_WEEKS)


def of_measure(measure: Measure) -> Objection | None:
    return db.session.scalar(select(Objection).where(Objection.measure_id == measure.id))


def of_case(case: Case) -> Objection | None:
    return db.session.scalar(select(Objection).where(Objection.case_id == case.id))


def can_still_object(measure: Measure, now: datetime | None = None) -> bool:
    return measure.status in OBJECTABLE and of_measure(measure) is None and (now or clock.now()) <= window_ends(measure)


def file_objection(measure: Measure, grounds: str, *, actor) -> Case:
    """Opens the objection case with its own six-week decision clock, linked from the measure's case."""
    if not access.can_object(access.Viewer(user=actor), measure):
        raise NotAllowed(_("Only the participant a measure is against can object to it."))
    if measure.status not in OBJECTABLE:
        raise Conflict(_("This measure has not been decided, so there is nothing to object to yet."))
    if of_measure(measure) is not None:
        raise Conflict(_("An objection to this measure has already been filed."))
    now = clock.now()
    if now > window_ends(measure):
        raise Conflict(_("The six weeks to object to this measure have passed."))
    grounds = (grounds or "").strip()
    if not grounds:
        raise DomainError(_("Give the grounds of your objection."), field="grounds")
    reporter = Reporter(name=actor.name, email=actor.email, organisation=actor.organisation.name)
    title = _("Objection to a measure in %(reference)s", reference=measure.case.reference)
    case = new_case(
        "objection", reporter, actor, now, title=title[:200], description=grounds, participant_id=measure.participant_id
    )[0]
    db.session.add(Objection(measure_id=measure.id, case_id=case.id, filed_at=now))
    timeline.append(
        case,
        "received",
        actor=actor,
        visibility="parties",
        at=now,
        data={"measure": measure.id, "case": measure.case.reference},
    )
    start_clocks(case, sla_admin.effective_clocks("objection"), now)
    references.assign(case)
    timeline.append(case, "acknowledged", actor_label=DESK, visibility="parties", at=now)
    timeline.append(
        measure.case,
        "objection_filed",
        case.reference,
        actor=actor,
        visibility=for_party(measure.participant_id),
        data={"measure": measure.id, "case": case.reference},
        at=now,
    )
    notices.objection_received(case, measure)
    return case


def lift_objected(objection: Objection, reasons: str, *, actor) -> None:
    """An upheld objection lifts the measure; a revocation is lifted by reinstating the keurmerk."""
    measure = objection.measure
    if measure.kind == "revocation":
        item = measures.MeasureInput(
            kind="reinstatement",
            participant_id=measure.participant_id,
            keurmerk_id=measure.keurmerk_id,
            reasoning=reasons,
            public_reason=_("Objection upheld (%(reference)s).", reference=objection.case.reference),
            publish=measure.publish,
        )
        measures.record(measure.case, item, actor=actor, decision=measure.decision)
        return
    if measure.status in ("in_force", "met"):
        measures.lift(measure, reasons, actor=actor)
    keurmerk_status.record_changes(measure.participant_id)
