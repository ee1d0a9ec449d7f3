"""GET /events: the caller's API events, oldest first, for systems that poll instead of receiving webhooks."""

from flask import request

from app.api.auth import required_user
from app.api.json_input import InvalidInput
from app.api.responses import json_response
from app.bounds import whole_number
from app.cases import access, event_feed
from app.extensions import db


def events():
    viewer = access.Viewer(user=required_user())
    errors, after, limit = {}, None, event_feed.DEFAULT_LIMIT
    cursor = request.args.get("after") or None
    if cursor is not None:
        try:
            after = event_feed.decode_cursor(cursor)
        except ValueError:
            errors["after"] = ["Pass nextCursor exactly as a previous page gave it."]
    raw_limit = (request.args.get("limit") or "").strip()
    if raw_limit:
        limit = whole_number(raw_limit)
        if limit is None or not 1 <= limit <= event_feed.MAX_LIMIT:
            errors["limit"] = [f"Between 1 and {event_feed.MAX_LIMIT}."]
    if errors:
        raise InvalidInput(errors, status=400)
    page = event_feed.page(viewer, after, limit)
    db.session.commit()  # keeps the token's last use
    return json_response({"items": page.items, "nextCursor": page.next_cursor})
