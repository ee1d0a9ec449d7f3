"""POST /cases/{reference}/decision and /measures/{id}/approve and /reject: deciding, with four eyes, for staff."""

from flask_babel import gettext as _

from app.api.actions import run_action
from app.api.auth import required_user
from app.api.case_access import handled_case
from app.api.json_input import InvalidInput, form_data, read_object, validated
from app.api.members import DECISION, MEASURE, REJECT
from app.api.problems import problem
from app.cases import access
from app.compliance.forms import MAX_ROWS, DecisionForm, ReasonForm
from app.compliance.models import Measure
from app.compliance.services import decisions, measures, queries
from app.compliance.services.decisions import measure_prefix
from app.errors_domain import NotFound

PATHS = {member.field: member.path for member in (*DECISION, *REJECT)}
MEASURE_PATHS = {member.field: member.path for member in MEASURE}


def member_path(field: str) -> str:
    """The JSON path of a form field: "measures-0-due_at" is "measures[0].dueAt"."""
    if field.startswith("measures-"):
        index, _sep, name = field.removeprefix("measures-").partition("-")
        return f"measures[{index}].{MEASURE_PATHS.get(name, name)}"
    return PATHS.get(field, field)


def _decision_form(body: dict, case) -> DecisionForm:
    """The page's form filled from the body; every measure must say its kind (the page skips empty rows)."""
    data, errors = form_data(body, DECISION)
    items = body.get("measures")
    items = [] if items is None else items
    if not isinstance(items, list) or len(items) > MAX_ROWS:
        errors["measures"] = [_("Expected a list of at most %(max)s measures.", max=MAX_ROWS)]
        items = []
    for index, item in enumerate(items):
        if not isinstance(item, dict):
            errors[f"measures[{index}]"] = [_("Expected an object.")]
            continue
        row, row_errors = form_data(item, MEASURE)
        for name, values in row.lists():
            data.setlist(measure_prefix(index) + name, values)
        errors.update({f"measures[{index}].{path}": messages for path, messages in row_errors.items()})
        if not item.get("kind"):
            errors.setdefault(f"measures[{index}].kind", [_("This field is required.")])
    form = DecisionForm(formdata=data, meta={"csrf": False}, case=case)
    form.validate()
    errors = {**_form_errors(form), **errors}  # a wrong JSON type explains more than the form's complaint
    if errors:
        raise InvalidInput(errors)
    return form


def _form_errors(form: DecisionForm) -> dict[str, list[str]]:
    errors = {}
    for name, messages in form.errors.items():
        if name == "measures":
            for index, row in enumerate(messages):
                for field, row_messages in (row or {}).items():
                    errors[member_path(measure_prefix(index) + field)] = [str(m) for m in row_messages]
        elif messages:
            errors[member_path(name) if name else "body"] = [str(m) for m in messages]
    return errors


def decide_case(reference: str):
    case, viewer = handled_case(reference)
    form = _decision_form(read_object(), case)
    missing = decisions.missing_hearing(case)

    def action():
        if missing and not form.confirm_missing.data:
            # Hoor en wederhoor: deciding before every side was heard needs the caller's explicit word,
            # asked for once the rest of the decision holds (a refused field answers 422 first).
            decisions.check(case, form.outcome.data, form.reasoning.data, form.items(), actor=viewer.user)
            raise _Unheard
        decisions.decide(
            case,
            form.outcome.data,
            form.reasoning.data,
            form.items(),
            actor=viewer.user,
            cause=form.cause.data,
            remedial_action=form.remedial_action.data,
        )

    try:
        return run_action(case, viewer, action, member_path)
    except _Unheard:
        return problem(
            409, _("Not every side was heard: send confirmMissingHearing true to decide anyway."), missing=missing
        )


class _Unheard(Exception):
    """Not every side was heard and the caller did not confirm: nothing was written."""


def _measure(measure_id: int) -> tuple[Measure, access.Viewer]:
    """404 for a measure the caller may not see, as for an unknown one; the service says who may act."""
    viewer = access.Viewer(user=required_user())
    measure = queries.find(measure_id)
    if measure is None or not access.can_view_measure(viewer, measure):
        raise NotFound(_("No measure with this id, or you may not see it."))
    return measure, viewer


# {id}, as the API's contract names it.
def approve_measure(id: int):
    measure, viewer = _measure(id)
    return run_action(measure.case, viewer, lambda: measures.approve(measure, actor=viewer.user), member_path)


def reject_measure(id: int):
    measure, viewer = _measure(id)
    (form,) = validated(read_object(), (ReasonForm, REJECT))
    return run_action(
        measure.case, viewer, lambda: measures.reject(measure, form.reason.data, actor=viewer.user), member_path
    )
