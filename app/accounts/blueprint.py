"""The accounts blueprint: every URL of the organisation account pages, in one list (endpoint `accounts.<name>`)."""

from flask import Blueprint
from flask_login import login_required

from app.accounts.controllers import invitation, members, organisations, webhooks
from app.extensions import limiter
from app.web.rate_limits import login_limit

bp = Blueprint("accounts", __name__)

GET, POST, FORM = ["GET"], ["POST"], ["GET", "POST"]

# (URL rule, view, methods, wrappers from the innermost out); the endpoint is the view's name.
RULES = (
    # The members page: one's own organisation, or any for the foundation's staff.
    ("/organisatie", members.own, GET, [login_required]),
    ("/beheer/organisaties", organisations.organisations, GET, [login_required]),
    ("/beheer/organisaties/<int:organisation_id>", members.organisation, GET, [login_required]),
    ("/organisaties/<int:organisation_id>/uitnodigen", members.invite, POST, [login_required]),
    ("/organisaties/<int:organisation_id>/leden/<int:user_id>/verwijderen", members.remove, POST, [login_required]),
    (
        "/organisaties/<int:organisation_id>/uitnodigingen/<int:invitation_id>/intrekken",
        members.withdraw,
        POST,
        [login_required],
    ),
    # Webhook endpoints: an organisation administrator's, or (coordinators) the foundation's own systems'.
    ("/organisatie/webhooks", webhooks.webhooks, GET, [login_required]),
    ("/organisatie/webhooks/toevoegen", webhooks.add_webhook, POST, [login_required]),
    ("/organisatie/webhooks/<int:endpoint_id>", webhooks.webhook, GET, [login_required]),
    ("/organisatie/webhooks/<int:endpoint_id>/verwijderen", webhooks.remove_webhook, POST, [login_required]),
    ("/organisatie/webhooks/<int:endpoint_id>/hervatten", webhooks.resume_webhook, POST, [login_required]),
    # Accepting an invitation sets a password: posting it spends the login budget.
    ("/uitnodiging/<token>", invitation.accept, FORM, [limiter.limit(login_limit, methods=POST)]),
)
for rule, view, methods, wrappers in RULES:
    endpoint = view.__name__
    for wrap in wrappers:
        view = wrap(view)
    bp.add_url_rule(rule, endpoint, view, methods=methods)
