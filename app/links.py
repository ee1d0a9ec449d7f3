"""The link seam: services and notices ask it for the page a recipient can open; only the web layer builds URLs.

Flask-free on purpose: the web layer installs the one implementation at start-up
(app/web/links.py), and a test may install its own.
"""

from typing import Protocol

# Who opens the link: the desk's staff, an organisation's user (the portal), or a guest reporter.
STAFF, ORGANISATION, GUEST = "staff", "organisation", "guest"


class Links(Protocol):
    def case_url(self, reference: str, audience: str, *, external: bool = True) -> str:
        """The case's page for `audience`; `external` gives an absolute link (for e-mail), else a path."""

    def measure_url(self, measure_id: int, audience: str, *, external: bool = True) -> str:
        """A measure's page: the desk's own for STAFF, else the participant's."""

    def rfc_url(self, reference: str, audience: str, *, external: bool = True) -> str:
        """An RFC's page: the desk's own for STAFF, the submitter's for ORGANISATION, else the public register's."""

    def invitation_url(self, token: str) -> str:
        """The absolute link that accepts an account invitation."""

    def access_link_url(self, token: str) -> str:
        """The absolute link that opens a reporter's case without the follow-up code."""


_installed: list[Links] = []


def install(links: Links) -> None:
    """Makes `links` the implementation every caller of current() gets."""
    _installed[:] = [links]


def current() -> Links:
    if not _installed:
        raise RuntimeError("No Links installed: create_app() installs the web layer's.")
    return _installed[0]
