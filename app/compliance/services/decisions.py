"""Deciding a case: the outcome with its reasons, the measures it carries, and the letter to every side."""

from dataclasses import replace
from types import SimpleNamespace

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app import clock
from app.cases import access, timeline
from app.cases.models import RESPONSE_REQUESTED, Case, TimelineEvent
from app.cases.notices import handling as handling_notices
from app.cases.services import handling, hearing
from app.compliance import ladder
from app.compliance.models import Decision, Measure
from app.compliance.services import measures, objections
from app.compliance.services.measures import MeasureInput
from app.errors_domain import Conflict, DomainError, NotAllowed
from app.extensions import db
from app.i18n import localdt

# Who filed the case: heard by filing it.
FILER_ROLES = access.FILING_ROLES


def missing_hearing(case: Case) -> list[str]:
    """What is missing before the case can be decided after hearing both sides (hoor en wederhoor).

    The rule, one line per gap, in the desk's words:
    1. every clock a party still owes is open: a request for a response (hearing.request_response)
       or a dispute's own substantiation or response clock that no reply of that party met;
    2. every party organisation other than the filer's (roles reporter, claimant) was asked for a
       response at least once (answered or not), owes a clock of its own, or wrote something on the
       case (a message, a document, evidence) through one of its users;
    3. a complaint's participant (role subject) was informed of the complaint (a party_informed event).
    An empty list: every side was heard. The views ask for an explicit confirmation otherwise;
    decide() itself does not check, so services and the demo history decide as before.
    """
    missing: list[str] = []
    names = {p.organisation_id: p.organisation.name for p in case.parties}
    for ask in hearing.asks([case.id]).get(case.id, []):
        name = names.get(ask.organisation_id, "?")
        due = localdt(ask.deadline.due_at, "d MMMM yyyy")
        if ask.deadline.kind == "substantiation":
            missing.append(_("%(name)s has not substantiated its claim, due %(due)s", name=name, due=due))
        else:
            missing.append(_("%(name)s has not answered the request for a response due %(due)s", name=name, due=due))
    filers = {p.organisation_id for p in case.parties if p.role in FILER_ROLES}
    others = [p for p in case.parties if p.role not in FILER_ROLES and p.organisation_id not in filers]
    if not others:
        return missing
    events = list(
        db.session.scalars(select(TimelineEvent).where(TimelineEvent.case_id == case.id).order_by(TimelineEvent.seq))
    )
    owed = {org for org, _question in hearing.owed_clocks([case.id]).values()}
    asked = {e.data.get("organisation") for e in events if e.kind == RESPONSE_REQUESTED} | owed
    wrote = {e.actor.organisation_id for e in events if e.actor is not None and not e.actor.is_staff}
    informed = {e.data.get("organisation") for e in events if e.kind == "party_informed"}
    seen: set[int] = set()
    for party in others:
        org = party.organisation_id
        if org in seen:
            continue
        seen.add(org)
        if case.type == "complaint" and party.role == "subject" and org not in informed:
            missing.append(_("%(name)s was never informed of the complaint", name=names[org]))
        if org not in asked and org not in wrote:
            missing.append(_("%(name)s was never asked for a response", name=names[org]))
    return missing


def measure_prefix(index: int) -> str:
    """The field prefix of the index-th measure, as the form's list of measures names it."""
    return f"measures-{index}-"


def decision_of(case: Case) -> Decision | None:
    return db.session.scalar(select(Decision).where(Decision.case_id == case.id))


def decisions_of(case_ids: list[int]) -> dict[int, Decision]:
    """Per decided case id, its decision with its measures, in two queries for all of them."""
    if not case_ids:
        return {}
    found = db.session.scalars(
        select(Decision).where(Decision.case_id.in_(case_ids)).options(selectinload(Decision.measures))
    )
    return {decision.case_id: decision for decision in found}


def _require_handler(case: Case, actor) -> None:
    if not access.can_handle(access.Viewer(user=actor), case):
        raise NotAllowed(_("Only the foundation's case handlers decide cases."))


