"""Login, logout and the profile page with API tokens."""
from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from app.auth import services
from app.auth.forms import LoginForm, TokenForm
from app.errors_domain import NotFound
from app.extensions import db, limiter
from app.web.redirects import safe_local_path

bp = Blueprint("auth", __name__)


@bp.route("/inloggen", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["LOGIN_RATE_LIMIT"], methods=["POST"])
def login():
    form = LoginForm()
    if form.validate_on_submit():
        user = services.authenticate(form.email.data, form.password.data)
        if user is None:
            form.password.errors.append(_("This e-mail address and password do not match."))
        else:
            db.session.commit()
            login_user(user)
            default = url_for("cases.queue") if user.is_staff else url_for("portal.cases")
            return redirect(safe_local_path(request.args.get("next")) or default)
    return render_template("auth/login.html", form=form)


@bp.post("/uitloggen")
@login_required
def logout():
    logout_user()
    flash(_("You are logged out."), "info")
    return redirect(url_for("main.home"))


@bp.route("/profiel", methods=["GET", "POST"])
@login_required
def profile():
    form = TokenForm()
    new_secret = None
    if form.validate_on_submit():
        _token, new_secret = services.create_token(current_user, form.name.data)
        db.session.commit()
        form = TokenForm(formdata=None)
    return render_template("auth/profile.html", form=form, new_secret=new_secret)


@bp.post("/profiel/tokens/<int:token_id>/intrekken")
@login_required
def revoke_token(token_id: int):
    try:
        services.revoke_token(current_user, token_id)
    except NotFound:
        flash(_("This token does not exist."), "error")
        return redirect(url_for("auth.profile"))
    db.session.commit()
    flash(_("The token is revoked."), "info")
    return redirect(url_for("auth.profile"))
