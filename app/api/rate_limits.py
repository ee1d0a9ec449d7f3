"""The API's rate limits: filing, follow-up by code, and each token's own budget."""
from flask import current_app

from app.extensions import limiter
from app.web.rate_keys import has_api_token


def intake_limit() -> str:
    return current_app.config["INTAKE_RATE_LIMIT"]


def _follow_up_limit() -> str:
    return current_app.config["FOLLOW_UP_RATE_LIMIT"]


# Both follow-up endpoints take a code, so they share one budget against guessing.
follow_up_budget = limiter.shared_limit(_follow_up_limit, scope="api-follow-up")


def _token_limit() -> str:
    return current_app.config["API_TOKEN_RATE_LIMIT"]


# A client with a token has a budget of its own across the API, per token, whatever its address;
# the limits of filing and follow-up count per token for it as well (app/web/rate_keys.py).
token_budget = limiter.shared_limit(_token_limit, scope="api-token", exempt_when=lambda: not has_api_token())
