"""What the API will drop: Deprecation (RFC 9745) and Sunset (RFC 8594) headers on the answers that use
it, and `deprecated: true` in the OpenAPI document (app/api/openapi.py). The policy is in
docs/api-changelog.md: announced there, kept for at least six months, then dropped no earlier than
the Sunset date and only in a new major version."""

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from email.utils import format_datetime

from flask import g, request

CHANGELOG_PATH = "/api/v1/changelog"
_USED = "api_deprecation"


@dataclass(frozen=True)
class Deprecation:
    since: date
    sunset: date
    what: str  # one sentence for the document: what to use instead

    def headers(self) -> dict[str, str]:
        since = datetime.combine(self.since, time(), UTC)
        sunset = datetime.combine(self.sunset, time(), UTC)
        return {
            # RFC 9745: a Structured Field date, seconds since the epoch.
            "Deprecation": f"@{int(since.timestamp())}",
            "Sunset": format_datetime(sunset, usegmt=True),
            "Link": f'<{CHANGELOG_PATH}>; rel="deprecation"; type="text/markdown"',
        }


# Operations to be dropped, by method and document path (("get", "/register/{participantId}")): every
# answer carries the headers, and the document marks them deprecated. None is deprecated today.
OPERATIONS: dict[tuple[str, str], Deprecation] = {}

# A party's `party:<own organisation id>` for a message or file kept between it and the foundation:
# `internal` says that since 1.1.0 (the contract's word); the alias is still accepted.
PARTY_OWN_SCOPE = Deprecation(
    date(2026, 12, 4),
    date(2027, 6, 30),
    "A party's `party:<own organisation id>` is deprecated: send `internal` (the foundation and the party only).",
)


def document_path(rule: str) -> str:
    """/api/v1/measures/<int:id>/approve -> /measures/{id}/approve, as the document names it."""
    return re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.removeprefix("/api/v1"))


def used(deprecation: Deprecation) -> None:
    """The request used a deprecated form (a value, a member): its answer says so."""
    g.setdefault(_USED, deprecation)


def add_headers(response):
    """The Deprecation, Sunset and Link headers of a deprecated operation, or of a deprecated form used."""
    found = g.pop(_USED, None)
    if found is None and request.url_rule is not None:
        found = OPERATIONS.get((request.method.lower(), document_path(request.url_rule.rule)))
    if found is not None:
        for name, value in found.headers().items():
            response.headers[name] = value
    return response
