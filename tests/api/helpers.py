"""Helpers for the JSON API tests: request bodies, tokens, a rate-limited app."""

from contextlib import contextmanager

from app import create_app
from app.auth.services import create_token
from app.extensions import db, limiter
from tests.api.contract import CheckedClient


def breach(participant_id=None, **changes) -> dict:
    """A complete data-breach report as a supplier's system would send it."""
    body = {
        "reporter": {
            "name": "Anna de Vries",
            "email": "Anna@School.example",
            "phone": "+31 20 123 4567",
            "organisation": "OBS De Linde",
        },
        "participantId": participant_id,
        "category": "data_breach",
        "title": "Cijferlijst zichtbaar voor andere ouders",
        "description": "Ouders zagen in de app de cijfers van andere leerlingen.",
        "discoveredAt": "2026-03-10T08:30:00+01:00",
        "startedAt": "2026-03-09T20:00:00Z",
        "ongoing": False,
        "severity": "calamity",
        "impact": ["confidentiality"],
        "personalData": {
            "categories": ["contact", "results"],
            "specialCategories": False,
            "affectedMin": 40,
            "affectedMax": 120,
            "encrypted": False,
        },
        "apNotified": False,
        "measuresTaken": "Module uitgeschakeld.",
    }
    body.update(changes)
    return body


def complaint(participant_id, **changes) -> dict:
    """A complete complaint as a school's system would send it."""
    body = {
        "reporter": {"name": "Anna de Vries", "email": "Anna@School.example", "organisation": "OBS De Linde"},
        "participantId": participant_id,
        "title": "Geen antwoord op verwijderverzoek",
        "description": "Wij vroegen in januari om verwijdering en kregen geen antwoord.",
        "occurredOn": "2026-01-15",
        "raisedWithParticipant": True,
        "desiredOutcome": "Verwijdering.",
    }
    body.update(changes)
    return body


def outage(**changes) -> dict:
    body = {
        "reporter": {"name": "Bram", "email": "bram@example.org"},
        "participantId": None,
        "category": "outage",
        "title": "Roosterkoppeling ligt eruit",
        "description": "Sinds vanochtend komen geen roosters door.",
        "discoveredAt": "2026-03-10T09:00:00+01:00",
    }
    body.update(changes)
    return body


def token_for(user) -> dict:
    _, secret = create_token(user, "tests")
    db.session.commit()
    return {"Authorization": f"Bearer {secret}"}


def file(client, body: dict, headers=None):
    response = client.post("/api/v1/incidents", json=body, headers=headers or {})
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def assert_problem(response, status: int) -> dict:
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == "application/problem+json"
    assert response.headers["API-Version"] == "1.2.0"
    body = response.get_json()
    assert {"type", "title", "status", "detail"} <= body.keys()
    assert body["status"] == status
    return body


@contextmanager
def rate_limited_app(app, **limits):
    """A second app on the same database with rate limiting on.

    flask-limiter reads RATELIMIT_ENABLED when it is bound to an app and keeps the answer on the
    one shared Limiter, so the suite's app (limits off) is put back afterwards.
    """
    was_enabled = limiter.enabled
    limited = create_app(
        "test",
        SQLALCHEMY_DATABASE_URI=app.config["SQLALCHEMY_DATABASE_URI"],
        INSTANCE_DIR=app.config["INSTANCE_DIR"],
        UPLOAD_DIR=app.config["UPLOAD_DIR"],
        RATELIMIT_ENABLED=True,
        **limits,
    )
    limited.test_client_class = CheckedClient  # its answers are checked against the document too
    try:
        yield limited
    finally:
        with limited.app_context():
            db.session.remove()
            db.engine.dispose()
        limiter.enabled = was_enabled
