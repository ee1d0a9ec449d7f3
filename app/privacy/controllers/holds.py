"""Putting a case on legal hold and lifting it (coordinators; both on the case's timeline)."""

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.cases import page_access
from app.errors_domain import DomainError, show_on_form
from app.extensions import db
from app.privacy.forms import HoldForm, LiftHoldForm
from app.privacy.services import retention as retention_service


def place(reference: str):
    case, _viewer = page_access.staff_case(reference)
    form = HoldForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        retention_service.place_hold(case, form.reason.data, actor=current_user)
    except DomainError as error:
        show_on_form(form, error)
        return render_template("privacy/hold_refused.html", case=case, form=form), 422
    db.session.commit()
    flash(_("The case is on legal hold: it is not erased at its term."), "info")
    return redirect(url_for("cases.detail", reference=case.reference))


def lift(reference: str):
    case, _viewer = page_access.staff_case(reference)
    form = LiftHoldForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        retention_service.lift_hold(case, form.reason.data, actor=current_user)
    except DomainError as error:
        show_on_form(form, error)
        return render_template("privacy/hold_refused.html", case=case, form=form), 422
    db.session.commit()
    flash(_("The legal hold is lifted."), "info")
    return redirect(url_for("cases.detail", reference=case.reference))
