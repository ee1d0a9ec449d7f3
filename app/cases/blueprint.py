"""The cases blueprint: every URL of the foundation's case desk, in one list (endpoint `cases.<name>`)."""

from flask import Blueprint

from app.cases.controllers import actions, attachments, case_page, hearing, queue, settings

bp = Blueprint("cases", __name__)

GET, POST, BOTH = ("GET",), ("POST",), ("GET", "POST")
RULES = (
    # (URL, endpoint, view, methods)
    ("/behandelen", "queue", queue.queue_page, GET),
    ("/behandelen/<reference>", "detail", case_page.detail, GET),
    ("/behandelen/<reference>/bijlagen/<int:attachment_id>", "attachment", attachments.attachment, GET),
    # the handlers' actions on the case page
    ("/behandelen/<reference>/status", "change_status", actions.change_status, POST),
    ("/behandelen/<reference>/ontvankelijkheid", "triage", actions.triage, POST),
    ("/behandelen/<reference>/toewijzen", "assign", actions.assign, POST),
    ("/behandelen/<reference>/notitie", "add_note", actions.add_note, POST),
    ("/behandelen/<reference>/bericht", "send_message", actions.send_message, POST),
    ("/behandelen/<reference>/verdagen", "extend", actions.extend, POST),
    ("/behandelen/<reference>/koppelen", "link", actions.link, POST),
    ("/behandelen/<reference>/bericht-aan-gekoppelde", "message_linked", actions.message_linked, POST),
    ("/behandelen/<reference>/gekoppelde-sluiten", "close_linked", actions.close_linked, BOTH),
    ("/behandelen/<reference>/reactie-vragen", "request_response", hearing.request_response, BOTH),
    # the handlers' own settings
    ("/behandelen/standaardteksten", "canned_replies", settings.canned_replies, BOTH),
    ("/behandelen/standaardteksten/<int:reply_id>", "canned_reply", settings.canned_reply, BOTH),
    (
        "/behandelen/standaardteksten/<int:reply_id>/verwijderen",
        "delete_canned_reply",
        settings.delete_canned_reply,
        POST,
    ),
    ("/behandelen/beschikbaarheid", "availability", settings.availability, GET),
    ("/behandelen/beschikbaarheid", "set_duty", settings.set_duty, POST),
    ("/behandelen/beschikbaarheid/belangen", "declare_conflict", settings.declare_conflict, POST),
    (
        "/behandelen/beschikbaarheid/belangen/<int:conflict_id>/intrekken",
        "withdraw_conflict",
        settings.withdraw_conflict,
        POST,
    ),
)

for url, endpoint, view, methods in RULES:
    bp.add_url_rule(url, endpoint, view, methods=list(methods))
