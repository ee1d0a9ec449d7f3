"""The clock policies: the list of every policy with its length, and changing one (open cases follow)."""

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.errors_domain import DomainError, NotFound, show_on_form
from app.extensions import db
from app.sla import admin
from app.sla.forms import PolicyForm
from app.sla.labels import NO_VARIANT


def policies():
    return render_template("sla/policies.html", rows=admin.policy_rows())


def _policy_row(case_type: str, variant: str, kind: str) -> admin.PolicyRow:
    try:
        return admin.find_policy(case_type, None if variant == NO_VARIANT else variant, kind)
    except NotFound:
        abort(404)


def edit_policy(case_type: str, variant: str, kind: str):
    row = _policy_row(case_type, variant, kind)
    spec = row.effective
    form = PolicyForm(
        data={
            "basis": spec.basis.value,
            "amount": admin.amount_in_units(spec),
            "warn_percent": round(spec.warn_fraction * 100),
        }
    )
    if form.validate_on_submit():
        try:
            admin.update_policy(
                row.case_type,
                row.variant,
                row.kind,
                basis=form.basis.data,
                amount=form.amount.data,
                warn_percent=form.warn_percent.data,
                actor=current_user,
            )
        except DomainError as error:
            show_on_form(form, error)
        else:
            db.session.commit()
            flash(_("The clock policy is saved; the deadlines of open cases were recalculated."), "info")
            return redirect(url_for("sla.policies"))
    status = 422 if form.is_submitted() else 200
    return render_template("sla/policy_form.html", form=form, row=row), status
