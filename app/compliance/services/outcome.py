"""The outcome of a case as the reporter and the parties read it: the decision's words, never internal notes."""

from dataclasses import dataclass, field

from sqlalchemy import select

from app.cases import access
from app.cases.models import Case, TimelineEvent
from app.compliance.models import Decision, Measure
from app.compliance.services.decisions import decision_of
from app.extensions import db


@dataclass(frozen=True)
class Outcome:
    """What a non-staff viewer is told: the decision (outcome and the reasons written for the
    parties, as the decision letter sends them) with the measures they may see, or the reason a
    case was not admissible."""

    decision: Decision | None = None
    measures: list[Measure] = field(default_factory=list)
    rejection: TimelineEvent | None = None

    @property
    def shown(self) -> bool:
        return self.decision is not None or self.rejection is not None


def for_viewer(viewer: access.Viewer, case: Case) -> Outcome:
    decision = decision_of(case)
    rejection = None
    if case.status == "rejected":
        rejection = db.session.scalar(
            select(TimelineEvent)
            .where(
                TimelineEvent.case_id == case.id, TimelineEvent.kind == "status", TimelineEvent.visibility == "parties"
            )
            .order_by(TimelineEvent.seq.desc())
            .limit(1)
        )
        if rejection is not None and (rejection.data or {}).get("to") != "rejected":
            rejection = None
    if decision is None:
        return Outcome(rejection=rejection)
    measures = [m for m in decision.measures if access.can_see_decided_measure(viewer, m)]
    return Outcome(decision=decision, measures=measures, rejection=rejection)
