"""The case a request is about, found as the caller may see it: reporter, token user or case handler."""

from flask_babel import gettext as _

from app.api.auth import required_user
from app.cases import access
from app.cases.models import Case
from app.cases.services import queries
from app.errors_domain import NotAllowed, NotFound


def reporter_viewer(case: Case, user=None) -> access.Viewer:
    """The reporter of `case` (by follow-up code, or the token that filed it) as viewer."""
    return access.Viewer(user=user, reporter_of_case_id=case.id)


def visible_case(reference: str):
    """The case and the token's user as viewer; a case the caller may not see answers as an unknown one."""
    viewer = access.Viewer(user=required_user())
    found = queries.find_by_reference(reference)
    if found is None or not access.can_view(viewer, found):
        raise NotFound(_("No case with this reference, or you may not see it."))
    return found, viewer


def handled_case(reference: str):
    """The case and its handler: 401 without a token, 403 for other roles, 404 for an unknown case."""
    user = required_user()
    if not access.is_handler(user):
        raise NotAllowed(_("Only supervisors and coordinators handle cases."))
    case = queries.find_by_reference(reference)
    viewer = access.Viewer(user=user)
    if case is None or not access.can_handle(viewer, case):
        raise NotFound(_("No case with this reference, or you may not see it."))
    return case, viewer
