"""POST /cases/{reference}/assign and /transition: the case page's handling actions for staff systems."""

from app.api.actions import run_action
from app.api.case_access import handled_case
from app.api.json_input import read_object, validated
from app.api.members import ASSIGN, TRANSITION
from app.cases.forms import AssignForm, TransitionForm
from app.cases.services import handling

PATHS = {member.field: member.path for member in (*ASSIGN, *TRANSITION)}


def _member_path(field: str) -> str:
    return PATHS.get(field, field)


def assign_case(reference: str):
    case, viewer = handled_case(reference)
    (form,) = validated(read_object(), (AssignForm, ASSIGN))
    return run_action(
        case,
        viewer,
        lambda: handling.assign(case, handling.find_handler(form.assignee.data), actor=viewer.user),
        _member_path,
    )


def transition_case(reference: str):
    case, viewer = handled_case(reference)
    (form,) = validated(read_object(), (TransitionForm, TRANSITION))
    return run_action(
        case,
        viewer,
        lambda: handling.transition(
            case, form.to.data, form.reason.data, actor=viewer.user, waiting_on=form.waiting_on.data or None
        ),
        _member_path,
    )
