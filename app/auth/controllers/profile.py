"""The profile page: API tokens, the password, the second factor and its recovery codes, the login history
and open sessions."""

from flask import flash, g, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.auth import events, second_factor, services, sessions
from app.auth.enrolment import enrolment_page
from app.auth.forms import CodeForm, ConfirmPasswordForm, PasswordChangeForm, TokenForm
from app.errors_domain import DomainError, NotFound, show_on_form
from app.extensions import db


def _render_profile(token_form=None, new_secret=None, password_form=None, status=200):
    return render_template(
        "auth/profile.html",
        form=TokenForm(formdata=None) if token_form is None else token_form,
        new_secret=new_secret,
        password_form=PasswordChangeForm(formdata=None) if password_form is None else password_form,
        recovery_left=second_factor.unused_recovery_codes(current_user) if current_user.has_second_factor else 0,
        history=events.history(current_user, limit=20),
        event_label=events.label,
        open_sessions=sessions.open_sessions(current_user),
        this_session=g.get("login_session"),
    ), status


def profile():
    form = TokenForm()
    new_secret = None
    if form.validate_on_submit():
        _token, new_secret = services.create_token(current_user, form.name.data)
        db.session.commit()
        form = None
    return _render_profile(form, new_secret)


def change_password():
    form = PasswordChangeForm()
    if form.validate_on_submit():
        try:
            ended = services.change_password(
                current_user,
                form.current_password.data,
                form.password.data,
                actor=current_user,
                keep_session=current_user.session_token,
            )
        except DomainError as refusal:
            show_on_form(form, refusal)
        else:
            db.session.commit()
            flash(_("Your password is changed.") + (" " + _("Your other sessions are ended.") if ended else ""), "info")
            return redirect(url_for("auth.profile"))
    return _render_profile(password_form=form, status=422)


def enrol():
    """Setting up the second factor from the profile (optional for supervisors and participants)."""
    if current_user.has_second_factor:
        return redirect(url_for("auth.profile"))
    return enrolment_page(current_user, CodeForm(), lambda codes: _show_codes(codes, enrolled=True))


def _show_codes(codes: list[str], enrolled: bool = False):
    db.session.commit()
    return render_template(
        "auth/recovery_codes.html", codes=codes, continue_url=url_for("auth.profile"), enrolled=enrolled
    )


def renew_recovery_codes():
    """Ten new recovery codes (the old ones stop working), after a code from the authenticator app."""
    if not current_user.has_second_factor:
        return redirect(url_for("auth.profile"))
    form = CodeForm()
    status = 200
    if form.validate_on_submit():
        try:
            codes = second_factor.renew_recovery_codes(current_user, form.code.data, actor=current_user)
        except DomainError as refusal:
            show_on_form(form, refusal)
            status = 422
        else:
            return _show_codes(codes)
    return render_template("auth/renew_recovery_codes.html", form=form), status


def disable_second_factor():
    if not current_user.has_second_factor or current_user.needs_second_factor:
        return redirect(url_for("auth.profile"))
    form = ConfirmPasswordForm()
    status = 200
    if form.validate_on_submit():
        try:
            second_factor.disable(current_user, form.password.data, actor=current_user)
        except DomainError as refusal:
            show_on_form(form, refusal)
            status = 422
        else:
            db.session.commit()
            flash(_("The second factor is switched off."), "info")
            return redirect(url_for("auth.profile"))
    return render_template("auth/disable_second_factor.html", form=form), status


def revoke_token(token_id: int):
    try:
        services.revoke_token(current_user, token_id)
    except NotFound:
        flash(_("This token does not exist."), "error")
        return redirect(url_for("auth.profile"))
    db.session.commit()
    flash(_("The token is revoked."), "info")
    return redirect(url_for("auth.profile"))
