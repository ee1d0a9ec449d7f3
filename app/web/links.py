"""The link seam's implementation (app/links.py): the URL rules of the blueprints, absolute on PUBLIC_BASE_URL."""
from flask import url_for

from app import links
from app.notify import services as outbox

CASE_PAGES = {links.STAFF: "cases.detail", links.ORGANISATION: "portal.case", links.GUEST: "intake.follow_up"}
MEASURE_PAGES = {links.STAFF: "compliance.measure", links.ORGANISATION: "compliance.my_measure"}


class WebLinks:
    def case_url(self, reference: str, audience: str, *, external: bool = True) -> str:
        endpoint = CASE_PAGES.get(audience, CASE_PAGES[links.GUEST])
        return _build(endpoint, external, reference=reference)

    def measure_url(self, measure_id: int, audience: str, *, external: bool = True) -> str:
        endpoint = MEASURE_PAGES.get(audience, MEASURE_PAGES[links.ORGANISATION])
        return _build(endpoint, external, measure_id=measure_id)


def _build(endpoint: str, external: bool, **values) -> str:
    # An absolute link works without a request too (the scheduler's mail); a path needs the request's.
    return outbox.absolute_url(endpoint, **values) if external else url_for(endpoint, **values)


def install() -> None:
    links.install(WebLinks())
