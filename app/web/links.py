"""The link seam's implementation (app/links.py): the URL rules of the blueprints, absolute on PUBLIC_BASE_URL."""

from urllib.parse import urlsplit

from flask import current_app, url_for

from app import links

CASE_PAGES = {links.STAFF: "cases.detail", links.ORGANISATION: "portal.case", links.GUEST: "intake.follow_up"}
MEASURE_PAGES = {links.STAFF: "compliance.measure", links.ORGANISATION: "compliance.my_measure"}
RFC_PAGES = {links.STAFF: "rfc.detail", links.ORGANISATION: "rfc.my_rfc", links.GUEST: "rfc.register_entry"}


class WebLinks:
    def case_url(self, reference: str, audience: str, *, external: bool = True) -> str:
        endpoint = CASE_PAGES.get(audience, CASE_PAGES[links.GUEST])
        return _build(endpoint, external, reference=reference)

    def measure_url(self, measure_id: int, audience: str, *, external: bool = True) -> str:
        endpoint = MEASURE_PAGES.get(audience, MEASURE_PAGES[links.ORGANISATION])
        return _build(endpoint, external, measure_id=measure_id)

    def rfc_url(self, reference: str, audience: str, *, external: bool = True) -> str:
        return _build(RFC_PAGES.get(audience, RFC_PAGES[links.GUEST]), external, reference=reference)

    def invitation_url(self, token: str) -> str:
        return absolute_url("accounts.accept", token=token)

    def access_link_url(self, token: str) -> str:
        return absolute_url("intake.open_link", token=token)


def _build(endpoint: str, external: bool, **values) -> str:
    # An absolute link works without a request too (the scheduler's mail); a path needs the request's.
    return absolute_url(endpoint, **values) if external else url_for(endpoint, **values)


def absolute_url(endpoint: str, **values) -> str:
    """A full link built on PUBLIC_BASE_URL, so it also works in the scheduler (no request)."""
    base = urlsplit(current_app.config["PUBLIC_BASE_URL"])
    anchor = values.pop("_anchor", None)
    current_app.inject_url_defaults(endpoint, values)
    adapter = current_app.url_map.bind(base.netloc, script_name=base.path or "/", url_scheme=base.scheme or "https")
    url = adapter.build(endpoint, values, force_external=True)
    return f"{url}#{anchor}" if anchor else url


def install() -> None:
    links.install(WebLinks())
