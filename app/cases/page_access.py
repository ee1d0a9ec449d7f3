"""The case a staff page or action is about, or the refusal it answers with (404, 403), as access.py decides."""

from flask import abort, make_response, render_template
from flask_login import current_user

from app.audit import services as access_log
from app.cases import access
from app.cases.models import Case
from app.cases.services import queries


def refuse_if_conflicted(viewer: access.Viewer, case: Case) -> None:
    """A handler who declared a conflict of interest with a party is told why the case is closed to them."""
    if access.conflicted(viewer, case):
        abort(make_response(render_template("cases/conflicted.html", reference=case.reference), 403))


def staff_case(reference: str) -> tuple[Case, access.Viewer]:
    """The case for the foundation's pages; 404 for everyone else, as for an unknown case."""
    viewer = access.Viewer(user=current_user)
    case = queries.find_by_reference(reference)
    if case is None or not viewer.is_staff:
        abort(404)
    refuse_if_conflicted(viewer, case)
    return case, viewer


def handled_case(reference: str) -> tuple[Case, access.Viewer]:
    """The case for a handler's action: 404 as on the case page, 403 for staff who do not handle."""
    case, viewer = staff_case(reference)
    if not access.can_handle(viewer, case):
        abort(403)
    return case, viewer


def log_staff_look(case: Case, viewer: access.Viewer, action: str, detail: str = "") -> None:
    """Puts a staff member's look in the access log: views of a data-breach case,
    and every download. Parties' own looks are never logged against them."""
    if not viewer.is_staff:
        return
    if action in ("view_case", "view_case_api") and case.category != "data_breach":
        return
    access_log.record(viewer.user, action, case=case, detail=detail)
