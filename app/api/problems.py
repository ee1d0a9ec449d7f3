"""problem+json (RFC 9457) responses for the API, and the answers to its errors."""

from flask import Response, current_app, json

from app.api.auth import Unauthenticated
from app.api.json_input import InvalidInput, member_path
from app.errors_domain import DomainError

API_VERSION = "1.2.0"

TITLES = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    405: "Method Not Allowed",
    409: "Conflict",
    413: "Content Too Large",
    415: "Unsupported Media Type",
    422: "Unprocessable Content",
    429: "Too Many Requests",
    500: "Internal Server Error",
    503: "Service Unavailable",
}


def problem(status: int, detail: str, errors: dict[str, list[str]] | None = None, **extra) -> Response:
    body = {
        "type": "about:blank",
        "title": TITLES.get(status, "Error"),
        "status": status,
        "detail": detail,
    }
    if errors:
        body["errors"] = errors
    body.update(extra)
    response = current_app.response_class(
        json.dumps(body, ensure_ascii=False), status=status, mimetype="application/problem+json"
    )
    response.headers["API-Version"] = API_VERSION
    if status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="meldpunt"'
    return response


def invalid_input(error: InvalidInput) -> Response:
    detail = "Some query parameters are invalid." if error.status == 400 else "Some members are missing or invalid."
    return problem(error.status, detail, error.errors)


def unauthenticated(error: Unauthenticated) -> Response:
    response = problem(401, error.detail)
    response.headers["WWW-Authenticate"] = error.challenge
    return response


def refused(error: DomainError) -> Response:
    """A service's refusal; one that names a form field is reported at its JSON member."""
    errors = {member_path(error.field): [error.message]} if error.field and error.status == 422 else None
    return problem(error.status, error.message, errors)
