"""flask-login wiring: the cookie holds a login session's token; the user is loaded through its live row.

flask-login's alternative-id pattern: `User.get_id()` returns the session token, never the user id, so
ending the row (logout, password change, expiry, deactivation) ends every copy of the cookie. The
remember-me cookie is never set (login_user is never called with remember=True); should one be sent
anyway, it too holds only a session token and goes through the same check.
"""

from flask import g
from flask_babel import lazy_gettext as _l
from flask_login import LoginManager

from app.auth import sessions


def register_loaders(manager: LoginManager) -> None:
    manager.login_view = "auth.login"
    manager.login_message = _l("Log in to see this page.")
    manager.login_message_category = "info"
    manager.session_protection = "strong"

    @manager.user_loader
    def _load(token: str):
        row = sessions.lookup(token)
        if row is None:
            return None
        if not sessions.is_live(row):
            g.ended_login_session = row  # the request hook ends the row and says so
            return None
        user = row.user
        user.session_token = token
        g.login_session = row
        return user
