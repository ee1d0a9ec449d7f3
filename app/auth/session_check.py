"""The check before every request of a logged-in user: an expired login session ends (and says so), a live
one is kept alive, and a coordinator or administrator without a second factor reaches nothing."""

from flask import flash, g, redirect, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, logout_user

from app.auth import sessions
from app.extensions import db


def check_login_session():
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
