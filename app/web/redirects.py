"""Redirects to a `next` address the request carries: only to a path on this site.

An open redirect (`/login?next=//evil.com`) lends the desk's name to phishing. Browsers forgive a
lot: they drop tabs and newlines inside a URL, read a backslash as a slash, and treat `//host` and
`/\\host` as another site. So a target is accepted only when it is a plain local path, checked also
after percent-decoding (a proxy or a later hop may decode it), and otherwise refused as a whole.
"""

from urllib.parse import unquote, urlsplit

from flask import redirect


def safe_local_path(target: str | None) -> str | None:
    """`target` when it is a path on this site (a query string is fine), else None."""
    if not target or not isinstance(target, str) or len(target) > 2000:
        return None
    decoded, previous = target, None
    for _round in range(5):  # double-encoded variants (%252F) decode in a few rounds
        if decoded == previous:
            break
        if not _plain_local_path(decoded):
            return None
        previous, decoded = decoded, unquote(decoded)
    if not _plain_local_path(decoded):
        return None
    return target


def _plain_local_path(text: str) -> bool:
    if any(ord(char) < 0x20 or ord(char) == 0x7F for char in text) or "\\" in text:
        return False  # control characters and backslashes: browsers drop or rewrite them
    if not text.startswith("/") or text.startswith("//"):
        return False
    parts = urlsplit(text)
    return not parts.scheme and not parts.netloc


def redirect_back(target: str | None, default: str):
    """A redirect to `target` when it is a local path, else to `default`."""
    return redirect(safe_local_path(target) or default)
