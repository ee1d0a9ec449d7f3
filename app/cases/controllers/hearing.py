"""The staff's side of hoor en wederhoor: ask a party for a response by a deadline."""

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.cases import page_access
from app.cases.forms import ResponseRequestForm
from app.cases.services import hearing
from app.errors_domain import DomainError, show_on_form
from app.extensions import db


@login_required
def request_response(reference: str):
    case, _viewer = page_access.handled_case(reference)
    form = ResponseRequestForm(case=case)
    if form.validate_on_submit():
        try:
            hearing.request_response(
                case, form.organisation.data, form.question.data, form.days.data, actor=current_user
            )
        except DomainError as refusal:
            show_on_form(form, refusal)
        else:
            db.session.commit()
            flash(_("The party is asked for a response and gets an e-mail."), "info")
            return redirect(url_for("cases.detail", reference=case.reference, _anchor="hearing-title"))
    return render_template("cases/request_response.html", case=case, form=form), 422 if form.errors else 200
