"""The RFC desk's blueprint: every URL of submission, the public register, the handlers' desk, the CAB and
releases, in one list (endpoint `rfc.<name>`)."""

from flask import Blueprint
from flask_login import login_required

from app.extensions import limiter
from app.rfc.controllers import cab, desk, mine, public, releases, submit
from app.web.rate_limits import intake_limit

bp = Blueprint("rfc", __name__)

GET, POST, FORM = ["GET"], ["POST"], ["GET", "POST"]
# A form's GET only shows it: only posting spends the budget.
FILING = limiter.limit(intake_limit, methods=POST)

# (URL rule, endpoint, view, methods, wrappers from the innermost out)
RULES = (
    ("/melden/rfc", "submit", submit.submit, FORM, [FILING, login_required]),
    ("/rfc-register", "register", public.register_list, GET, []),
    ("/rfc-register/feed.atom", "feed", public.atom_feed, GET, []),
    ("/rfc-register/<reference>", "register_entry", public.register_entry, GET, []),
    ("/mijn/rfc/<reference>", "my_rfc", mine.my_rfc, GET, [login_required]),
    ("/mijn/rfc/<reference>/bestanden/<int:attachment_id>", "my_rfc_file", mine.my_rfc_file, GET, [login_required]),
    ("/behandelen-rfc", "queue", desk.queue, GET, [login_required]),
    ("/behandelen-rfc/cab", "cab", cab.agenda, GET, [login_required]),
    ("/behandelen-rfc/uitgaven", "releases", releases.release_list, FORM, [login_required]),
    ("/behandelen-rfc/uitgaven/<int:release_id>", "release", releases.release, GET, [login_required]),
    ("/behandelen-rfc/<reference>", "detail", desk.detail, GET, [login_required]),
    ("/behandelen-rfc/<reference>/bestanden/<int:attachment_id>", "file", desk.file, GET, [login_required]),
    ("/behandelen-rfc/<reference>/status", "change_status", desk.change_status, POST, [login_required]),
    ("/behandelen-rfc/<reference>/classificatie", "classify", desk.classify, POST, [login_required]),
    ("/behandelen-rfc/<reference>/analyse", "analysis", desk.analysis, POST, [login_required]),
    ("/behandelen-rfc/<reference>/cab-advies", "cab_advice", desk.cab_advice, POST, [login_required]),
    ("/behandelen-rfc/<reference>/planning", "plan", desk.plan, POST, [login_required]),
    ("/behandelen-rfc/<reference>/redactie", "redaction", desk.redaction, POST, [login_required]),
)

for rule, endpoint, view, methods, wrappers in RULES:
    for wrap in wrappers:
        view = wrap(view)
    bp.add_url_rule(rule, endpoint, view, methods=methods)
