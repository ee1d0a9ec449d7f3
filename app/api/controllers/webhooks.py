"""GET/POST /webhooks, GET/DELETE /webhooks/{id}, POST /webhooks/{id}/resume: an organisation administrator's
(or a coordinator's, for the foundation's systems) webhook endpoints."""

from flask import url_for

from app.accounts import services
from app.accounts.forms import WebhookForm
from app.api import serializers
from app.api.auth import required_user
from app.api.json_input import read_object, validated
from app.api.members import WEBHOOK
from app.api.responses import json_response
from app.extensions import db
from app.notify import webhooks as delivery


def endpoint_view(endpoint) -> dict:
    return {
        "id": endpoint.id,
        "url": endpoint.url,
        "events": list(endpoint.event_types),
        "createdAt": serializers.moment(endpoint.created_at),
        "paused": endpoint.paused_at is not None,
        "pausedAt": serializers.moment(endpoint.paused_at),
        "failures": endpoint.failures,
        "lastError": endpoint.last_error,
        "pending": delivery.pending_count(endpoint.id),
    }


def _detail(endpoint) -> dict:
    attempts = [
        {
            "eventId": attempt.event_id,
            "type": attempt.event_type,
            "at": serializers.moment(attempt.at),
            "statusCode": attempt.status_code,
            "error": attempt.error,
            "durationMs": attempt.duration_ms,
        }
        for attempt in delivery.history(endpoint.id)
    ]
    return {**endpoint_view(endpoint), "attempts": attempts}


def list_webhooks():
    endpoints = services.webhook_endpoints(actor=required_user())
    body = {"items": [endpoint_view(endpoint) for endpoint in endpoints]}
    db.session.commit()  # keeps the token's last use
    return json_response(body)


def create_webhook():
    actor = required_user()
    services.webhook_owner(actor)  # a 403 before the body is read
    (form,) = validated(read_object(), (WebhookForm, WEBHOOK))
    endpoint, secret = services.add_webhook(form.url.data, form.events.data, actor=actor)
    db.session.commit()
    response = json_response({**endpoint_view(endpoint), "secret": secret}, 201)
    response.headers["Location"] = url_for("api.get_webhook", id=endpoint.id)
    return response


def get_webhook(id: int):
    endpoint = services.webhook_endpoint(id, actor=required_user())
    body = _detail(endpoint)
    db.session.commit()
    return json_response(body)


def delete_webhook(id: int):
    actor = required_user()
    services.remove_webhook(services.webhook_endpoint(id, actor=actor), actor=actor)
    db.session.commit()
    return "", 204


def resume_webhook(id: int):
    actor = required_user()
    endpoint = services.webhook_endpoint(id, actor=actor)
    services.resume_webhook(endpoint, actor=actor)
    db.session.commit()
    return json_response(_detail(endpoint))
