"""flask-login wiring: load the session's user."""
from flask_babel import lazy_gettext as _l
from flask_login import LoginManager

from app.extensions import db


def register_loaders(manager: LoginManager) -> None:
    from app.auth.models import User

    manager.login_view = "auth.login"
    manager.login_message = _l("Log in to see this page.")
    manager.login_message_category = "info"
    manager.session_protection = "strong"

    @manager.user_loader
    def _load(user_id: str):
        if not user_id.isdigit():
            return None
        return db.session.get(User, int(user_id))
