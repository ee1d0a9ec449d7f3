"""The notify blueprint: every URL of the administrators' outbox pages, in one list (endpoint `notify.<name>`)."""

from flask import Blueprint

from app.notify import gate
from app.notify.controllers import outbox

bp = Blueprint("notify", __name__)
bp.before_request(gate.admins_only)  # logged in, and an administrator; others get a 404

GET, POST = ("GET",), ("POST",)
RULES = (
    # (URL, endpoint, view, methods)
    ("/beheer/outbox", "outbox", outbox.outbox, GET),
    ("/beheer/outbox/<int:message_id>", "message", outbox.message, GET),
    ("/beheer/outbox/<int:message_id>/opnieuw", "retry", outbox.retry, POST),
    ("/beheer/outbox/opnieuw", "retry_all", outbox.retry_all, POST),
)

for url, endpoint, view, methods in RULES:
    bp.add_url_rule(url, endpoint, view, methods=list(methods))
