"""POST /cases/{reference}/assign and /transition: the case page's handling actions for staff systems."""
from flask_babel import gettext as _

from app.api import serializers
from app.api.auth import required_user
from app.api.json_input import Member, read_object, validated
from app.api.problems import problem
from app.api.views import _json, bp
from app.cases import access
from app.cases.forms import AssignForm, TransitionForm
from app.cases.services import handling, queries
from app.errors_domain import DomainError, NotAllowed, NotFound
from app.extensions import db

ASSIGN = (Member("assignee", "assignee"),)
TRANSITION = (Member("to", "to"), Member("reason", "reason"), Member("waitingOn", "waiting_on"))
PATHS = {member.field: member.path for member in (*ASSIGN, *TRANSITION)}


def _handled_case(reference: str):
    """The case and its handler: 401 without a token, 403 for other roles, 404 for an unknown case."""
    user = required_user()
    if not access.is_handler(user):
        raise NotAllowed(_("Only supervisors and coordinators handle cases."))
    case = queries.find_by_reference(reference)
    viewer = access.Viewer(user=user)
    if case is None or not access.can_handle(viewer, case):
        raise NotFound(_("No case with this reference, or you may not see it."))
    return case, viewer


def _done(case, viewer, action, path_of=None):
    """Runs the service, commits once and answers with the case; a refusal changes nothing.

    `path_of` gives the JSON member path of a form field a refusal names (by default this module's).
    """
    try:
        action()
    except DomainError as error:
        db.session.rollback()
        if error.status == 422 and error.field:
            message = error.message
            path = path_of(error.field) if path_of else PATHS.get(error.field, error.field)
            return problem(422, message, {path: [message]})
        raise
    db.session.commit()
    return _json(serializers.case_view(case, viewer))


@bp.post("/cases/<reference>/assign")
def assign_case(reference: str):
    case, viewer = _handled_case(reference)
    (form,) = validated(read_object(), (AssignForm, ASSIGN))
    return _done(case, viewer, lambda: handling.assign(case, handling.find_handler(form.assignee.data),
                                                       actor=viewer.user))


@bp.post("/cases/<reference>/transition")
def transition_case(reference: str):
    case, viewer = _handled_case(reference)
    (form,) = validated(read_object(), (TransitionForm, TRANSITION))
    return _done(case, viewer, lambda: handling.transition(case, form.to.data, form.reason.data, actor=viewer.user,
                                                           waiting_on=form.waiting_on.data or None))
