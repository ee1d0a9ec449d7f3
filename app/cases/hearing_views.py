"""The staff's side of hoor en wederhoor: ask a party for a response by a deadline (on the cases blueprint)."""
from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from wtforms import IntegerField, SelectField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange

from app.cases import access, labels
from app.cases.services import hearing
from app.cases.views import _staff_case, bp
from app.errors_domain import DomainError, show_on_form
from app.extensions import db


class ResponseRequestForm(FlaskForm):
    organisation = SelectField(_l("Party"), coerce=int, validators=[InputRequired()])
    question = TextAreaField(_l("What do you ask?"), validators=[DataRequired(), Length(max=20000)])
    days = IntegerField(_l("Business days to respond"), default=hearing.DEFAULT_DAYS,
                        validators=[InputRequired(), NumberRange(1, hearing.MAX_DAYS)])

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation.choices = [
            (p.organisation_id, f"{p.organisation.name} ({labels.label(labels.PARTY_ROLE, p.role)})")
            for p in case.parties
        ]


@bp.app_template_global()
def hearing_panel(case) -> dict:
    """What the staff case page shows of hoor en wederhoor: open requests, and the form when allowed."""
    viewer = access.Viewer(user=current_user)
    may_ask = access.can_handle(viewer, case) and case.is_open and bool(case.parties)
    return {
        "asks": hearing.asks([case.id]).get(case.id, []),
        "form": ResponseRequestForm(case=case, formdata=None) if may_ask else None,
        "names": {p.organisation_id: p.organisation.name for p in case.parties},
    }


@bp.route("/behandelen/<reference>/reactie-vragen", methods=["GET", "POST"])
@login_required
def request_response(reference: str):
    case, viewer = _staff_case(reference)
    if not access.can_handle(viewer, case):
        abort(403)
    form = ResponseRequestForm(case=case)
    if form.validate_on_submit():
        try:
            hearing.request_response(case, form.organisation.data, form.question.data, form.days.data,
                                     actor=current_user)
        except DomainError as refusal:
            show_on_form(form, refusal)
        else:
            db.session.commit()
            flash(_("The party is asked for a response and gets an e-mail."), "info")
            return redirect(url_for("cases.detail", reference=case.reference, _anchor="hearing-title"))
    return render_template("cases/request_response.html", case=case, form=form), 422 if form.errors else 200
