"""The link an e-mail gives its recipient: the page that recipient can open, never another side's.

Three kinds of recipient, three pages:
- staff (supervisors, coordinators): the case page `/behandelen/<reference>`;
- an organisation's users (and an account holder who filed the case): `/mijn/zaken/<reference>`,
  through the login when logged out (the login's `next` brings them back);
- a reporter without an account that reads the case (a guest): the follow-up page
  `/volgen?reference=...`, where the reference is filled in and the code asked for.
Every notice module asks this module, so a recipient never gets a link to a page that answers 404.
The URLs themselves come from the link seam (app/links.py): no notice builds one.
"""

from app import links
from app.cases import access
from app.cases.models import Case
from app.links import GUEST, ORGANISATION, STAFF


def case_url(case: Case, audience: str) -> str:
    return links.current().case_url(case.reference, audience)


def reporter_audience(case: Case) -> str:
    """The reporter's address belongs to an account that reads the case in the portal, or to a guest."""
    user = case.reporter_user
    if (
        user is not None
        and user.email.lower() == (case.reporter_email or "").lower()
        and access.reads_in_portal(user, case)
    ):
        return ORGANISATION
    return GUEST


def reporter_url(case: Case) -> str:
    """The link for mail to the case's reporter address."""
    return case_url(case, reporter_audience(case))


def staff_url(case: Case) -> str:
    return case_url(case, STAFF)


def organisation_url(case: Case) -> str:
    return case_url(case, ORGANISATION)


def measure_url(measure, audience: str) -> str:
    """A measure's page: the desk's own, or the participant's (`/mijn/maatregelen/<id>`)."""
    return links.current().measure_url(measure.id, audience)
