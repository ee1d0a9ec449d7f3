"""The request budgets of filing a report and of following one up (guessing codes), from the config;
the intake pages and the API apply the same ones."""

from flask import current_app


def intake_limit() -> str:
    return current_app.config["INTAKE_RATE_LIMIT"]


def follow_up_limit() -> str:
    return current_app.config["FOLLOW_UP_RATE_LIMIT"]
