"""Account administration for administrators: every user's login, history and sessions; reset a lost
second factor, end sessions, deactivate or reactivate an account."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import or_, select

from app import paging
from app.auth import events, permissions, second_factor, services, sessions
from app.auth.models import User
from app.extensions import db

PER_PAGE = 50


def admins_only():
    """Before every page of the users blueprint (behind login_required, app/auth/blueprint.py)."""
    if not permissions.can_manage_logins(current_user):
        abort(404)


def _user(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None:
        abort(404)
    return user


def index():
    q = (request.args.get("q") or "").strip()[:200]
    query = select(User).order_by(User.email)
    if q:
        query = query.where(or_(User.email.ilike(f"%{q}%"), User.name.ilike(f"%{q}%")))
    return render_template("auth/users.html", pagination=paging.paginate(query, PER_PAGE), q=q)


def show(user_id: int):
    user = _user(user_id)
    return render_template(
        "auth/user.html",
        user=user,
        history=events.history(user),
        event_label=events.label,
        open_sessions=sessions.open_sessions(user),
    )


def _done(user: User, message: str):
    db.session.commit()
    flash(message, "info")
    return redirect(url_for("users.show", user_id=user.id))


def reset_second_factor(user_id: int):
    user = _user(user_id)
    second_factor.reset(user, actor=current_user)
    return _done(
        user, _("The second factor of %(name)s is reset: a new one is set up at the next login.", name=user.name)
    )


def end_sessions(user_id: int):
    user = _user(user_id)
    ended = services.end_sessions(user, actor=current_user)
    return _done(user, _("%(count)s sessions of %(name)s ended.", count=ended, name=user.name))


def deactivate(user_id: int):
    user = _user(user_id)
    if user.id == current_user.id:
        flash(_("You cannot deactivate your own account; ask another administrator."), "error")
        return redirect(url_for("users.show", user_id=user.id))
    if not user.active:
        return redirect(url_for("users.show", user_id=user.id))
    services.deactivate(user, actor=current_user)
    return _done(user, _("%(name)s no longer has access.", name=user.name))


def reactivate(user_id: int):
    user = _user(user_id)
    if not user.active:
        services.reactivate(user, actor=current_user)
    return _done(user, _("%(name)s has access again.", name=user.name))
