"""Strict JSON request bodies, handed to the same WTForms forms the HTML pages validate."""

import json
import math
from datetime import datetime

from flask import current_app, request
from flask_babel import gettext as _
from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import BadRequest, UnsupportedMediaType

from app.api.members import (
    BOOLEAN,
    COMPLAINT,
    DISPUTE,
    FOLLOW_UP,
    INCIDENT,
    INTEGER,
    MESSAGE,
    MOMENT,
    STRING,
    STRINGS,
    TRI_STATE,
    Member,
)
from app.bounds import fits_int64, storable_text

# The longest report is some 60 kB of text; a larger JSON body is a mistake or an attack.
MAX_JSON_BYTES = 1024 * 1024


class InvalidInput(Exception):
    """Members (422) or query parameters (400) the caller must correct, keyed by their name."""

    def __init__(self, errors: dict[str, list[str]], status: int = 422):
        super().__init__("invalid input")
        self.errors = errors
        self.status = status


def member_path(field: str) -> str:
    """The JSON member for a form field a service names in a domain error."""
    for member in (*INCIDENT, *COMPLAINT, *DISPUTE, *FOLLOW_UP, *MESSAGE):
        if member.field == field:
            return member.path
    return field


def read_object() -> dict:
    """The request body as a JSON object, or a 415, 413 or 400 telling the caller why not."""
    if request.mimetype != "application/json":
        raise UnsupportedMediaType(_("Send the body as JSON with Content-Type: application/json."))
    configured = current_app.config.get("MAX_CONTENT_LENGTH")
    request.max_content_length = min(MAX_JSON_BYTES, configured or MAX_JSON_BYTES)
    return parse_object(request.get_data(cache=True))


def parse_object(raw: bytes) -> dict:
    """`raw` as a JSON object whose members the databases can hold, or a 400 or 422 saying why not."""
    try:
        body = json.loads(raw.decode("utf-8"), parse_constant=_refuse_constant)
    except (UnicodeDecodeError, ValueError, RecursionError):
        # RecursionError: deeply nested arrays must be refused, not crash the request.
        raise BadRequest(_("The body is not valid JSON (UTF-8).")) from None
    if not isinstance(body, dict):
        raise BadRequest(_("The body must be a JSON object."))
    try:
        errors = unstorable_members(body)
    except RecursionError:
        raise BadRequest(_("The body is not valid JSON (UTF-8).")) from None
    if errors:
        raise InvalidInput(errors)
    return body


def unstorable_members(node, path: str = "") -> dict[str, list[str]]:
    """Members the databases cannot hold, by path: text with NUL or a lone surrogate ("\\ud800"),
    numbers beyond 64 bits (9223372036854775808, 1e20) or beyond any float (1e400)."""
    errors: dict[str, list[str]] = {}
    if isinstance(node, dict):
        for key, value in node.items():
            child = f"{path}.{key}" if path else key
            if not storable_text(key):
                errors[path or "body"] = [_("Contains characters that are not allowed.")]
            else:
                errors.update(unstorable_members(value, child))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            errors.update(unstorable_members(value, f"{path}[{index}]"))
    elif isinstance(node, str):
        if not storable_text(node):
            errors[path] = [_("Contains characters that are not allowed.")]
    elif isinstance(node, float):
        if not math.isfinite(node) or (node.is_integer() and not fits_int64(int(node))):
            errors[path] = [_("This number is too large.")]
    elif isinstance(node, int) and not isinstance(node, bool):
        if not fits_int64(node):
            errors[path] = [_("This number is too large.")]
    return errors


def _refuse_constant(name: str):
    raise ValueError(f"{name} is not JSON")


def validated(body: dict, *pairs: tuple[type, tuple[Member, ...]]) -> tuple:
    """Each form class filled from `body` and validated; one 422 lists every field's errors."""
    forms, errors = [], {}
    for form_class, members in pairs:
        formdata, type_errors = form_data(body, members)
        form = form_class(formdata=formdata, meta={"csrf": False})
        form.validate()
        errors.update(field_errors(form, members))
        # A wrong type explains the form's follow-on complaint ("required") better: it wins.
        errors.update(type_errors)
        forms.append(form)
    if errors:
        raise InvalidInput(errors)
    return tuple(forms)


def form_data(body: dict, members: tuple[Member, ...]) -> tuple[MultiDict, dict[str, list[str]]]:
    """The form data a browser would post for `body`, and the members whose JSON type is wrong."""
    data, errors = MultiDict(), {}
    for member in members:
        value = _lookup(body, member.path, errors)
        if value is None:
            continue  # null means absent: the form decides whether it was required
        try:
            for text in _as_form_values(value, member.kind):
                data.add(member.field, text)
        except TypeError as wrong:
            errors[member.path] = [str(wrong)]
    return data, errors


def _lookup(body: dict, path: str, errors: dict) -> object:
    node = body
    *parents, name = path.split(".")
    for depth, key in enumerate(parents):
        node = node.get(key)
        if node is None:
            return None
        if not isinstance(node, dict):
            errors[".".join(parents[: depth + 1])] = [_("Expected an object.")]
            return None
    return node.get(name)


def _as_form_values(value, kind: str) -> list[str]:
    if kind == STRING:
        if not isinstance(value, str):
            raise TypeError(_("Expected a string."))
        return [value]
    if kind == INTEGER:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise TypeError(_("Expected an integer."))
        if isinstance(value, float) and not value.is_integer():
            raise TypeError(_("Expected an integer."))
        return [str(int(value))]
    if kind == TRI_STATE:
        if not isinstance(value, bool):
            raise TypeError(_("Expected true, false or null (unknown)."))
        return ["yes" if value else "no"]
    if kind == BOOLEAN:
        if not isinstance(value, bool):
            raise TypeError(_("Expected true or false."))
        return ["yes" if value else "no"]
    if kind == STRINGS:
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise TypeError(_("Expected a list of strings."))
        return value
    if kind == MOMENT:
        if not isinstance(value, str) or not _has_offset(value):
            raise TypeError(_("Expected an ISO 8601 date-time with an offset, e.g. 2026-03-14T09:30:00+01:00."))
        return [value]
    raise ValueError(f"unknown member kind {kind}")


def _has_offset(text: str) -> bool:
    """The form also reads local times without an offset (the page); the API wants no guessing."""
    try:
        moment = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        return False
    return moment.tzinfo is not None


def field_errors(form, members: tuple[Member, ...]) -> dict[str, list[str]]:
    """The form's errors, keyed by the JSON member path the caller sent."""
    paths = {member.field: member.path for member in members}
    errors = {}
    for name, messages in form.errors.items():
        if messages:
            # Form-wide errors (key None) belong to the body as a whole.
            errors[paths.get(name, name or "body")] = [str(message) for message in messages]
    return errors
