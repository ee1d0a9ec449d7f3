"""The decision on the staff case page: the form with its measure rows, and the decision once taken."""
from flask import flash, g, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.cases import access
from app.cases.handling_views import handled_case
from app.cases.views import detail
from app.compliance.forms import DecisionForm
from app.compliance.services import decisions
from app.errors_domain import DomainError, show_on_form
from app.extensions import db

PREFIX = "decision"


def decision_panel(case) -> dict:
    """The decision when there is one; else the form for a handler while the case can be decided,
    with what the hearing of the sides still lacks and, after "Preview", every side's letter."""
    decision = decisions.decision_of(case)
    form = None
    missing: list[str] = []
    if decision is None and access.can_decide(access.Viewer(user=current_user), case):
        form = g.get("decision_form") or DecisionForm(formdata=None, prefix=PREFIX, case=case)
        missing = decisions.missing_hearing(case)
    return {"decision": decision, "form": form, "missing": missing, "letters": g.get("decision_letters")}


def _again(reference: str, form: DecisionForm, status: int, letters=None):
    g.decision_form = form
    g.decision_letters = letters
    return detail(reference), status


@login_required
def decide(reference: str):
    case = handled_case(reference)
    if not access.can_decide(access.Viewer(user=current_user), case):
        flash(_("This case cannot be decided in its current status."), "error")
        return redirect(url_for("cases.detail", reference=reference, _anchor="decision"), 303)
    form = DecisionForm(prefix=PREFIX, case=case)
    if form.add_row.data:
        # Only shows the form again, with what was typed: nothing changes, so nothing to validate yet.
        form.add_measure_row(case)
        return _again(reference, form, 200)
    if form.validate_on_submit():
        arguments = dict(actor=current_user, cause=form.cause.data, remedial_action=form.remedial_action.data)
        try:
            if form.preview.data:
                letters = decisions.preview(case, form.outcome.data, form.reasoning.data, form.items(), **arguments)
                return _again(reference, form, 200, letters)
            if decisions.missing_hearing(case) and not form.confirm_missing.data:
                form.confirm_missing.errors = [
                    _("Not every side was heard: confirm that you decide anyway, or hear them first.")]
                decisions.check(case, form.outcome.data, form.reasoning.data, form.items(), actor=current_user)
                return _again(reference, form, 422)
            decisions.decide(case, form.outcome.data, form.reasoning.data, form.items(), **arguments)
        except DomainError as error:
            show_on_form(form, DomainError(error.message, form.row_field(error.field)))
        else:
            db.session.commit()
            flash(_("The decision is recorded; every side receives it."), "info")
            return redirect(url_for("cases.detail", reference=reference, _anchor="decision"))
    return _again(reference, form, 422)
