"""GET /cases, /cases/{reference} and its files: the queue, one case and a file, as the token's user may see them."""

import re
from dataclasses import replace
from datetime import UTC, datetime

from flask import request
from flask_babel import gettext as _

from app.api import serializers
from app.api.auth import required_user
from app.api.case_access import visible_case
from app.api.json_input import InvalidInput
from app.api.responses import case_answer, json_response
from app.bounds import whole_number
from app.cases import access, page_access
from app.cases.downloads import send_attachment
from app.cases.models import CASE_TYPES, INCIDENT_CATEGORIES, STATUSES
from app.cases.services import queries, queue
from app.errors_domain import NotFound
from app.extensions import db

# RFC 3339 date-time: a date, a time and an offset (or Z); fractions of a second allowed.
RFC3339 = re.compile(r"\d{4}-\d\d-\d\d[Tt]\d\d:\d\d:\d\d(\.\d{1,6})?([Zz]|[+-]\d\d:\d\d)")


def case(reference: str):
    found, viewer = visible_case(reference)
    response = case_answer(found, viewer)
    page_access.log_staff_look(found, viewer, "view_case_api")
    db.session.commit()  # keeps the token's last use and the access log
    return response


# {id}, as the API's contract names it.
def case_attachment_file(reference: str, id: int):
    """The file as a download: the same access decision as the pages' downloads, and an unknown file
    and one the caller may not see answer alike."""
    found, viewer = visible_case(reference)
    item = queries.attachment(found, id)
    if item is None or not access.can_see_item(viewer, found, item.visibility):
        raise NotFound(_("No file with this id on the case, or you may not see it."))
    response = send_attachment(found, item)
    page_access.log_staff_look(found, viewer, "download", f"file {item.id}")
    db.session.commit()  # keeps the token's last use and the access log
    return response


def cases():
    viewer = access.Viewer(user=required_user())
    filters, limit, cursor = _list_query(viewer.user)
    scope = access.listing_filter(viewer)
    try:
        page = queue.search(replace(filters, **scope), limit, cursor) if scope is not None else queue.Page([], None)
    except ValueError as refusal:
        raise InvalidInput({"query": [str(refusal)]}, status=400) from None
    body = {"items": serializers.case_views(page.items, viewer), "nextCursor": page.next_cursor}
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
    updated_since = _moment(args.get("updatedSince"), "updatedSince", errors)
    if errors:
        raise InvalidInput(errors, status=400)
    filters = queue.QueueFilters(
        updated_since=updated_since,
        type=case_type,
        status=status,
        category=category,
        participant_id=participant_id,
        breached=None if breached is None else breached == "true",
        q=(args.get("q") or "").strip() or None,
        **assignee,
    )
    return filters, limit or queue.DEFAULT_LIMIT, cursor


def _moment(value: str | None, key: str, errors: dict) -> datetime | None:
    if value is None or value == "":
        return None
    moment = None
    if RFC3339.fullmatch(value.strip()):
        try:
            moment = datetime.fromisoformat(value.strip().upper().replace("Z", "+00:00")).astimezone(UTC)
        except (ValueError, OverflowError):
            moment = None  # a date that does not exist (2026-02-30), or beyond year 1 or 9999 in UTC
    if moment is None or moment.tzinfo is None:
        errors[key] = ["Expected an RFC 3339 date-time with an offset, e.g. 2026-03-14T09:30:00+01:00."]
    return moment
