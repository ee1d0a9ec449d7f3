"""A small register with measures recorded through the services: conditional, suspended, valid."""

from datetime import timedelta

from app import clock
from app.compliance.services import decisions, measures
from app.compliance.services.measures import MeasureInput
from app.extensions import db
from app.register.models import Organisation
from tests.compliance.helpers import complaint_in_progress, keurmerk, people, supplier
from tests.helpers.clock import NOW

PLAN_REASON = "Verbeterplan toegangscontrole"
PLAN_REASONING = "INTERN: de toegangscontrole ontbrak volledig bij de toetsmodule."
SUSPENSION_REASON = "Schorsing wegens gegevensdeling"
SUSPENSION_REASONING = "INTERN: gegevens gedeeld met een derde zonder grondslag."


def build(make_user) -> dict:
    """Vodix: an improvement plan (published) on Leerresultaten; Diataal: a suspension (not published);
    EduHint: no measures; and a school board, which is not a participant."""
    clock.freeze(NOW)
    vodix = supplier("Vodix")
    diataal = supplier("Diataal", services=("Leermiddelgebruik",))
    diataal.category = "Portaal"
    eduhint = supplier("EduHint", services=("Leermiddelgebruik",))
    board = Organisation(name="Stichting Rijnland", kind="school_board", is_participant=False)
    db.session.add(board)
    db.session.commit()
    folks = people(make_user, vodix)

    plan = MeasureInput(
        kind="improvement_plan",
        participant_id=vodix.id,
        keurmerk_id=keurmerk(vodix).id,
        reasoning=PLAN_REASONING,
        public_reason=PLAN_REASON,
        publish=True,
        due_at=NOW + timedelta(days=28),
    )
    decided = decisions.decide(
        complaint_in_progress(vodix, folks["sam"]), "upheld", "Gegrond.", [plan], actor=folks["sam"]
    )
    suspension = MeasureInput(
        kind="suspension",
        participant_id=diataal.id,
        keurmerk_id=keurmerk(diataal, "Leermiddelgebruik").id,
        reasoning=SUSPENSION_REASONING,
        public_reason=SUSPENSION_REASON,
        publish=False,
    )
    suspended = decisions.decide(
        complaint_in_progress(diataal, folks["sam"]), "upheld", "Ernstig.", [suspension], actor=folks["cora"]
    )
    measures.approve(suspended.measures[0], actor=folks["carl"])
    db.session.commit()
    return {
        "vodix": vodix,
        "diataal": diataal,
        "eduhint": eduhint,
        "board": board,
        "plan": decided.measures[0],
        "suspension": suspended.measures[0],
        **folks,
    }
