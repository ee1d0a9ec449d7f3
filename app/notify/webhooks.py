"""Webhook deliveries through the outbox: one row per (event, endpoint), POSTed signed as Standard Webhooks
says, retried with the e-mail's back-off until a 2xx acknowledges it, never sent again after.

An endpoint that fails WEBHOOK_PAUSE_AFTER_FAILURES attempts in a row is paused (its rows wait, none is
lost) and its administrator is e-mailed through the outbox; resuming makes every waiting row due again.
"""

import base64
import hashlib
import hmac
import json
import logging
import secrets
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import datetime

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import func, select, update

from app import clock
from app.db_setup import writing
from app.extensions import db
from app.notify import services as outbox
from app.notify.delivery import ERROR_MAX, backoff, claim_next
from app.notify.models import OutboxMessage, WebhookAttempt, WebhookEndpoint

log = logging.getLogger(__name__)

SECRET_PREFIX = "whsec_"
SECRET_BYTES = 32
USER_AGENT = "Edu-V-Meldpunt-Webhooks/1"


@dataclass(frozen=True)
class Delivery:
    """A claimed row: what one POST needs, read before the claim's commit."""

    id: int
    endpoint_id: int
    url: str
    secret: str
    event_id: str
    event_type: str
    body: str


@dataclass
class WebhookReport:
    sent: int = 0
    retried: int = 0
    paused: int = 0  # endpoints paused by this run


def new_secret() -> str:
    """A signing secret as Standard Webhooks writes it: "whsec_" and 32 random bytes in base64."""
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(SECRET_BYTES)).decode()


