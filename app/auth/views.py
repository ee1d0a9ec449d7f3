"""Login in two steps (password, then the second factor's code), logout, and the profile page: password,
second factor, API tokens."""

from flask import Blueprint, current_app, flash, g, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from app import clock
from app.auth import events, second_factor, services, sessions
from app.auth.forms import CodeForm, ConfirmPasswordForm, LoginForm, PasswordChangeForm, TokenForm
from app.auth.models import User
from app.errors_domain import DomainError, NotFound, show_on_form
from app.extensions import db, limiter
from app.web.redirects import safe_local_path

bp = Blueprint("auth", __name__)


# Between the password and the code the session holds only who and since when (no secret, no code).
PENDING = "login_pending"


@bp.before_app_request
def _check_login_session():
    """Ends a login session that expired (and says so), keeps a live one alive (a write at most once a
    minute), and lets a coordinator or administrator without a second factor reach nothing."""
    if "_user_id" not in session:
        return None
    user = current_user._get_current_object()  # loads through the session row (app.auth.loaders)
    ended = g.pop("ended_login_session", None)
    if ended is not None:
        sessions.end(ended)
        db.session.commit()
        logout_user()
        flash(_("Your session has ended. Log in again."), "info")
        return None
    row = g.get("login_session")
    if row is None:
        return None
    if user.needs_second_factor and not user.has_second_factor:
        sessions.end(row)
        db.session.commit()
        logout_user()
        return redirect(url_for("auth.login"))
    if sessions.touch(row):
        db.session.commit()
    return None


def _start_pending(user: User):
    session[PENDING] = {
        "user": user.id,
        "at": clock.now().timestamp(),
        "next": safe_local_path(request.args.get("next")),
    }
    return redirect(url_for("auth.second_step" if user.has_second_factor else "auth.enrol_at_login"))


def _pending_user() -> tuple[User | None, str | None]:
    """The user halfway through logging in, while the step is fresh (LOGIN_STEP_SECONDS)."""
    pending = session.get(PENDING)
    if not isinstance(pending, dict):
        return None, None
    age = clock.now().timestamp() - float(pending.get("at", 0))
    user = db.session.get(User, int(pending.get("user", 0)))
    if not 0 <= age <= current_app.config["LOGIN_STEP_SECONDS"] or user is None or not user.active:
        session.pop(PENDING, None)
        return None, None
    return user, pending.get("next")


def _too_late():
    flash(_("Logging in took too long. Log in again."), "info")
    return redirect(url_for("auth.login"))


def _complete_login(user: User, target: str | None = None):
    """The login passed every step: a new session row, flask-login's cookie holds its token."""
    services.login_succeeded(user)
    sessions.start(user, user_agent=request.user_agent.string)
    db.session.commit()
    session.pop(PENDING, None)
    login_user(user)
    return target or (url_for("cases.queue") if user.is_staff else url_for("portal.cases"))


@bp.route("/inloggen", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["LOGIN_RATE_LIMIT"], methods=["POST"])
def login():
    form = LoginForm()
    status = 200
    if form.validate_on_submit():
        session.pop(PENDING, None)
        try:
            user = services.authenticate(form.email.data, form.password.data)
        except services.LoginPaused as pause:
            form.password.errors.append(pause.message)
            status = pause.status
        else:
            db.session.commit()  # a failure is counted even though the answer is a refusal
            if user is None:
                form.password.errors.append(_("This e-mail address and password do not match."))
            elif user.has_second_factor or user.needs_second_factor:
                return _start_pending(user)
            else:
                return redirect(_complete_login(user, safe_local_path(request.args.get("next"))))
    return render_template("auth/login.html", form=form), status


@bp.route("/inloggen/code", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["LOGIN_RATE_LIMIT"], methods=["POST"])
def second_step():
    user, target = _pending_user()
    if user is None or not user.has_second_factor:
        return _too_late()
    form = CodeForm()
    status = 200
    if form.validate_on_submit():
        try:
            services.check_not_paused(user.email)
        except services.LoginPaused as pause:
            form.code.errors.append(pause.message)
            status = pause.status
        else:
            if second_factor.check_login_code(user, form.code.data) is not None:
                return redirect(_complete_login(user, target))
            services.login_failed(user.email)
            db.session.commit()
            form.code.errors.append(_("This code is not valid. Type the 6 digits your app shows now."))
            status = 422
    return render_template("auth/second_step.html", form=form), status


@bp.route("/inloggen/tweede-factor", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["LOGIN_RATE_LIMIT"], methods=["POST"])
def enrol_at_login():
    """Coordinators and administrators set up their second factor before they are logged in."""
    user, target = _pending_user()
    if user is None or user.has_second_factor or not user.needs_second_factor:
        return _too_late()
    return _enrolment(
        user,
        CodeForm(),
        lambda codes: render_template(
            "auth/recovery_codes.html", codes=codes, continue_url=_complete_login(user, target), enrolled=True
        ),
    )


def _enrolment(user: User, form: CodeForm, done):
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


@bp.post("/uitloggen")
@login_required
def logout():
    row = g.get("login_session")
    if row is not None:
        sessions.end(row)
        db.session.commit()
    logout_user()
    flash(_("You are logged out."), "info")
    return redirect(url_for("main.home"))


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


@bp.route("/profiel", methods=["GET", "POST"])
@login_required
def profile():
    form = TokenForm()
    new_secret = None
    if form.validate_on_submit():
        _token, new_secret = services.create_token(current_user, form.name.data)
        db.session.commit()
        form = None
    return _render_profile(form, new_secret)


@bp.post("/profiel/wachtwoord")
@login_required
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


@bp.route("/profiel/tweede-factor", methods=["GET", "POST"])
@login_required
def enrol():
    """Setting up the second factor from the profile (optional for supervisors and participants)."""
    if current_user.has_second_factor:
        return redirect(url_for("auth.profile"))
    return _enrolment(current_user, CodeForm(), lambda codes: _show_codes(codes, enrolled=True))


def _show_codes(codes: list[str], enrolled: bool = False):
    db.session.commit()
    return render_template(
        "auth/recovery_codes.html", codes=codes, continue_url=url_for("auth.profile"), enrolled=enrolled
    )


@bp.route("/profiel/herstelcodes", methods=["GET", "POST"])
@login_required
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


@bp.route("/profiel/tweede-factor/uitzetten", methods=["GET", "POST"])
@login_required
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
