"""GET /events and /webhooks: who may manage endpoints, what a subscription refuses, and the feed's paging."""

import pytest

from app.auth.models import Role
from app.extensions import db
from tests.api.helpers import assert_problem, file, outage, token_for


@pytest.fixture()
def people(make_org, make_user):
    vodix = make_org("Vodix")
    admin = make_user("beheer@vodix.example", Role.PARTICIPANT, organisation=vodix)
    admin.is_org_admin = True
    db.session.commit()
    return {
        "admin": admin,
        "member": make_user("lid@vodix.example", Role.PARTICIPANT, organisation=vodix),
        "supervisor": make_user("sup@meldpunt.example", Role.SUPERVISOR),
        "coordinator": make_user("co@meldpunt.example", Role.COORDINATOR),
    }


def test_an_administrator_registers_lists_reads_and_deletes_an_endpoint(client, people):
    headers = token_for(people["admin"])
    body = {"url": "https://hooks.vodix.example/in", "events": ["case.filed", "case.decided"]}
    created = client.post("/api/v1/webhooks", json=body, headers=headers)
    assert created.status_code == 201
    endpoint = created.get_json()
    assert endpoint["events"] == ["case.filed", "case.decided"] and endpoint["paused"] is False
    listed = client.get("/api/v1/webhooks", headers=headers).get_json()["items"]
    assert [item["id"] for item in listed] == [endpoint["id"]] and "secret" not in listed[0]
    detail = client.get(created.headers["Location"], headers=headers).get_json()
    assert detail["attempts"] == [] and detail["pending"] == 0
    assert_problem(client.post(f"/api/v1/webhooks/{endpoint['id']}/resume", headers=headers), 409)
    assert client.delete(created.headers["Location"], headers=headers).status_code == 204
    assert_problem(client.get(created.headers["Location"], headers=headers), 404)


@pytest.mark.parametrize(
    ("body", "member"),
    [
        ({"url": "http://hooks.vodix.example/in", "events": ["case.filed"]}, "url"),
        ({"url": "ftp://hooks.vodix.example/in", "events": ["case.filed"]}, "url"),
        ({"url": "https://", "events": ["case.filed"]}, "url"),
        ({"url": "https://hooks.vodix.example/in", "events": ["rfc.withdrawn"]}, "events"),
        ({"url": "https://hooks.vodix.example/in", "events": []}, "events"),
        ({"url": "https://hooks.vodix.example/in", "events": "case.filed"}, "events"),
    ],
)
def test_a_subscription_is_refused_with_the_member_named(client, people, body, member):
    problem = assert_problem(client.post("/api/v1/webhooks", json=body, headers=token_for(people["admin"])), 422)
    assert member in problem["errors"]


def test_plain_http_to_a_loopback_address_is_only_for_development_and_tests(app, client, people):
    body = {"url": "http://127.0.0.1:8080/in", "events": ["case.filed"]}
    assert client.post("/api/v1/webhooks", json=body, headers=token_for(people["admin"])).status_code == 201
    app.config["WEBHOOK_LOOPBACK_HTTP"] = False
    assert_problem(client.post("/api/v1/webhooks", json=body, headers=token_for(people["admin"])), 422)


def test_who_may_manage_endpoints(client, people):
    body = {"url": "https://systemen.edu-v.example/in", "events": ["case.filed"]}
    for role in ("member", "supervisor"):
        headers = token_for(people[role])
        assert_problem(client.get("/api/v1/webhooks", headers=headers), 403)
        assert_problem(client.post("/api/v1/webhooks", json=body, headers=headers), 403)
    assert_problem(client.get("/api/v1/webhooks"), 401)
    # A coordinator keeps the foundation's own endpoints, which an organisation's administrator cannot reach.
    created = client.post("/api/v1/webhooks", json=body, headers=token_for(people["coordinator"])).get_json()
    assert_problem(client.get(f"/api/v1/webhooks/{created['id']}", headers=token_for(people["admin"])), 404)
    assert_problem(client.delete(f"/api/v1/webhooks/{created['id']}", headers=token_for(people["admin"])), 404)
    assert client.get("/api/v1/webhooks", headers=token_for(people["admin"])).get_json() == {"items": []}


def test_the_feed_pages_with_a_cursor_that_keeps_its_place(client, people):
    headers = token_for(people["supervisor"])
    for _ in range(3):
        file(client, outage())
    first = client.get("/api/v1/events?limit=2", headers=headers).get_json()
    assert [item["type"] for item in first["items"]] == ["case.filed", "case.filed"]
    rest = client.get(f"/api/v1/events?after={first['nextCursor']}", headers=headers).get_json()
    assert len(rest["items"]) == 1 and rest["items"][0]["id"] not in {item["id"] for item in first["items"]}
    later = client.get(f"/api/v1/events?after={rest['nextCursor']}", headers=headers).get_json()
    assert later == {"items": [], "nextCursor": rest["nextCursor"]}  # nothing new yet: poll again from here
    # A party of none of these cases sees none of them.
    assert client.get("/api/v1/events", headers=token_for(people["member"])).get_json()["items"] == []


@pytest.mark.parametrize("query", ["after=nonsense", "limit=0", "limit=201", "limit=x"])
def test_bad_feed_parameters_are_400(client, people, query):
    assert_problem(client.get(f"/api/v1/events?{query}", headers=token_for(people["supervisor"])), 400)


def test_the_feed_needs_a_token(client):
    assert_problem(client.get("/api/v1/events"), 401)
