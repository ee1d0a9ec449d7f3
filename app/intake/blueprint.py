"""The intake blueprint: every URL of the report forms and the reporter's follow-up, in one list."""

from flask import Blueprint
from flask_login import login_required

from app.extensions import limiter
from app.intake.controllers import follow_up, reports
from app.intake.services import breach_updates
from app.web.rate_limits import follow_up_limit, intake_limit

bp = Blueprint("intake", __name__)

GET, POST, FORM = ["GET"], ["POST"], ["GET", "POST"]
# A form's GET only shows it: only posting spends the budget.
FILING = limiter.limit(intake_limit, methods=POST)
GUESSING = limiter.limit(follow_up_limit, methods=POST)

# (URL rule, view, methods, wrappers from the innermost out); the endpoint is the view's name.
RULES = (
    ("/melden/incident", reports.incident, FORM, [FILING]),
    ("/melden/klacht", reports.complaint, FORM, [FILING]),
    # Logged in first: a visitor sent to the login page spends nothing of the budget.
    ("/melden/geschil", reports.dispute, FORM, [FILING, login_required]),
    ("/melden/ontvangen", reports.receipt, GET, []),
    ("/volgen", follow_up.follow_up, FORM, [GUESSING]),
    ("/volgen/link", follow_up.request_link, POST, [limiter.limit(follow_up_limit)]),
    ("/volgen/link/<token>", follow_up.open_link, FORM, [GUESSING]),
    ("/volgen/<reference>", follow_up.case, GET, []),
    ("/volgen/<reference>/afdrukken", follow_up.print_case, GET, []),
    ("/volgen/<reference>/aanvullen", follow_up.add_information, POST, [limiter.limit(follow_up_limit)]),
    ("/volgen/<reference>/ap-melding", follow_up.ap_notification, POST, [limiter.limit(follow_up_limit)]),
    ("/volgen/<reference>/datalek", follow_up.update_breach, POST, [limiter.limit(follow_up_limit)]),
    ("/volgen/<reference>/sluiten", follow_up.close, POST, []),
    ("/volgen/<reference>/bijlagen/<int:attachment_id>", follow_up.attachment, GET, []),
)

for rule, view, methods, wrappers in RULES:
    endpoint = view.__name__
    for wrap in wrappers:
        view = wrap(view)
    bp.add_url_rule(rule, endpoint, view, methods=methods)

# The breach answers kept on a timeline event, read back for the follow-up and staff pages.
bp.add_app_template_filter(breach_updates.shown, "breach_answers")
