"""The decision on the staff case page: the form with its measure rows, and the decision once taken."""

from dataclasses import dataclass

from flask import flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.cases import access, page_access, staff_page
from app.compliance import measure_lookup
from app.compliance.forms import DecisionForm
from app.compliance.models import Decision
from app.compliance.services import decisions
from app.errors_domain import DomainError, show_on_form
from app.extensions import db

PREFIX = "decision"
PANEL = "decision"


@dataclass(frozen=True)
class DecisionPanel:
    """What templates/compliance/_decision.html draws: the decision, or the form and what it lacks."""

    decision: Decision | None
    form: DecisionForm | None
    missing: list[str]
    letters: list | None
    open: bool  # unfolded, unless another action's form is in use


def decision_panel(case, viewer: access.Viewer, in_use: staff_page.FormInUse | None) -> staff_page.Panel:
    """The decision when there is one; else the form for a handler while the case can be decided,
    with what the hearing of the sides still lacks and, after "Preview", every side's letter."""
    mine = in_use if in_use is not None and in_use.panel == PANEL else None
    decision = decisions.decision_of(case)
    form = None
    missing: list[str] = []
    if decision is None and access.can_decide(viewer, case):
        form = mine.form if mine is not None else DecisionForm(formdata=None, prefix=PREFIX, case=case)
        missing = decisions.missing_hearing(case)
    letters = mine.extra.get("letters") if mine is not None else None
    return staff_page.Panel(
        "compliance/_decision.html",
        DecisionPanel(decision, form, missing, letters, open=in_use is None or mine is not None),
    )


def register() -> None:
    """Compliance's panels on the staff case page: the objected measure at the top, the decision."""
    staff_page.register_panel(measure_lookup.objection_panel)
    staff_page.register_panel(decision_panel)


def _again(case, viewer, form: DecisionForm, status: int, letters=None):
    in_use = staff_page.FormInUse(PANEL, PANEL, form, {"letters": letters})
    return staff_page.render(case, viewer, in_use), status


@login_required
def decide(reference: str):
    case, viewer = page_access.handled_case(reference)
    if not access.can_decide(viewer, case):
        flash(_("This case cannot be decided in its current status."), "error")
        return redirect(url_for("cases.detail", reference=reference, _anchor="decision"), 303)
    form = DecisionForm(prefix=PREFIX, case=case)
    if form.add_row.data:
        # Only shows the form again, with what was typed: nothing changes, so nothing to validate yet.
        form.add_measure_row(case)
        return _again(case, viewer, form, 200)
    if form.validate_on_submit():
        arguments = dict(actor=current_user, cause=form.cause.data, remedial_action=form.remedial_action.data)
        try:
            if form.preview.data:
                letters = decisions.preview(case, form.outcome.data, form.reasoning.data, form.items(), **arguments)
                return _again(case, viewer, form, 200, letters)
            if decisions.missing_hearing(case) and not form.confirm_missing.data:
                form.confirm_missing.errors = [
                    _("Not every side was heard: confirm that you decide anyway, or hear them first.")
                ]
                decisions.check(case, form.outcome.data, form.reasoning.data, form.items(), actor=current_user)
                return _again(case, viewer, form, 422)
            decisions.decide(case, form.outcome.data, form.reasoning.data, form.items(), **arguments)
        except DomainError as error:
            show_on_form(form, DomainError(error.message, form.row_field(error.field)))
        else:
            db.session.commit()
            flash(_("The decision is recorded; every side receives it."), "info")
            return redirect(url_for("cases.detail", reference=reference, _anchor="decision"))
    return _again(case, viewer, form, 422)
