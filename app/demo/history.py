"""Demo history through the real services, so the demo register shows a conditional and a suspended keurmerk."""

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select

from app import clock
from app.auth.models import User
from app.cases.models import Case
from app.cases.services import handling
from app.compliance.services import decisions, measures
from app.compliance.services.measures import MeasureInput
from app.extensions import db
from app.intake.services.filing import ComplaintReport, Reporter, file_complaint
from app.register.models import Keurmerk, Organisation, Product


@dataclass(frozen=True)
class DemoComplaint:
    title: str
    participant: str
    gegevensdienst: str
    description: str
    kind: str
    public_reason: str


PLAN = DemoComplaint(
    "Demo-gegevens: cijfers zichtbaar voor een andere school",
    "Vodix",
    "Leerresultaten",
    "Demo-gegevens (verzonnen): de toetsresultaten van onze leerlingen waren zichtbaar voor een andere school.",
    "improvement_plan",
    "Verbeterplan toegangscontrole op toetsresultaten (demo)",
)
SUSPENSION = DemoComplaint(
    "Demo-gegevens: leerresultaten zonder grondslag gedeeld",
    "Diataal",
    "Leerresultaten",
    "Demo-gegevens (verzonnen): leerresultaten werden zonder grondslag met een derde gedeeld.",
    "suspension",
    "Geschorst tot de gegevensdeling is beëindigd (demo)",
)
HANDLER, PROPOSER, APPROVER = "behandelaar@demo.edu-v.nl", "coordinator@demo.edu-v.nl", "coordinator2@demo.edu-v.nl"


def _user(email: str) -> User:
    return db.session.scalar(select(User).where(User.email == email))


def _keurmerk(participant: str, gegevensdienst: str) -> Keurmerk | None:
    return db.session.scalar(
        select(Keurmerk)
        .join(Product)
        .join(Organisation)
        .where(Organisation.name == participant, Keurmerk.gegevensdienst == gegevensdienst)
    )


def _decided(demo: DemoComplaint, handler: User, decider: User):
    """Files, triages and decides the complaint; None when it exists already or its keurmerk is missing."""
    keurmerk = _keurmerk(demo.participant, demo.gegevensdienst)
    if keurmerk is None or db.session.scalar(select(Case.id).where(Case.title == demo.title)):
        return None
    report = ComplaintReport(
        reporter=Reporter("Demo Melder", "melder@demo.edu-v.nl", organisation="Demo Basisschool De Linde"),
        participant_id=keurmerk.product.organisation_id,
        title=demo.title,
        description=demo.description,
        occurred_on=clock.local(clock.now()).date() - timedelta(days=7),
        raised_with_participant=True,
    )
    case = file_complaint(report).case
    handling.triage(case, True, None, actor=handler)
    # Four weeks, at the end of the working day: a term as a supervisor would set it.
    end_of_day = clock.local(clock.now() + timedelta(days=28)).replace(hour=17, minute=0, second=0, microsecond=0)
    due = end_of_day if demo.kind == "improvement_plan" else None
    item = MeasureInput(
        kind=demo.kind,
        participant_id=keurmerk.product.organisation_id,
        keurmerk_id=keurmerk.id,
        reasoning=demo.description,
        public_reason=demo.public_reason,
        publish=True,
        due_at=due,
    )
    return decisions.decide(case, "upheld", "De klacht is gegrond (demo-gegevens).", [item], actor=decider)


def load() -> int:
    """Adds what is missing of the demo history; returns how many demo cases it decided."""
    handler, proposer, approver = _user(HANDLER), _user(PROPOSER), _user(APPROVER)
    if None in (handler, proposer, approver):
        return 0
    decided = 0
    if _decided(PLAN, handler, handler) is not None:
        decided += 1
    suspension = _decided(SUSPENSION, handler, proposer)
    if suspension is not None:
        # Four eyes: one coordinator proposes the suspension, a second approves it.
        measures.approve(suspension.measures[0], actor=approver)
        decided += 1
    return decided
