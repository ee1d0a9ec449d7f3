"""The webhooks page: an organisation administrator adds and removes an address, reads its delivery history
and resumes it once paused; a coordinator keeps the foundation's own; other users find no page."""

import re

import pytest
from sqlalchemy import select

from app import clock
from app.auth.models import Role
from app.extensions import db
from app.notify.models import OutboxMessage, WebhookAttempt, WebhookEndpoint
from tests.helpers.login import login_en
from tests.helpers.pages import csrf_of

PAGE = "/organisatie/webhooks"


@pytest.fixture()
def admin(make_org, make_user):
    user = make_user("beheer@vodix.example", Role.PARTICIPANT, organisation=make_org("Vodix"))
    user.is_org_admin = True
    db.session.commit()
    return user


def _add(client, url: str, events=("case.filed", "case.message")):
    token = csrf_of(client.get(PAGE).get_data(as_text=True))
    return client.post(f"{PAGE}/toevoegen", data={"csrf_token": token, "url": url, "events": list(events)})


def test_an_administrator_adds_an_address_sees_its_secret_once_and_removes_it(client, admin):
    login_en(client, admin.email)
    response = _add(client, "https://hooks.vodix.example/meldpunt")
    html = response.get_data(as_text=True)
    secret = re.search(r'id="webhook-secret">(whsec_[^<]+)<', html).group(1)
    endpoint = db.session.scalar(select(WebhookEndpoint))
    assert endpoint.secret == secret and endpoint.organisation_id == admin.organisation_id
    assert endpoint.event_types == ["case.filed", "case.message"]
    assert secret not in client.get(PAGE).get_data(as_text=True)  # shown once
    assert "https://hooks.vodix.example/meldpunt" in client.get(PAGE).get_data(as_text=True)

    token = csrf_of(client.get(PAGE).get_data(as_text=True))
    response = client.post(f"{PAGE}/{endpoint.id}/verwijderen", data={"csrf_token": token}, follow_redirects=True)
    assert "no longer receives events" in response.get_data(as_text=True)
    assert db.session.scalar(select(WebhookEndpoint)) is None


def test_plain_http_is_refused_next_to_the_field(client, admin):
    login_en(client, admin.email)
    response = _add(client, "http://hooks.vodix.example/meldpunt")
    assert response.status_code == 422
    assert "The address must start with https://." in response.get_data(as_text=True)
    assert db.session.scalar(select(WebhookEndpoint)) is None


def test_the_history_shows_each_attempt_and_a_paused_address_resumes(client, admin):
    login_en(client, admin.email)
    _add(client, "https://hooks.vodix.example/meldpunt")
    endpoint = db.session.scalar(select(WebhookEndpoint))
    now = clock.now()
    message = OutboxMessage(
        key=f"webhook:evt_1:{endpoint.id}",
        channel="webhook",
        endpoint_id=endpoint.id,
        recipient=endpoint.url,
        subject="case.filed",
        body_text="{}",
        status="pending",
        attempts=1,
        next_attempt_at=now,
    )
    db.session.add(message)
    db.session.flush()
    db.session.add(
        WebhookAttempt(
            endpoint_id=endpoint.id,
            message_id=message.id,
            event_id="evt_1",
            event_type="case.filed",
            at=now,
            status_code=503,
            error="HTTP 503",
            duration_ms=12,
        )
    )
    endpoint.paused_at, endpoint.failures, endpoint.last_error = now, 10, "HTTP 503"
    db.session.commit()

    html = client.get(f"{PAGE}/{endpoint.id}").get_data(as_text=True)
    assert "evt_1" in html and "503" in html and "12 ms" in html and "Paused since" in html
    token = csrf_of(html)
    response = client.post(f"{PAGE}/{endpoint.id}/hervatten", data={"csrf_token": token}, follow_redirects=True)
    html = response.get_data(as_text=True)
    assert "resume" in html and "Paused since" not in html and "Resume deliveries" not in html
    db.session.refresh(endpoint)
    assert endpoint.paused_at is None and endpoint.failures == 0


def test_a_coordinator_keeps_the_foundations_own_and_others_find_no_page(client, admin, make_user, make_org):
    coordinator = make_user("co@meldpunt.example", Role.COORDINATOR)
    member = make_user("lid@vodix.example", Role.PARTICIPANT, organisation=admin.organisation)
    login_en(client, coordinator.email)
    _add(client, "https://systemen.edu-v.example/hooks")
    assert db.session.scalar(select(WebhookEndpoint.organisation_id)) is None
    for other in (member, make_user("sup@meldpunt.example", Role.SUPERVISOR)):
        other_client = client.application.test_client()
        login_en(other_client, other.email)
        assert other_client.get(PAGE).status_code == 404
    admin_client = client.application.test_client()
    login_en(admin_client, admin.email)
    endpoint_id = db.session.scalar(select(WebhookEndpoint.id))
    assert admin_client.get(f"{PAGE}/{endpoint_id}").status_code == 404  # the foundation's is not theirs
