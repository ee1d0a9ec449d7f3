"""Login in two steps (password, then the second factor's code; a coordinator or administrator without one
sets it up first), and logout."""

from flask import current_app, flash, g, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import login_user, logout_user

from app import clock
from app.auth import second_factor, services, sessions
from app.auth.enrolment import enrolment_page
from app.auth.forms import CodeForm, LoginForm
from app.auth.models import User
from app.extensions import db
from app.web.redirects import safe_local_path

# Between the password and the code the session holds only who and since when (no secret, no code).
PENDING = "login_pending"


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


def enrol_at_login():
    """Coordinators and administrators set up their second factor before they are logged in."""
    user, target = _pending_user()
    if user is None or user.has_second_factor or not user.needs_second_factor:
        return _too_late()
    return enrolment_page(
        user,
        CodeForm(),
        lambda codes: render_template(
            "auth/recovery_codes.html", codes=codes, continue_url=_complete_login(user, target), enrolled=True
        ),
    )


def logout():
    row = g.get("login_session")
    if row is not None:
        sessions.end(row)
        db.session.commit()
    logout_user()
    flash(_("You are logged out."), "info")
    return redirect(url_for("main.home"))