def signature(secret: str, event_id: str, timestamp: int, body: str) -> str:
    """`v1,<base64 HMAC-SHA256 of "<id>.<timestamp>.<body>">`, keyed with the secret's bytes."""
    key = base64.b64decode(secret.removeprefix(SECRET_PREFIX))
    digest = hmac.new(key, f"{event_id}.{timestamp}.{body}".encode(), hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()


def signed_headers(secret: str, event_id: str, body: str, now: datetime) -> dict[str, str]:
    timestamp = int(now.timestamp())
    return {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        "webhook-id": event_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": signature(secret, event_id, timestamp, body),
    }


def enqueue(endpoint: WebhookEndpoint, event_id: str, event_type: str, body: str) -> OutboxMessage:
    """One delivery of an event to an endpoint; the same pair is queued once, whoever asks again."""
    key = f"webhook:{event_id}:{endpoint.id}"
    existing = db.session.scalar(select(OutboxMessage).where(OutboxMessage.key == key))
    if existing is not None:
        return existing
    now = clock.now()
    message = OutboxMessage(
        key=key,
        channel="webhook",
        endpoint_id=endpoint.id,
        recipient=endpoint.url[:254],
        subject=event_type,
        body_text=body,
        status="pending",
        attempts=0,
        created_at=now,
        next_attempt_at=now,
    )
    db.session.add(message)
    db.session.flush()
    return message


def _due(now: datetime) -> tuple:
    active = select(WebhookEndpoint.id).where(WebhookEndpoint.paused_at.is_(None))
    return (
        OutboxMessage.channel == "webhook",
        OutboxMessage.status == "pending",
        OutboxMessage.next_attempt_at <= now,
        OutboxMessage.endpoint_id.in_(active),
    )


def _snapshot(message: OutboxMessage) -> Delivery:
    endpoint = db.session.get(WebhookEndpoint, message.endpoint_id)
    event_id = message.key.split(":")[1]
    return Delivery(
        message.id, endpoint.id, endpoint.url, endpoint.secret, event_id, message.subject, message.body_text
    )


def deliver_due(now: datetime | None = None, limit: int = 50) -> WebhookReport:
    """POSTs up to `limit` due deliveries of endpoints that are not paused, committing each outcome.

    Owns the session's transactions (it commits), so call it from the scheduler or the CLI.
    """
    now = now or clock.now()
    report = WebhookReport()
    timeout = current_app.config["WEBHOOK_TIMEOUT_SECONDS"]
    for _round in range(limit):
        delivery = claim_next(now, _due(now), _snapshot)
        if delivery is None:
            break
        started = time.monotonic()
        status, error = post(delivery, clock.now(), timeout)
        took = int((time.monotonic() - started) * 1000)
        outcome = _record(delivery, now, status, error, took)
        setattr(report, outcome, getattr(report, outcome) + 1)
    return report


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    # A redirect is no acknowledgement, and following it would send the event where nobody subscribed.
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


_OPENER = urllib.request.build_opener(_NoRedirects)


def post(delivery: Delivery, now: datetime, timeout: float) -> tuple[int | None, str | None]:
    """One signed POST: the status code (None without an answer) and an error text unless it was a 2xx."""
    body = delivery.body.encode()
    request = urllib.request.Request(
        delivery.url,
        data=body,
        headers=signed_headers(delivery.secret, delivery.event_id, delivery.body, now),
        method="POST",
    )
    try:
        # The URL's scheme was checked at subscription: https, or http to a loopback address in development.
        with _OPENER.open(request, timeout=timeout) as response:  # nosec B310
            status = response.status
    except urllib.error.HTTPError as refused:
        return refused.code, f"HTTP {refused.code}"
    except (OSError, ValueError) as error:  # refused, timed out, unknown host, TLS, a bad answer
        return None, f"{type(error).__name__}: {error}"[:ERROR_MAX]
    if 200 <= status < 300:
        return status, None
    return status, f"HTTP {status}"


def _record(delivery: Delivery, now: datetime, status: int | None, error: str | None, took: int) -> str:
    """Stores the attempt and its outcome; returns the WebhookReport field it counts in."""
    with writing():
        message = db.session.get(OutboxMessage, delivery.id)
        endpoint = db.session.get(WebhookEndpoint, delivery.endpoint_id, with_for_update=True)
        db.session.add(
            WebhookAttempt(
                endpoint_id=endpoint.id,
                message_id=message.id,
                event_id=delivery.event_id,
                event_type=delivery.event_type,
                at=now,
                status_code=status,
                error=error,
                duration_ms=took,
            )
        )
        if error is None:
            message.status, message.sent_at, message.last_error = "sent", clock.now(), None
            endpoint.failures, endpoint.last_error = 0, None
            outcome = "sent"
        else:
            message.last_error = endpoint.last_error = error
            message.next_attempt_at = now + backoff(message.attempts)
            endpoint.failures = (endpoint.failures or 0) + 1
            log.warning("webhooks: delivery %s to endpoint %s failed: %s", message.id, endpoint.id, error)
            outcome = "retried"
            if endpoint.paused_at is None and endpoint.failures >= current_app.config["WEBHOOK_PAUSE_AFTER_FAILURES"]:
                _pause(endpoint, now)
                outcome = "paused"
        db.session.commit()
    return outcome


def _pause(endpoint: WebhookEndpoint, now: datetime) -> None:
    endpoint.paused_at = now
    outbox.enqueue(
        f"webhook-paused:{endpoint.id}:{now.isoformat()}",
        endpoint.contact_email,
        _("Webhook paused: %(url)s", url=endpoint.url),
        "webhook_paused",
        endpoint=endpoint,
        failures=endpoint.failures,
    )


def resume(endpoint: WebhookEndpoint) -> bool:
    """Ends a pause: every waiting delivery is due at once; False when it was not paused."""
    if endpoint.paused_at is None:
        return False
    endpoint.paused_at, endpoint.failures = None, 0
    db.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.endpoint_id == endpoint.id, OutboxMessage.status == "pending")
        .values(next_attempt_at=clock.now())
        .execution_options(synchronize_session=False)
    )
    db.session.flush()
    return True


def history(endpoint_id: int, limit: int = 50) -> list[WebhookAttempt]:
    """The endpoint's latest attempts, newest first."""
    return list(
        db.session.scalars(
            select(WebhookAttempt)
            .where(WebhookAttempt.endpoint_id == endpoint_id)
            .order_by(WebhookAttempt.at.desc(), WebhookAttempt.id.desc())
            .limit(limit)
        )
    )


def remove(endpoint: WebhookEndpoint) -> None:
    """Deletes the endpoint with its history and its deliveries, sent or waiting."""
    db.session.execute(
        WebhookAttempt.__table__.delete().where(WebhookAttempt.endpoint_id == endpoint.id),
    )
    db.session.execute(OutboxMessage.__table__.delete().where(OutboxMessage.endpoint_id == endpoint.id))
    db.session.delete(endpoint)
    db.session.flush()


def pending_count(endpoint_id: int) -> int:
    """Deliveries still waiting for an acknowledgement."""
    query = select(func.count()).where(OutboxMessage.endpoint_id == endpoint_id, OutboxMessage.status == "pending")
    return db.session.scalar(query) or 0


def as_json(body: dict) -> str:
    """The delivered body: compact JSON, so what is signed is exactly what is sent."""
    return json.dumps(body, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
