"""Accepting an invitation: the invited person chooses a name and password and is logged in."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_user

from app.accounts import services
from app.accounts.forms import AcceptForm
from app.auth import sessions as login_sessions
from app.errors_domain import DomainError, show_on_form
from app.extensions import db


def accept(token: str):
    try:
        invitation = services.usable_invitation(token)
    except DomainError as refusal:
        return render_template("accounts/invitation_gone.html", message=refusal.message), refusal.status
    form = AcceptForm()
    if request.method == "GET":
        form.name.data = invitation.name
    if form.validate_on_submit():
        try:
            user = services.accept(token, form.name.data, form.password.data)
            login_sessions.start(user, user_agent=request.user_agent.string)
        except DomainError as refusal:
            show_on_form(form, refusal)
        else:
            db.session.commit()
            login_user(user)
            flash(
                _("Welcome. Your account for %(organisation)s is ready.", organisation=invitation.organisation.name),
                "info",
            )
            return redirect(url_for("portal.cases"))
    return render_template("accounts/accept.html", form=form, invitation=invitation), 422 if form.errors else 200
