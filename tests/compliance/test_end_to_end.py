"""The whole road of issue 5: a complaint upheld, a plan missed, a suspension with four eyes, an objection upheld."""

import xml.etree.ElementTree as ET
from datetime import timedelta

from sqlalchemy import select

from app import clock
from app.auth.models import Role
from app.cases.models import Case, TimelineEvent
from app.compliance.models import Measure
from app.extensions import db
from app.notify.models import OutboxMessage
from app.sla.sweep import run_sweep
from tests.api.helpers import assert_problem, token_for
from tests.helpers.clock import NOW
from tests.helpers.pages import nl

from .helpers import keurmerk, supplier
from .web import as_user, post_form

ATOM = "{http://www.w3.org/2005/Atom}"


def kinds(case_id: int) -> list[str]:
    return list(
        db.session.scalars(
            select(TimelineEvent.kind).where(TimelineEvent.case_id == case_id).order_by(TimelineEvent.seq)
        )
    )


def register_status(client, participant_id: int, keurmerk_id: int) -> str:
    body = client.get(f"/api/v1/register/{participant_id}").get_json()
    return next(k["status"] for k in body["keurmerken"] if k["id"] == keurmerk_id)


def feed_titles(client) -> list[str]:
    response = client.get("/keurmerkregister/feed.atom")
    assert response.status_code == 200 and response.mimetype == "application/atom+xml"
    return [entry.findtext(f"{ATOM}title") for entry in ET.fromstring(response.data).iter(f"{ATOM}entry")]


def test_complaint_to_suspension_to_objection_upheld(app, client, make_user):
    clock.freeze(NOW)
    vodix = supplier()
    db.session.commit()
    mark = keurmerk(vodix)
    sam = make_user("sam@edu-v.example", Role.SUPERVISOR, name="Sam")
    cora = make_user("cora@edu-v.example", Role.COORDINATOR, name="Cora")
    carl = make_user("carl@edu-v.example", Role.COORDINATOR, name="Carl")
    pia = make_user("pia@vodix.example", Role.PARTICIPANT, organisation=vodix, name="Pia")
    staff = token_for(sam)

    # A school complains; the supervisor finds it admissible and upheld, with an improvement plan.
    filed = client.post(
        "/api/v1/complaints",
        json={
            "reporter": {"name": "Anna de Vries", "email": "anna@school.example", "organisation": "OBS De Linde"},
            "participantId": vodix.id,
            "title": "Cijfers zichtbaar voor andere scholen",
            "description": "Onze resultaten waren zichtbaar voor een andere school.",
            "occurredOn": "2026-03-02",
            "raisedWithParticipant": True,
        },
    )
    assert filed.status_code == 201, filed.get_json()
    reference = filed.get_json()["reference"]
    for to in ("triage", "in_progress"):
        assert client.post(f"/api/v1/cases/{reference}/transition", json={"to": to}, headers=staff).status_code == 200
    due = NOW + timedelta(days=28)
    decided = client.post(
        f"/api/v1/cases/{reference}/decision",
        headers=staff,
        json={
            # Vodix was told of the complaint but not asked for a response: the handler decides anyway.
            "outcome": "upheld",
            "reasoning": "De toegangscontrole schoot tekort.",
            "confirmMissingHearing": True,
            "measures": [
                {
                    "kind": "improvement_plan",
                    "participantId": vodix.id,
                    "keurmerkId": mark.id,
                    "dueAt": due.isoformat(),
                    "publish": True,
                    "publicReason": "Verbeterplan toegangscontrole",
                }
            ],
        },
    )
    assert decided.status_code == 200, decided.get_json()
    [plan] = decided.get_json()["decision"]["measures"]
    assert plan["status"] == "in_force"
    assert register_status(client, vodix.id, mark.id) == "conditional"

    # The supplier misses its term: the coordinators hear it, with the next step on the ladder.
    run_sweep(due + timedelta(minutes=1))
    db.session.commit()
    escalation = db.session.scalar(
        select(OutboxMessage).where(OutboxMessage.key == f"measure:breach:{plan['id']}:measure:{cora.id}")
    )
    assert nl("Notice of default") in escalation.body_text

    # A coordinator proposes the suspension on the plan's page; she cannot approve it herself, a second
    # coordinator does.
    clock.freeze(due + timedelta(days=1))
    case = db.session.scalar(select(Case).where(Case.reference == reference))
    page = f"/zaken/maatregelen/{plan['id']}"
    proposed = post_form(
        as_user(app.test_client(), cora),
        page,
        f"{page}/volgende-stap",
        {
            "next-kind": "suspension",
            "next-participant_id": str(vodix.id),
            "next-keurmerk_id": str(mark.id),
            "next-reasoning": "Het verbeterplan is niet uitgevoerd.",
            "next-publish": "y",
            "next-public_reason": "Verbeterplan niet uitgevoerd",
        },
        prefix="next",
    )
    assert proposed.status_code == 302
    suspension = db.session.scalar(select(Measure).where(Measure.follows_id == plan["id"]))
    assert suspension.kind == "suspension" and suspension.status == "proposed"
    assert register_status(client, vodix.id, mark.id) == "conditional"
    refused = client.post(f"/api/v1/measures/{suspension.id}/approve", headers=token_for(cora))
    assert assert_problem(refused, 403)["detail"] == nl(
        "You proposed this measure: a second coordinator must approve it."
    )
    approved = client.post(f"/api/v1/measures/{suspension.id}/approve", headers=token_for(carl))
    assert approved.status_code == 200, approved.get_json()

    # The public register and its feed show the suspension.
    assert register_status(client, vodix.id, mark.id) == "suspended"
    page = client.get("/keurmerkregister").get_data(as_text=True)
    assert nl("Suspended") in page
    assert any(nl("Suspended") in title for title in feed_titles(client))

    # The supplier objects on its measure page; the objection is upheld and the keurmerk is valid again.
    page = f"/mijn/maatregelen/{suspension.id}"
    objected = post_form(
        as_user(app.test_client(), pia),
        page,
        f"{page}/bezwaar",
        {"objection-grounds": "Wij hebben het plan wel uitgevoerd; zie bijlage."},
        prefix="objection",
    )
    assert objected.status_code == 302
    objection = db.session.scalar(select(Case).where(Case.type == "objection"))
    for to in ("triage", "in_progress"):
        assert (
            client.post(f"/api/v1/cases/{objection.reference}/transition", json={"to": to}, headers=staff).status_code
            == 200
        )
    upheld = client.post(
        f"/api/v1/cases/{objection.reference}/decision",
        headers=staff,
        json={"outcome": "upheld", "reasoning": "Het plan bleek wel uitgevoerd.", "measures": []},
    )
    assert upheld.status_code == 200, upheld.get_json()
    assert register_status(client, vodix.id, mark.id) == "valid"
    assert any(nl("Valid") in title for title in feed_titles(client))

    # Every step is on the timeline.
    steps = kinds(case.id)
    for kind in (
        "received",
        "decision",
        "measure_taken",
        "measure_breached",
        "measure_proposed",
        "measure_approved",
        "objection_filed",
        "measure_ended",
    ):
        assert kind in steps, (kind, steps)
    ended = [i for i, kind in enumerate(steps) if kind == "measure_ended"]
    # The plan ends when the suspension replaces it; the suspension ends when the objection is upheld.
    assert len(ended) == 2
    assert (
        steps.index("measure_taken")
        < steps.index("measure_breached")
        < ended[0]
        < steps.index("objection_filed")
        < ended[1]
    )
    assert {"received", "decision"} <= set(kinds(objection.id))
