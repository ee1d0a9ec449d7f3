"""The portal blueprint: every URL of the participants' pages, in one list (endpoint `portal.<name>`)."""

from flask import Blueprint

from app.extensions import limiter
from app.portal import gate
from app.portal.controllers import claim, my_cases, party_case
from app.web.rate_limits import follow_up_limit

bp = Blueprint("portal", __name__)
bp.before_request(gate.organisation_users_only)  # logged in, of an organisation; staff go to their pages
bp.app_context_processor(gate.menu_policies)  # the header menu on every page asks `can_file_dispute`

GET, POST, FORM = ["GET"], ["POST"], ["GET", "POST"]
# Only posting a reference and code spends the budget (guessing codes); showing the form does not.
GUESSING = limiter.limit(follow_up_limit, methods=POST)

# (URL rule, endpoint, view, methods, wrappers from the innermost out)
RULES = (
    ("/mijn/zaken", "cases", my_cases.case_list, GET, []),
    ("/mijn/zaken/<reference>/afdrukken", "print_case", party_case.print_case, GET, []),
    ("/mijn/zaken/<reference>", "case", party_case.case_page, GET, []),
    ("/mijn/zaken/<reference>/reageren", "reply", party_case.reply, POST, []),
    ("/mijn/zaken/<reference>/ap-melding", "ap_notification", party_case.ap_notification, POST, []),
    ("/mijn/zaken/<reference>/datalek", "update_breach", party_case.update_breach, POST, []),
    ("/mijn/zaken/<reference>/bijlagen/<int:attachment_id>", "attachment", party_case.attachment, GET, []),
    ("/mijn/zaken/claimen", "claim", claim.claim, FORM, [GUESSING]),
)

for rule, endpoint, view, methods, wrappers in RULES:
    for wrap in wrappers:
        view = wrap(view)
    bp.add_url_rule(rule, endpoint, view, methods=methods)
