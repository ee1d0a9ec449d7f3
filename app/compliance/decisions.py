"""Deciding a case: the outcome with its reasons, the measures it carries, and the letter to every side."""
from dataclasses import replace

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app import clock
from app.cases import access, handling, handling_notices, timeline
from app.cases.models import Case
from app.compliance import ladder, measures, objections
from app.compliance.measures import MeasureInput
from app.compliance.models import Decision, Measure
from app.errors_domain import Conflict, DomainError, NotAllowed
from app.extensions import db


def measure_prefix(index: int) -> str:
    """The field prefix of the index-th measure, as the form's list of measures names it."""
    return f"measures-{index}-"


def decision_of(case: Case) -> Decision | None:
    return db.session.scalar(select(Decision).where(Decision.case_id == case.id))


def _require_handler(case: Case, actor) -> None:
    if not access.can_handle(access.Viewer(user=actor), case):
        raise NotAllowed(_("Only the foundation's case handlers decide cases."))


def decide(case: Case, outcome: str, reasoning: str, items: list[MeasureInput] = (), *, actor,
           cause: str | None = None, remedial_action: str | None = None) -> Decision:
    """Records the decision and its measures, moves the case to decided and writes to every side.

    Everything is checked before anything is written: a refused measure leaves the case as it was.
    """
    _require_handler(case, actor)
    db.session.flush()
    db.session.refresh(case, with_for_update=True)  # two handlers deciding at once take turns
    if decision_of(case) is not None:
        raise Conflict(_("This case has already been decided."))
    if outcome not in ladder.outcomes_for(case.type):
        raise DomainError(_("Choose an outcome that fits this kind of case."), field="outcome")
    reasoning = (reasoning or "").strip()
    if not reasoning:
        raise DomainError(_("Give the reasons for the decision: every side reads them."), field="reasoning")
    handling.check_transition(case.status, "decided", reasoning)
    # A measure without reasons of its own rests on the decision's.
    items = [item if item.reasoning.strip() else replace(item, reasoning=reasoning) for item in items]
    objection = objections.of_case(case) if case.type == "objection" else None
    for index, item in enumerate(items):
        measures.check(case, item, measure_prefix(index))

    now = clock.now()
    decision = Decision(case_id=case.id, outcome=outcome, reasoning=reasoning, decided_by_id=actor.id, decided_at=now,
                        cause=(cause or "").strip() or None, remedial_action=(remedial_action or "").strip() or None)
    db.session.add(decision)
    handling.transition(case, "decided", actor=actor, notify=False)
    event = timeline.append(case, "decision", reasoning, actor=actor, visibility="parties",
                            data={"outcome": outcome}, at=now)
    if objection is not None and outcome in ("upheld", "partly_upheld"):
        # Lifted before any replacement is recorded, so a changed measure is never counted twice.
        objections.lift_objected(objection, reasoning, actor=actor)
    for index, item in enumerate(items):
        measures.record(case, item, actor=actor, decision=decision, prefix=measure_prefix(index))
    handling_notices.decision_letter(case, event, "decision", _l("Decision on %(reference)s", reference=case.reference),
                                     outcome=outcome, decision=decision)
    return decision


def add_measure(case: Case, item: MeasureInput, *, actor, follows: Measure | None = None) -> Measure:
    """A measure after the decision: the next step on the ladder, or a reinstatement."""
    _require_handler(case, actor)
    decision = decision_of(case)
    if decision is None:
        raise Conflict(_("Decide the case first: a measure is part of a decision."))
    return measures.record(case, item, actor=actor, decision=decision, follows=follows)
