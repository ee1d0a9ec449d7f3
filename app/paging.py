"""Pages of the HTML lists (?page=N read once, for every list, so that no number is an error) and
keyset pages of the API's lists (a cursor naming the last item seen)."""

import base64
import binascii
import json
from collections.abc import Callable

from flask import request

from app.extensions import db

# Past it the row offset outgrows the databases' integers (SQLite refused ?page=10**20 with a 500).
MAX_PAGE = 1_000_000


def paginate(query, per_page: int):
    """The page of `query` that ?page= asks for. Text or a number below 1 is the first page; a page
    past the end is empty, not an error."""
    page = request.args.get("page", 1, type=int)
    return db.paginate(query, page=min(max(page, 1), MAX_PAGE), per_page=per_page, error_out=False)


# -- keyset pages of a list already in order (the API's register: its status filter is computed) --


def encode_cursor(*values) -> str:
    """An opaque cursor naming the last item of a page by its sort key."""
    raw = json.dumps(list(values), ensure_ascii=True, separators=(",", ":")).encode("ascii")
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def decode_cursor(cursor: str) -> list:
    """The sort key a cursor names; ValueError for anything encode_cursor did not make."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        values = json.loads(raw.decode("ascii"))
    except (ValueError, UnicodeDecodeError, binascii.Error, RecursionError):
        raise ValueError("invalid cursor") from None
    if not isinstance(values, list):
        raise ValueError("invalid cursor")
    return values


def keyset_page(items: list, key: Callable, limit: int, cursor: str | None) -> tuple[list, str | None]:
    """The `limit` items after the cursor's key, in key order, and the cursor of the next page (None
    on the last). Raises ValueError for a cursor of another shape than `key` gives."""
    ordered = sorted(items, key=key)
    if cursor is not None:
        after = tuple(decode_cursor(cursor))
        try:
            ordered = [item for item in ordered if key(item) > after]
        except TypeError:
            raise ValueError("invalid cursor") from None
    page = ordered[:limit]
    return page, encode_cursor(*key(page[-1])) if len(ordered) > limit else None
