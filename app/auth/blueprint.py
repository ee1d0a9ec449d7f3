"""The auth package's blueprints and every URL rule of the package, in one list each: `auth` (login, logout,
the profile) and `users` (account administration), with the login-session check before every request."""

from flask import Blueprint
from flask_login import login_required

from app.auth import session_check
from app.auth.controllers import login, profile, users
from app.extensions import limiter
from app.web.rate_limits import login_limit

bp = Blueprint("auth", __name__)
users_bp = Blueprint("users", __name__)

GET, POST, FORM = ["GET"], ["POST"], ["GET", "POST"]
# A login form's GET only shows it: only posting (guessing) spends the budget.
GUESSING = limiter.limit(login_limit, methods=POST)

# Every request of a logged-in user, on every blueprint: an expired session ends, a live one is kept alive.
bp.before_app_request(session_check.check_login_session)

# (URL rule, view, methods, wrappers from the innermost out); the endpoint is the view's name ("auth.login").
RULES = (
    # Logging in and out.
    ("/inloggen", login.login, FORM, [GUESSING]),
    ("/inloggen/code", login.second_step, FORM, [GUESSING]),
    ("/inloggen/tweede-factor", login.enrol_at_login, FORM, [GUESSING]),
    ("/uitloggen", login.logout, POST, [login_required]),
    # The profile: tokens, password, second factor.
    ("/profiel", profile.profile, FORM, [login_required]),
    ("/profiel/wachtwoord", profile.change_password, POST, [login_required]),
    ("/profiel/tweede-factor", profile.enrol, FORM, [login_required]),
    ("/profiel/herstelcodes", profile.renew_recovery_codes, FORM, [login_required]),
    ("/profiel/tweede-factor/uitzetten", profile.disable_second_factor, FORM, [login_required]),
    ("/profiel/tokens/<int:token_id>/intrekken", profile.revoke_token, POST, [login_required]),
)
for rule, view, methods, wrappers in RULES:
    endpoint = view.__name__
    for wrap in wrappers:
        view = wrap(view)
    bp.add_url_rule(rule, endpoint, view, methods=methods)

# Account administration: administrators only (anyone else gets a 404), checked before every page.
users_bp.before_request(login_required(users.admins_only))
USER_RULES = (
    ("/beheer/gebruikers", users.index, GET),
    ("/beheer/gebruikers/<int:user_id>", users.show, GET),
    ("/beheer/gebruikers/<int:user_id>/tweede-factor-resetten", users.reset_second_factor, POST),
    ("/beheer/gebruikers/<int:user_id>/sessies-beeindigen", users.end_sessions, POST),
    ("/beheer/gebruikers/<int:user_id>/deactiveren", users.deactivate, POST),
    ("/beheer/gebruikers/<int:user_id>/heractiveren", users.reactivate, POST),
)
for rule, view, methods in USER_RULES:
    users_bp.add_url_rule(rule, view.__name__, view, methods=methods)
