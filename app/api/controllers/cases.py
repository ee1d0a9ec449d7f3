"""GET /cases and /cases/{reference}: the queue and one case, as the token's user may see them."""

from dataclasses import replace

from flask import request

from app.api import serializers
from app.api.auth import required_user
from app.api.case_access import visible_case
from app.api.json_input import InvalidInput
from app.api.responses import json_response
from app.bounds import whole_number
from app.cases import access
from app.cases.models import CASE_TYPES, INCIDENT_CATEGORIES, STATUSES
from app.cases.services import queue
from app.extensions import db


def case(reference: str):
    found, viewer = visible_case(reference)
    body = serializers.case_view(found, viewer)
    db.session.commit()  # keeps the token's last use
    return json_response(body)


def cases():
    viewer = access.Viewer(user=required_user())
    filters, limit, cursor = _list_query(viewer.user)
    scope = access.listing_filter(viewer)
    try:
        page = queue.search(replace(filters, **scope), limit, cursor) if scope is not None else queue.Page([], None)
    except ValueError as refusal:
        raise InvalidInput({"query": [str(refusal)]}, status=400) from None
    body = {"items": [serializers.case_view(item, viewer) for item in page.items], "nextCursor": page.next_cursor}
    db.session.commit()  # keeps the token's last use
    return json_response(body)


def _list_query(user) -> tuple[queue.QueueFilters, int, str | None]:
    """The queue filters from the query string; each bad key is named in one 400."""
    args, errors = request.args, {}

    def choice(key: str, allowed) -> str | None:
        value = args.get(key) or None
        if value is not None and value not in allowed:
            errors[key] = [f"Choose one of: {', '.join(allowed)}."]
        return value

    def integer(key: str) -> int | None:
        value = (args.get(key) or "").strip()
        number = whole_number(value) if value else None
        if value and number is None:
            errors[key] = ["Expected a whole number (at most 9223372036854775807)."]
        return number

    case_type = choice("type", CASE_TYPES)
    # No status filter means every status; "open" is the staff queue's default view.
    status = choice("status", (*STATUSES, queue.OPEN, queue.ALL)) or queue.ALL
    category = choice("category", INCIDENT_CATEGORIES)
    breached = choice("breached", ("true", "false"))
    participant_id, limit = integer("participantId"), integer("limit")
    if limit is not None and not 1 <= limit <= queue.MAX_LIMIT:
        errors["limit"] = [f"Between 1 and {queue.MAX_LIMIT}."]
    cursor = args.get("cursor") or None
    if cursor is not None:
        try:
            queue.decode_cursor(cursor)
        except ValueError:
            errors["cursor"] = ["Pass nextCursor exactly as a previous page gave it."]
    try:
        assignee = queue.assignee_filter(args.get("assignee"), me=user)
    except ValueError as refusal:
        assignee = {}
        errors["assignee"] = [str(refusal)]
    if errors:
        raise InvalidInput(errors, status=400)
    filters = queue.QueueFilters(
        type=case_type,
        status=status,
        category=category,
        participant_id=participant_id,
        breached=None if breached is None else breached == "true",
        q=(args.get("q") or "").strip() or None,
        **assignee,
    )
    return filters, limit or queue.DEFAULT_LIMIT, cursor
