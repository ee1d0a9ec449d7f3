"""GET /register and /register/{participantId}: the public Keurmerkregister, no token needed."""

from flask import request
from flask_babel import gettext as _

from app.api.json_input import InvalidInput
from app.api.responses import json_response
from app.errors_domain import NotFound
from app.keurmerkregister import listing
from app.keurmerkregister.listing import ParticipantRow


def _participant(row: ParticipantRow) -> dict:
    organisation = row.organisation
    return {
        "id": organisation.id,
        "name": organisation.name,
        "category": organisation.category,
        "stage": organisation.stage,
        "keurmerken": [
            {
                "id": item.keurmerk.id,
                "product": item.product.name,
                "gegevensdienst": item.keurmerk.gegevensdienst,
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


def register_list():
    filters, errors = listing.parse(request.args)
    if errors:
        raise InvalidInput({key: [_refusal(key, reason)] for key, reason in errors.items()}, status=400)
    return json_response([_participant(row) for row in listing.participants(filters)])


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
