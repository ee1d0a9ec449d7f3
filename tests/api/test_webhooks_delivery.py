"""Webhooks end to end: a real local receiver subscribed for each party of a dispute gets the dispute from
filing to decision, signed (verified with `standardwebhooks`), once per event, and only what that party may see."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from app import clock
from app.auth.models import Role
from app.cases.models import Case
from app.cases.services import hearing
from app.extensions import db
from app.notify import webhooks
from app.notify.models import WebhookAttempt
from app.scheduler.jobs import deliver_webhooks
from tests.api.helpers import token_for
from tests.helpers.webhook_receiver import ReceiverServer, body_of

ALL_TYPES = [
    "case.filed",
    "case.status_changed",
    "case.message",
    "case.response_requested",
    "case.decided",
    "measure.changed",
]


@pytest.fixture()
def dispute_world(make_org, make_user):
    vodix, leerlab = make_org("Vodix"), make_org("Leerlab")
    people = {
        "claimant": make_user("jan@vodix.example", Role.PARTICIPANT, organisation=vodix),
        "respondent": make_user("eva@leerlab.example", Role.PARTICIPANT, organisation=leerlab),
        "supervisor": make_user("sam@meldpunt.example", Role.SUPERVISOR, name="Sam"),
    }
    for role in ("claimant", "respondent"):
        people[role].is_org_admin = True
    db.session.commit()
    return {"orgs": {"claimant": vodix, "respondent": leerlab}, "people": people}


def subscribe(client, user, url: str, events=ALL_TYPES) -> tuple[int, str]:
    response = client.post("/api/v1/webhooks", json={"url": url, "events": events}, headers=token_for(user))
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert body["secret"].startswith("whsec_") and response.headers["Location"].endswith(f"/webhooks/{body['id']}")
    return body["id"], body["secret"]


def run_dispute(client, world) -> str:
    """Filing to decision through the API (and the hearing service, which has no API yet)."""
    people, orgs = world["people"], world["orgs"]
    claimant, respondent, supervisor = (token_for(people[r]) for r in ("claimant", "respondent", "supervisor"))
    filed = client.post(
        "/api/v1/disputes",
        json={
            "respondentParticipantId": orgs["respondent"].id,
            "title": "Leerlab levert geen Leermiddelgebruik",
            "description": "Sinds februari geen levering.",
            "agreement": "Afspraak Leermiddelgebruik",
            "priorAttempt": "Overleg op 12 en 26 februari.",
            "desiredOutcome": "Levering volgens de afspraak.",
        },
        headers=claimant,
    )
    reference = filed.get_json()["reference"]
    cases = f"/api/v1/cases/{reference}"
    for status in ("triage", "in_progress"):
        assert client.post(f"{cases}/transition", json={"to": status}, headers=supervisor).status_code == 200
    case = db.session.scalar(select(Case).where(Case.reference == reference))
    hearing.request_response(case, orgs["respondent"].id, "Waarom levert u niet?", 5, actor=people["supervisor"])
    db.session.commit()
    reply = {"body": "Wij leveren vanaf maart.", "visibility": "parties"}
    assert client.post(f"{cases}/messages", json=reply, headers=respondent).status_code == 201
    # For the claimant alone, and a note for the foundation alone: the respondent must never get them.
    only_claimant = {"body": "Vraag aan verzoeker", "visibility": f"party:{orgs['claimant'].id}"}
    assert client.post(f"{cases}/messages", json=only_claimant, headers=supervisor).status_code == 201
    note = {"body": "Interne notitie", "visibility": "internal"}
    assert client.post(f"{cases}/messages", json=note, headers=supervisor).status_code == 201
    decision = {
        "outcome": "advice",
        "reasoning": "Leveren volgens de afspraak.",
        "measures": [{"kind": "warning", "participantId": orgs["respondent"].id, "publish": False}],
        "confirmMissingHearing": True,
    }
    response = client.post(f"{cases}/decision", json=decision, headers=supervisor)
    assert response.status_code == 200, response.get_json()
    return reference


def test_a_dispute_reaches_each_party_signed_once_and_only_as_it_may_see_it(client, dispute_world):
    people = dispute_world["people"]
    with ReceiverServer() as (respondent_side, respondent_url), ReceiverServer() as (claimant_side, claimant_url):
        respondent_endpoint, respondent_side.secret = subscribe(client, people["respondent"], respondent_url)
        claimant_endpoint, claimant_side.secret = subscribe(client, people["claimant"], claimant_url)
        respondent_side.lose_first_ack = True
        claimant_side.status = 503  # down at first: every delivery waits for the back-off
        reference = run_dispute(client, dispute_world)

        deliver_webhooks()
        claimant_side.status = 200
        webhooks.deliver_due(clock.now() + timedelta(minutes=5))  # the retries, after the back-off
        webhooks.deliver_due(clock.now() + timedelta(minutes=60))  # all acknowledged: nothing more goes out

    assert all("error" not in d for d in respondent_side.deliveries + claimant_side.deliveries)
    first = respondent_side.deliveries[0]["headers"]["webhook-id"]
    ids = [d["headers"]["webhook-id"] for d in respondent_side.deliveries]
    assert ids.count(first) == 2 and len(ids) == len(respondent_side.events) + 1  # re-sent once, kept once
    assert respondent_side.types == [
        "case.filed",
        "case.status_changed",
        "case.status_changed",
        "case.response_requested",
        "case.message",
        "case.status_changed",
        "case.decided",
        "measure.changed",
    ]
    assert claimant_side.types == [
        "case.filed",
        "case.status_changed",
        "case.status_changed",
        "case.message",
        "case.message",
        "case.status_changed",
        "case.decided",
    ]
    assert {e["reference"] for e in claimant_side.events.values()} == {reference}
    respondent_bodies = " ".join(d["body"].decode() for d in respondent_side.deliveries)
    assert "Vraag aan verzoeker" not in respondent_bodies and "Interne notitie" not in respondent_bodies
    claimant_bodies = " ".join(d["body"].decode() for d in claimant_side.deliveries)
    assert "Vraag aan verzoeker" in claimant_bodies and "Waarom levert u niet?" not in claimant_bodies
    assert "Interne notitie" not in claimant_bodies
    decided = next(e for e in claimant_side.events.values() if e["type"] == "case.decided")
    assert decided["data"] == {"outcome": "advice", "reasoning": "Leveren volgens de afspraak."}
    # The history the administrators read: the lost acknowledgement's 500, then the 200.
    assert attempts(respondent_endpoint, first) == [500, 200]
    assert attempts(claimant_endpoint, first) == [503, 200]


def attempts(endpoint_id: int, event_id: str) -> list[int]:
    query = select(WebhookAttempt.status_code).where(
        WebhookAttempt.endpoint_id == endpoint_id, WebhookAttempt.event_id == event_id
    )
    return list(db.session.scalars(query.order_by(WebhookAttempt.id)))


def test_the_feed_lists_what_the_webhooks_deliver(client, dispute_world):
    people = dispute_world["people"]
    with ReceiverServer() as (receiver, url):
        _, receiver.secret = subscribe(client, people["respondent"], url)
        run_dispute(client, dispute_world)
        deliver_webhooks()
    feed = client.get("/api/v1/events?limit=200", headers=token_for(people["respondent"])).get_json()
    assert feed["items"] == [body_of(d) for d in receiver.deliveries]
