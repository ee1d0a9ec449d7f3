"""The link seam: notices take their URLs from the installed Links, and the web's builds them on PUBLIC_BASE_URL."""

from app import links
from app.cases import links as recipient_links
from app.web.links import WebLinks
from tests.cases.helpers import new_case


class FakeLinks:
    def case_url(self, reference, audience, *, external=True):
        return f"fake:{audience}:{reference}:{external}"

    def measure_url(self, measure_id, audience, *, external=True):
        return f"fake:{audience}:measure {measure_id}:{external}"


def test_notices_take_their_links_from_the_installed_seam(app):
    case = new_case(1)
    installed = links.current()
    links.install(FakeLinks())
    try:
        assert recipient_links.staff_url(case) == "fake:staff:INC-2026-00001:True"
        assert recipient_links.reporter_url(case) == "fake:guest:INC-2026-00001:True"
    finally:
        links.install(installed)


def test_the_web_links_are_absolute_for_mail_and_paths_for_pages(app):
    web = WebLinks()
    base = app.config["PUBLIC_BASE_URL"].rstrip("/")
    assert web.case_url("INC-2026-00001", links.STAFF) == f"{base}/behandelen/INC-2026-00001"
    assert web.case_url("INC-2026-00001", links.GUEST) == f"{base}/volgen?reference=INC-2026-00001"
    assert web.measure_url(7, links.ORGANISATION) == f"{base}/mijn/maatregelen/7"
    with app.test_request_context():
        assert web.case_url("INC-2026-00001", links.STAFF, external=False) == "/behandelen/INC-2026-00001"
        assert web.measure_url(7, links.STAFF, external=False) == "/zaken/maatregelen/7"
