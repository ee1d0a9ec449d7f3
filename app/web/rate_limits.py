"""The request budgets of filing a report, of following one up (guessing codes) and of logging in, from
the config; the intake pages and the API apply the same ones."""

from flask import current_app


def intake_limit() -> str:
    return current_app.config["INTAKE_RATE_LIMIT"]


def follow_up_limit() -> str:
    return current_app.config["FOLLOW_UP_RATE_LIMIT"]


def login_limit() -> str:
    """Guessing a password, a code or an invitation's password: the login pages and accepting an invitation."""
    return current_app.config["LOGIN_RATE_LIMIT"]
