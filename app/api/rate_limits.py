"""The API's rate limits: filing, follow-up by code, and each token's own budget. Each counts per
token for a client that sends a working one (app/api/rate_keys.py), else per address."""

from flask import current_app

from app.api.rate_keys import client_key, has_api_token
from app.extensions import limiter
from app.web.rate_limits import follow_up_limit, intake_limit

# Filing: the intake pages' budget.
filing_budget = limiter.limit(intake_limit, key_func=client_key)
# Both follow-up endpoints take a code, so they share one budget against guessing.
follow_up_budget = limiter.shared_limit(follow_up_limit, scope="api-follow-up", key_func=client_key)


def _token_limit() -> str:
    return current_app.config["API_TOKEN_RATE_LIMIT"]


# A client with a token has a budget of its own across the API, per token, whatever its address.
token_budget = limiter.shared_limit(
    _token_limit, scope="api-token", key_func=client_key, exempt_when=lambda: not has_api_token()
)
