"""Webhooks for the RFC desk: a real local receiver (verified with `standardwebhooks`, on the real clock) gets
`rfc.status_changed` when it belongs to the submitting organisation or the foundation, and never otherwise."""

from sqlalchemy import select

from app.extensions import db
from app.rfc.models import Rfc
from app.rfc.services import handling
from app.scheduler.jobs import deliver_webhooks
from tests.api.helpers import token_for
from tests.helpers.webhook_receiver import ReceiverServer
from tests.rfc.helpers import body, rfc_world


def test_webhooks_deliver_rfc_status_changes_to_whom_they_concern(client, make_org, make_user):
    world = rfc_world(make_org, make_user)
    answer = client.post("/api/v1/rfcs", json=body(desiredMoment=None), headers=token_for(world["submitter"]))
    assert answer.status_code == 201
    reference = answer.get_json()["reference"]
    for user in ("submitter", "stranger"):
        world[user].is_org_admin = True
    db.session.commit()
    events = ["rfc.status_changed"]
    with (
        ReceiverServer() as (own, own_url),
        ReceiverServer() as (foundation, foundation_url),
        ReceiverServer() as (
            other,
            other_url,
        ),
    ):
        for receiver, url, user in (
            (own, own_url, "submitter"),
            (foundation, foundation_url, "manager"),
            (other, other_url, "stranger"),
        ):
            answer = client.post(
                "/api/v1/webhooks", json={"url": url, "events": events}, headers=token_for(world[user])
            )
            assert answer.status_code == 201, answer.get_json()
            receiver.secret = answer.get_json()["secret"]
        rfc = db.session.scalar(select(Rfc).where(Rfc.reference == reference))
        handling.transition(rfc, "rejected", "Valt onder de Privacyconvenant", actor=world["manager"])
        db.session.commit()
        deliver_webhooks()
    assert own.types == foundation.types == ["rfc.status_changed"]
    assert other.types == []
    [event] = own.events.values()
    assert event["reference"] == reference
    assert event["data"] == {"from": "requested", "to": "rejected", "reason": "Valt onder de Privacyconvenant"}
