"""Webhook delivery: the Standard Webhooks signature, back-off, pausing after repeated failures with an e-mail
to the administrator, and resuming."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select
from standardwebhooks import Webhook

from app import clock
from app.extensions import db
from app.notify import webhooks
from app.notify.models import OutboxMessage, WebhookEndpoint
from tests.helpers.webhook_receiver import ReceiverServer


def test_the_signature_is_the_one_standardwebhooks_verifies():
    secret = webhooks.new_secret()
    body = webhooks.as_json({"id": "evt_1", "type": "case.filed", "data": {"title": "Één"}})
    headers = webhooks.signed_headers(secret, "evt_1", body, datetime.now(UTC))
    assert Webhook(secret).verify(body, headers)["data"] == {"title": "Één"}
    tampered = body.replace("Één", "Twee")
    with pytest.raises(Exception, match="signature"):
        Webhook(secret).verify(tampered, headers)
    with pytest.raises(Exception, match="signature"):
        Webhook(webhooks.new_secret()).verify(body, headers)


def _endpoint(url: str, secret: str) -> WebhookEndpoint:
    endpoint = WebhookEndpoint(
        organisation_id=None,
        url=url,
        event_types=["case.filed"],
        secret=secret,
        contact_email="beheer@vodix.example",
        created_by_label="Beheer",
        failures=0,
    )
    db.session.add(endpoint)
    db.session.flush()
    return endpoint


def test_failures_back_off_then_pause_with_an_e_mail_and_resume_delivers(app):
    app.config["WEBHOOK_PAUSE_AFTER_FAILURES"] = 3
    with ReceiverServer() as (receiver, url):
        receiver.secret = webhooks.new_secret()
        receiver.status = 503
        endpoint = _endpoint(url, receiver.secret)
        webhooks.enqueue(endpoint, "evt_1", "case.filed", webhooks.as_json({"id": "evt_1"}))
        webhooks.enqueue(endpoint, "evt_1", "case.filed", webhooks.as_json({"id": "evt_1"}))  # queued once
        db.session.commit()
        now = clock.now()
        assert webhooks.deliver_due(now).retried == 1
        message = db.session.scalar(select(OutboxMessage).where(OutboxMessage.channel == "webhook"))
        assert clock.as_utc(message.next_attempt_at) == now + timedelta(seconds=30)  # the e-mail's back-off
        assert webhooks.deliver_due(now).retried == 0  # not due yet
        assert webhooks.deliver_due(now + timedelta(seconds=30)).retried == 1
        assert webhooks.deliver_due(now + timedelta(minutes=5)).paused == 1
        db.session.refresh(endpoint)
        assert endpoint.paused_at is not None and endpoint.failures == 3 and endpoint.last_error == "HTTP 503"
        mail = db.session.scalar(select(OutboxMessage).where(OutboxMessage.channel == "email"))
        assert mail.recipient == "beheer@vodix.example" and url in mail.body_text
        receiver.status = 200
        assert webhooks.deliver_due(now + timedelta(days=1)).sent == 0  # paused: nothing goes out

        assert webhooks.resume(endpoint)
        db.session.commit()
        assert webhooks.deliver_due().sent == 1
    assert len(receiver.deliveries) == 4 and list(receiver.events) == ["evt_1"]
    assert webhooks.deliver_due(clock.now() + timedelta(days=2)).sent == 0  # acknowledged: never again


def test_an_unreachable_address_counts_as_a_failure_without_a_status(app):
    endpoint = _endpoint("http://127.0.0.1:9/nobody", webhooks.new_secret())
    webhooks.enqueue(endpoint, "evt_2", "case.filed", "{}")
    db.session.commit()
    assert webhooks.deliver_due().retried == 1
    attempt = webhooks.history(endpoint.id)[0]
    assert attempt.status_code is None and attempt.error
