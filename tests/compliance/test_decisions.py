"""Deciding a case with measures: what takes effect at once, what waits for four eyes, what is refused."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from app import clock
from app.compliance.models import Decision, Measure, RegisterEvent
from app.compliance.services import decisions, measures
from app.compliance.services.measures import MeasureInput
from app.errors_domain import Conflict, DomainError, NotAllowed
from app.extensions import db
from app.notify.models import OutboxMessage
from app.sla.models import Deadline
from tests.helpers.clock import NOW

from .helpers import keurmerk, status_of


def plan(desk, **overrides) -> MeasureInput:
    values = dict(
        kind="improvement_plan",
        participant_id=desk["vodix"].id,
        keurmerk_id=keurmerk(desk["vodix"]).id,
        reasoning="Toegangscontrole ontbrak.",
        public_reason="Verbeterplan toegangscontrole",
        publish=True,
        due_at=NOW + timedelta(days=28),
    )
    values.update(overrides)
    return MeasureInput(**values)


def test_an_upheld_complaint_with_an_improvement_plan_makes_the_keurmerk_conditional(desk):
    decision = decisions.decide(desk["case"], "upheld", "De klacht is gegrond.", [plan(desk)], actor=desk["sam"])
    db.session.commit()
    assert desk["case"].status == "decided"
    [measure] = decision.measures
    assert measure.status == "in_force"
    assert status_of(keurmerk(desk["vodix"])) == "conditional"
    assert status_of(keurmerk(desk["vodix"], "Onderwijsdeelnemers")) == "valid"
    clock_row = db.session.scalar(select(Deadline).where(Deadline.subject_type == "measure"))
    assert clock_row.kind == "measure" and clock.as_utc(clock_row.due_at) == NOW + timedelta(days=28)
    [event] = db.session.scalars(select(RegisterEvent))
    assert (event.status, event.previous, event.measure_id) == ("conditional", "valid", measure.id)
    recipients = {
        m.recipient for m in db.session.scalars(select(OutboxMessage).where(OutboxMessage.key.startswith("decision:")))
    }
    assert "anna@school.example" in recipients and "pia@vodix.example" in recipients


def test_a_suspension_waits_for_a_second_coordinator(desk):
    decision = decisions.decide(
        desk["case"], "upheld", "Ernstig.", [plan(desk, kind="suspension", due_at=None)], actor=desk["cora"]
    )
    [measure] = decision.measures
    assert measure.status == "proposed"
    assert status_of(keurmerk(desk["vodix"])) == "valid"
    with pytest.raises(NotAllowed):
        measures.approve(measure, actor=desk["cora"])
    with pytest.raises(NotAllowed):
        measures.approve(measure, actor=desk["sam"])
    measures.approve(measure, actor=desk["carl"])
    db.session.commit()
    assert measure.status == "in_force" and measure.approved_by_id == desk["carl"].id
    assert status_of(keurmerk(desk["vodix"])) == "suspended"


@pytest.mark.parametrize(
    "change, field",
    [
        (dict(participant_id=-1), "measures-0-participant_id"),
        (dict(due_at=NOW - timedelta(hours=1)), "measures-0-due_at"),
        (dict(kind="reinstatement", due_at=None), "measures-0-keurmerk_id"),
        (dict(keurmerk_id=-1), "measures-0-keurmerk_id"),
        (dict(kind="warning"), "measures-0-due_at"),
    ],
)
def test_a_refused_measure_changes_nothing(desk, change, field):
    with pytest.raises(DomainError) as refused:
        decisions.decide(desk["case"], "upheld", "Gegrond.", [plan(desk, **change)], actor=desk["sam"])
    assert refused.value.field == field
    db.session.rollback()
    assert desk["case"].status == "in_progress"
    assert db.session.scalar(select(func.count(Decision.id))) == 0
    assert db.session.scalar(select(func.count(Measure.id))) == 0


def test_a_case_is_decided_once(desk):
    decisions.decide(desk["case"], "not_upheld", "Ongegrond.", actor=desk["sam"])
    with pytest.raises(Conflict):
        decisions.decide(desk["case"], "upheld", "Toch gegrond.", actor=desk["sam"])
