"""Setting up the second factor, one page for the login step and the profile: the QR code and secret to scan,
then a code from the app; `done` shows what follows (the recovery codes)."""

from flask import current_app, render_template
from flask_login import current_user

from app.auth import second_factor
from app.auth.forms import CodeForm
from app.auth.models import User
from app.errors_domain import DomainError, show_on_form
from app.extensions import db


def enrolment_page(user: User, form: CodeForm, done):
    status = 200
    if form.validate_on_submit():
        try:
            codes = second_factor.confirm_enrolment(user, form.code.data, actor=user)
        except DomainError as refusal:
            show_on_form(form, refusal)
            status = 422
        else:
            return done(codes)
    second_factor.begin_enrolment(user)
    db.session.commit()
    uri = second_factor.provisioning_uri(user, current_app.config["TOTP_ISSUER"])
    return render_template(
        "auth/enrol.html",
        form=form,
        qr=second_factor.qr_data_uri(uri),
        secret=second_factor.grouped(user.totp_secret),
        required=user.needs_second_factor,
        at_login=not current_user.is_authenticated,
    ), status
