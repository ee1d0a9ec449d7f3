"""The API v1 blueprint: its hooks and every URL rule of the package, in one list."""

from flask import Blueprint

from app.api import cors, deprecation, idempotency, problems
from app.api.auth import Unauthenticated
from app.api.controllers import (
    breach,
    cases,
    decisions,
    docs,
    events,
    filing,
    follow_up,
    handling,
    incidents,
    party,
    register,
    rfcs,
    webhooks,
)
from app.api.json_input import InvalidInput
from app.api.rate_limits import token_budget
from app.errors_domain import DomainError
from app.extensions import csrf

bp = Blueprint("api", __name__, url_prefix="/api/v1")
# Callers authenticate with a bearer token, never a cookie, so there is no session to forge.
csrf.exempt(bp)
token_budget(bp)


@bp.after_request
def _version(response):
    response.headers["API-Version"] = problems.API_VERSION
    return response


# After-request hooks run last-registered first: the deprecation headers are set before the
# idempotency hook keeps the answer, so a replay carries them too.
bp.before_request(idempotency.before_post)
bp.after_request(idempotency.after_post)
bp.after_request(deprecation.add_headers)
bp.after_request(cors.allow_public_reads)


bp.register_error_handler(InvalidInput, problems.invalid_input)
bp.register_error_handler(Unauthenticated, problems.unauthenticated)
bp.register_error_handler(DomainError, problems.refused)

GET, POST, DELETE = ["GET"], ["POST"], ["DELETE"]
# path, view, methods; the endpoint is the view's name ("api.case"), as url_for and the tests name it.
RULES = (
    # Filing: no token needed for incidents and complaints; a dispute is filed by a supplier's user.
    ("/incidents", incidents.file_incident, POST),
    ("/complaints", filing.file_complaint, POST),
    ("/disputes", filing.file_dispute, POST),
    # The reporter's follow-up by reference and code.
    ("/follow-up", follow_up.follow_up, POST),
    ("/follow-up/messages", follow_up.follow_up_message, POST),
    ("/follow-up/ap-notification", breach.follow_up_ap_notification, POST),
    ("/follow-up/breach-answers", breach.follow_up_breach_answers, POST),
    # Cases as the token's user may see them.
    ("/cases", cases.cases, GET),
    ("/cases/<reference>", cases.case, GET),
    ("/cases/<reference>/ap-notification", breach.case_ap_notification, POST),
    ("/cases/<reference>/breach-answers", breach.case_breach_answers, POST),
    ("/cases/<reference>/messages", party.case_message, POST),
    ("/cases/<reference>/attachments", party.case_attachment, POST),
    ("/cases/<reference>/attachments/<int:id>", cases.case_attachment_file, GET),
    # Handling and deciding, for staff; four eyes on measures.
    ("/cases/<reference>/assign", handling.assign_case, POST),
    ("/cases/<reference>/transition", handling.transition_case, POST),
    ("/cases/<reference>/decision", decisions.decide_case, POST),
    ("/measures/<int:id>/approve", decisions.approve_measure, POST),
    ("/measures/<int:id>/reject", decisions.reject_measure, POST),
    # Events: pulled from the feed, or pushed to the webhook endpoints an organisation's administrator keeps.
    ("/events", events.events, GET),
    ("/webhooks", webhooks.list_webhooks, GET),
    ("/webhooks", webhooks.create_webhook, POST),
    ("/webhooks/<int:id>", webhooks.get_webhook, GET),
    ("/webhooks/<int:id>", webhooks.delete_webhook, DELETE),
    ("/webhooks/<int:id>/resume", webhooks.resume_webhook, POST),
    # The public Keurmerkregister.
    ("/register", register.register_list, GET),
    ("/register/<int:participantId>", register.register_participant, GET),
    # The RFC desk: submission (a participant's or implementation partner's user), the public register
    # (no token), a handler's status change.
    ("/rfcs", rfcs.submit_rfc, POST),
    ("/rfcs", rfcs.rfc_list, GET),
    ("/rfcs/<reference>", rfcs.rfc_entry, GET),
    ("/rfcs/<reference>/transition", rfcs.transition_rfc, POST),
    ("/openapi.json", docs.openapi_document, GET),
    ("/changelog", docs.changelog, GET),
)
for path, view, methods in RULES:
    bp.add_url_rule(path, view_func=view, methods=methods)