def _check(case: Case, outcome: str, reasoning: str, items) -> tuple[str, list[MeasureInput], list[tuple]]:
    """Refuses a decision that cannot be taken; the reasons, the measures and their (participant, keurmerk)."""
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
    checked = [measures.check(case, item, measure_prefix(index)) for index, item in enumerate(items)]
    return reasoning, items, checked


def check(case: Case, outcome: str, reasoning: str, items: list[MeasureInput] = (), *, actor) -> None:
    """Refuses what decide() would refuse, writing nothing: a view shows these errors together with
    the missing confirmation of missing_hearing, so the handler corrects everything at once."""
    _require_handler(case, actor)
    _check(case, outcome, reasoning, items)


def preview(
    case: Case,
    outcome: str,
    reasoning: str,
    items: list[MeasureInput] = (),
    *,
    actor,
    cause: str | None = None,
    remedial_action: str | None = None,
) -> list[handling_notices.Letter]:
    """The letters deciding would send, one per side, after the same checks; stores and queues nothing.

    The letter template reads a decision and its measures; here they are plain values shaped alike.
    """
    _require_handler(case, actor)
    reasoning, items, checked = _check(case, outcome, reasoning, items)
    taken = [
        SimpleNamespace(
            kind=item.kind,
            participant=participant,
            keurmerk=keurmerk,
            due_at=item.due_at,
            status="proposed" if ladder.needs_approval(item.kind) else "in_force",
        )
        for item, (participant, keurmerk) in zip(items, checked, strict=True)
    ]
    draft = SimpleNamespace(
        outcome=outcome,
        reasoning=reasoning,
        measures=taken,
        cause=(cause or "").strip() or None,
        remedial_action=(remedial_action or "").strip() or None,
    )
    return handling_notices.preview_letters(
        case,
        "decision",
        _l("Decision on %(reference)s", reference=case.reference),
        reasoning,
        outcome=outcome,
        decision=draft,
    )


def decide(
    case: Case,
    outcome: str,
    reasoning: str,
    items: list[MeasureInput] = (),
    *,
    actor,
    cause: str | None = None,
    remedial_action: str | None = None,
) -> Decision:
    """Records the decision and its measures, moves the case to decided and writes to every side.

    Everything is checked before anything is written: a refused measure leaves the case as it was.
    """
    _require_handler(case, actor)
    db.session.flush()
    db.session.refresh(case, with_for_update=True)  # two handlers deciding at once take turns
    reasoning, items, _checked = _check(case, outcome, reasoning, items)
    objection = objections.of_case(case) if case.type == "objection" else None

    now = clock.now()
    decision = Decision(
        case_id=case.id,
        outcome=outcome,
        reasoning=reasoning,
        decided_by_id=actor.id,
        decided_at=now,
        cause=(cause or "").strip() or None,
        remedial_action=(remedial_action or "").strip() or None,
    )
    db.session.add(decision)
    handling.transition(case, "decided", actor=actor, notify=False)
    event = timeline.append(
        case, "decision", reasoning, actor=actor, visibility="parties", data={"outcome": outcome}, at=now
    )
    if objection is not None and outcome in ("upheld", "partly_upheld"):
        # Lifted before any replacement is recorded, so a changed measure is never counted twice.
        objections.lift_objected(objection, reasoning, actor=actor)
    for index, item in enumerate(items):
        measures.record(case, item, actor=actor, decision=decision, prefix=measure_prefix(index))
    handling_notices.decision_letter(
        case,
        event,
        "decision",
        _l("Decision on %(reference)s", reference=case.reference),
        outcome=outcome,
        decision=decision,
    )
    return decision


def add_measure(case: Case, item: MeasureInput, *, actor, follows: Measure | None = None) -> Measure:
    """A measure after the decision: the next step on the ladder, or a reinstatement."""
    _require_handler(case, actor)
    decision = decision_of(case)
    if decision is None:
        raise Conflict(_("Decide the case first: a measure is part of a decision."))
    return measures.record(case, item, actor=actor, decision=decision, follows=follows)
