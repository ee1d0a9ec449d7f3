"""Reading pages as a browser would: a form's CSRF token, English pages, a page's text, the Dutch for a msgid."""

import html
import re

import flask_babel

CSRF_FIELD = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def csrf_token(client, path: str) -> str:
    """Reads the CSRF token from a form page, as a browser would."""
    match = CSRF_FIELD.search(client.get(path).get_data(as_text=True))
    assert match, f"no CSRF token on {path}"
    return match.group(1)


def csrf_of(html: str) -> str:
    """The CSRF token of the (first) form in a page already fetched."""
    match = CSRF_FIELD.search(html)
    assert match, "no CSRF token on the page"
    return match.group(1)


def without_csrf_tokens(page: str) -> str:
    """The page with each form's CSRF token blanked: a token carries the second it was signed in, so two
    loads of one page a second apart differ only there."""
    return CSRF_FIELD.sub(lambda match: match.group(0).replace(match.group(1), ""), page)


def english(client) -> None:
    """The client's next pages in English (the language a visitor picks, kept in the session)."""
    with client.session_transaction() as session:
        session["lang"] = "en"


def text(response) -> str:
    """A response's HTML with its entities decoded, to search for the words a reader sees."""
    return html.unescape(response.get_data(as_text=True))


def nl(msgid: str, **values) -> str:
    """The Dutch text a page shows for an English msgid (pages are Dutch unless asked otherwise)."""
    with flask_babel.force_locale("nl"):
        return flask_babel.gettext(msgid, **values)
