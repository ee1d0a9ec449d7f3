"""Objections: within six weeks, by the participant only, decided in a linked case that can lift the measure."""

from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import select

from app import clock
from app.auth.models import Role
from app.cases.models import TimelineEvent
from app.cases.services import handling
from app.compliance.models import Measure, RegisterEvent
from app.compliance.services import decisions, measures, objections
from app.compliance.services.measures import MeasureInput
from app.errors_domain import Conflict, DomainError, NotAllowed
from app.extensions import db
from app.sla.models import Deadline
from tests.helpers.clock import NOW

from .helpers import cause_of, complaint_in_progress, keurmerk, people, status_of, supplier
from .web import as_user


@pytest.fixture()
def world(app, make_user):
    clock.freeze(NOW)
    vodix = supplier()
    other = supplier("Leerwijs")
    db.session.commit()
    folks = people(make_user, vodix)
    folks["olga"] = make_user("olga@leerwijs.example", Role.PARTICIPANT, organisation=other, name="Olga")
    case = complaint_in_progress(vodix, folks["sam"])
    return {"vodix": vodix, "case": case, **folks}


def approved(world, kind: str) -> Measure:
    item = MeasureInput(
        kind=kind,
        participant_id=world["vodix"].id,
        keurmerk_id=keurmerk(world["vodix"]).id,
        publish=True,
        public_reason="Beveiliging onvoldoende",
    )
    [measure] = decisions.decide(world["case"], "upheld", "Gegrond.", [item], actor=world["cora"]).measures
    measures.approve(measure, actor=world["carl"])
    db.session.commit()
    return measure


def decide_objection(world, case, outcome: str):
    handling.triage(case, True, None, actor=world["sam"])
    decisions.decide(case, outcome, "Het bezwaar is beoordeeld.", actor=world["sam"])
    db.session.commit()


def test_an_upheld_objection_lifts_the_suspension(world):
    suspension = approved(world, "suspension")
    clock.freeze(NOW + timedelta(days=3))
    objection_case = objections.file_objection(suspension, "De schorsing is onevenredig.", actor=world["pia"])
    db.session.commit()
    assert objection_case.reference.startswith("BEZ-2026-")
    resolution = db.session.scalar(
        select(Deadline).where(
            Deadline.subject_type == "case", Deadline.subject_id == objection_case.id, Deadline.kind == "resolution"
        )
    )
    # Six weeks on the wall clock: from Friday 13 March 11:00 to Friday 24 April 11:00 (summer time by then).
    assert clock.local(resolution.due_at).replace(tzinfo=None) == datetime(2026, 4, 24, 11, 0)
    linked = db.session.scalar(
        select(TimelineEvent).where(TimelineEvent.case_id == world["case"].id, TimelineEvent.kind == "objection_filed")
    )
    assert linked.text == objection_case.reference
    assert status_of(keurmerk(world["vodix"])) == "suspended"  # pending: it stays in force

    clock.freeze(NOW + timedelta(days=20))
    decide_objection(world, objection_case, "upheld")
    assert suspension.status == "ended"
    assert status_of(keurmerk(world["vodix"])) == "valid"
    assert [e.status for e in db.session.scalars(select(RegisterEvent).order_by(RegisterEvent.id))] == [
        "suspended",
        "valid",
    ]


def test_an_upheld_objection_to_a_revocation_reinstates_the_keurmerk(world):
    revocation = approved(world, "revocation")
    objection_case = objections.file_objection(revocation, "Onterecht ingetrokken.", actor=world["pia"])
    decide_objection(world, objection_case, "upheld")
    assert revocation.status == "in_force"  # the record stays; a reinstatement undoes it
    assert status_of(keurmerk(world["vodix"])) == "valid"
    assert cause_of(keurmerk(world["vodix"])).kind == "reinstatement"


def test_a_rejected_objection_leaves_the_measure(world):
    suspension = approved(world, "suspension")
    objection_case = objections.file_objection(suspension, "Niet mee eens.", actor=world["pia"])
    decide_objection(world, objection_case, "not_upheld")
    assert suspension.status == "in_force"
    assert status_of(keurmerk(world["vodix"])) == "suspended"


def test_only_the_participant_objects_once_within_six_weeks(world):
    suspension = approved(world, "suspension")
    with pytest.raises(NotAllowed):
        objections.file_objection(suspension, "Wij ook.", actor=world["olga"])
    with pytest.raises(NotAllowed):
        objections.file_objection(suspension, "Staf.", actor=world["sam"])
    with pytest.raises(DomainError) as empty:
        objections.file_objection(suspension, "  ", actor=world["pia"])
    assert empty.value.field == "grounds"
    clock.freeze(NOW + timedelta(weeks=6, minutes=1))
    assert not objections.can_still_object(suspension)
    with pytest.raises(Conflict):
        objections.file_objection(suspension, "Te laat.", actor=world["pia"])
    clock.freeze(NOW + timedelta(weeks=6) - timedelta(minutes=1))
    objections.file_objection(suspension, "Net op tijd.", actor=world["pia"])
    with pytest.raises(Conflict):
        objections.file_objection(suspension, "Nog een keer.", actor=world["pia"])


def test_a_proposed_measure_cannot_be_objected_to_yet(world):
    item = MeasureInput(kind="revocation", participant_id=world["vodix"].id, reasoning="Ernstig.")
    [proposal] = decisions.decide(world["case"], "upheld", "Gegrond.", [item], actor=world["cora"]).measures
    with pytest.raises(Conflict):
        objections.file_objection(proposal, "Voorbarig.", actor=world["pia"])


def test_a_partly_upheld_objection_can_replace_the_measure(world):
    suspension = approved(world, "suspension")
    objection_case = objections.file_objection(suspension, "Te zwaar.", actor=world["pia"])
    handling.triage(objection_case, True, None, actor=world["sam"])
    warning = MeasureInput(
        kind="warning",
        participant_id=world["vodix"].id,
        keurmerk_id=suspension.keurmerk_id,
        publish=True,
        starts_on=date(2026, 3, 10),
    )
    decisions.decide(objection_case, "partly_upheld", "Een waarschuwing volstaat.", [warning], actor=world["sam"])
    db.session.commit()
    assert suspension.status == "ended"
    replaced = db.session.scalar(select(Measure).where(Measure.case_id == objection_case.id))
    assert replaced.kind == "warning" and replaced.status == "in_force"
    assert status_of(keurmerk(world["vodix"])) == "valid"


def test_an_objections_pages_name_the_measure_objected_to_with_each_readers_link(app, world):
    """At the top of the objection's case page, staff and the participant each read which measure it is
    about, linked to the page of it they may open."""
    suspension = approved(world, "suspension")
    objection_case = objections.file_objection(suspension, "De schorsing is onevenredig.", actor=world["pia"])
    db.session.commit()
    notice = "This objection is about the measure suspension"
    staff = as_user(app.test_client(), world["sam"]).get(f"/behandelen/{objection_case.reference}")
    page = staff.get_data(as_text=True)
    assert notice in page and f'href="/zaken/maatregelen/{suspension.id}"' in page
    assert page.index(notice) < page.index("Timeline")  # at the top, before the report and timeline
    party = as_user(app.test_client(), world["pia"]).get(f"/mijn/zaken/{objection_case.reference}")
    page = party.get_data(as_text=True)
    assert notice in page and f'href="/mijn/maatregelen/{suspension.id}"' in page
    # The complaint the measure came from has no such notice.
    assert notice not in as_user(app.test_client(), world["sam"]).get(f"/behandelen/{world['case'].reference}").text
