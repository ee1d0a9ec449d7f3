"""Rate limits count per real client behind a trusted proxy, and per API token (issue 9)."""

from app.auth.models import Role
from tests.api.helpers import rate_limited_app, token_for

INCIDENTS = "/api/v1/incidents"


def _spend(client, n: int, **headers) -> list[int]:
    return [client.post(INCIDENTS, json={}, headers=headers).status_code for _ in range(n)]


def test_behind_a_trusted_proxy_each_forwarded_client_has_its_own_budget(app):
    with rate_limited_app(app, INTAKE_RATE_LIMIT="2 per minute", TRUSTED_PROXY_COUNT=1) as limited:
        client = limited.test_client()
        assert _spend(client, 3, **{"X-Forwarded-For": "203.0.113.7"}) == [422, 422, 429]
        assert _spend(client, 1, **{"X-Forwarded-For": "198.51.100.9"}) == [422]
        # The proxy appends the address it saw: only the last one (the proxy's own view) counts.
        assert _spend(client, 1, **{"X-Forwarded-For": "198.51.100.1, 203.0.113.7"}) == [429]


def test_without_the_setting_x_forwarded_for_is_ignored(app):
    with rate_limited_app(app, INTAKE_RATE_LIMIT="2 per minute") as limited:
        client = limited.test_client()
        assert _spend(client, 2, **{"X-Forwarded-For": "203.0.113.7"}) == [422, 422]
        assert _spend(client, 1, **{"X-Forwarded-For": "198.51.100.9"}) == [429]


def test_each_token_has_a_budget_of_its_own(app, make_org, make_user):
    org = make_org("Vodix")
    first = token_for(make_user("a@vodix.example", Role.PARTICIPANT, organisation=org))
    second = token_for(make_user("b@vodix.example", Role.PARTICIPANT, organisation=org))
    with rate_limited_app(app, API_TOKEN_RATE_LIMIT="3 per minute") as limited:
        client = limited.test_client()
        statuses = [client.get("/api/v1/cases", headers=first).status_code for _ in range(4)]
        assert statuses == [200, 200, 200, 429]
        assert client.get("/api/v1/cases", headers=second).status_code == 200  # same address, other token
        assert client.get("/api/v1/register").status_code == 200  # anonymous: not the tokens' budget


def test_a_token_client_does_not_share_the_anonymous_address_budget(app, make_org, make_user):
    org = make_org("Vodix")
    headers = token_for(make_user("a@vodix.example", Role.PARTICIPANT, organisation=org))
    with rate_limited_app(app, INTAKE_RATE_LIMIT="2 per minute") as limited:
        client = limited.test_client()
        assert _spend(client, 3) == [422, 422, 429]  # anonymous clients at this address: spent
        assert _spend(client, 1, Authorization=headers["Authorization"]) == [422]  # the token's own budget
        # A made-up token buys no fresh budget: it counts as the address.
        assert _spend(client, 1, Authorization="Bearer made-up-token") == [429]
