"""GET /register and /register/{participantId}: the public Keurmerkregister, no token needed."""

from flask import request
from flask_babel import gettext as _

from app.api.json_input import InvalidInput
from app.api.responses import json_response
from app.bounds import whole_number
from app.errors_domain import NotFound
from app.keurmerkregister import listing
from app.keurmerkregister.listing import ParticipantRow
from app.paging import keyset_page

# A page of the register, as a page of /cases: `limit` rows, and `cursor` from the previous page.
DEFAULT_LIMIT, MAX_LIMIT = 50, 100


def _participant(row: ParticipantRow) -> dict:
    organisation = row.organisation
    return {
        "id": organisation.id,
        "name": organisation.name,
        "category": organisation.category,
        "stage": organisation.stage,
        "keurmerken": [
            {
                "id": item.id,
                "product": item.product,
                "gegevensdienst": item.gegevensdienst,
                "status": item.status,
                "since": item.since.isoformat(),
            }
            for item in row.keurmerken
        ],
    }


def _refusal(key: str, reason: str) -> str:
    if reason == listing.TOO_LONG:
        return f"At most {listing.MAX_QUERY} characters."
    return f"Choose one of: {', '.join(listing.allowed(key))}."


def _by_name(row: ParticipantRow) -> tuple:
    name = row.organisation.name
    return (name.casefold(), name, row.organisation.id)


def register_list():
    """The whole list by name (as in version 1.0.0); with `limit` or `cursor`, one page of it."""
    filters, reasons = listing.parse(request.args)
    errors = {key: [_refusal(key, reason)] for key, reason in reasons.items()}
    limit_text, cursor = (request.args.get("limit") or "").strip(), request.args.get("cursor") or None
    limit = whole_number(limit_text) if limit_text else None
    if limit_text and (limit is None or not 1 <= limit <= MAX_LIMIT):
        errors["limit"] = [f"A whole number between 1 and {MAX_LIMIT}."]
    if errors:
        raise InvalidInput(errors, status=400)
    rows = listing.participants(filters)
    if not limit_text and cursor is None:
        return json_response([_participant(row) for row in rows])
    try:
        page, next_cursor = keyset_page(rows, _by_name, limit or DEFAULT_LIMIT, cursor)
    except ValueError:
        raise InvalidInput({"cursor": ["Pass nextCursor exactly as a previous page gave it."]}, status=400) from None
    return json_response({"items": [_participant(row) for row in page], "nextCursor": next_cursor})


def register_participant(participantId: int):
    row = listing.participant(participantId)
    if row is None:
        raise NotFound(_("No participant with this id in the register."))
    measures = [
        {
            "id": m.id,
            "kind": m.kind,
            "keurmerkId": m.keurmerk_id,
            "status": m.status,
            "startsOn": m.starts_on.isoformat(),
            "endsOn": m.ends_on.isoformat() if m.ends_on else None,
            "publicReason": m.public_reason,
        }
        for m in listing.published_measures(participantId)
    ]
    return json_response({**_participant(row), "measures": measures})
