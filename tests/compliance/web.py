"""Helpers for the compliance page tests: English pages, logging in, posting a page's form."""

import html
import re

from tests.helpers.login import login
from tests.helpers.pages import csrf_token, english


def as_user(client, user):
    login(client, user.email)
    english(client)
    return client


def post_form(client, page: str, action: str, data: dict, prefix: str | None = None, **kwargs):
    """Posts to `action` with the CSRF token of `page`, as the browser sends the form from that page."""
    token_name = f"{prefix}-csrf_token" if prefix else "csrf_token"
    return client.post(action, data={**data, token_name: csrf_token(client, page)}, **kwargs)


def field_error(page: str, field_id: str) -> str | None:
    match = re.search(rf'<p class="field-error" id="{field_id}-error">(.*?)</p>', page, re.S)
    return html.unescape(match.group(1).strip()) if match else None
