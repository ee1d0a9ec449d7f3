"""The sla blueprint: every URL of the coordinators' SLA pages, in one list (endpoint `sla.<name>`)."""

from flask import Blueprint

from app.sla import gate, labels
from app.sla.controllers import calendar, dashboard, policies

bp = Blueprint("sla", __name__, url_prefix="/beheer/sla")
bp.before_request(gate.coordinators_only)  # logged in, and a coordinator; others get a 404
bp.context_processor(labels.helpers)  # describe, no_variant, other_subjects in the SLA templates

GET, POST, BOTH = ("GET",), ("POST",), ("GET", "POST")
RULES = (
    # (URL under /beheer/sla, endpoint, view, methods)
    ("", "dashboard", dashboard.dashboard_page, GET),
    ("/beleid", "policies", policies.policies, GET),
    ("/beleid/<case_type>/<variant>/<kind>", "edit_policy", policies.edit_policy, BOTH),
    ("/kalender", "calendar_page", calendar.calendar_page, GET),
    ("/kalender/uren", "update_hours", calendar.update_hours, POST),
    ("/kalender/sluitingsdagen", "add_closure_day", calendar.add_closure_day, POST),
    ("/kalender/sluitingsdagen/<int:closure_id>/verwijderen", "remove_closure_day", calendar.remove_closure_day, POST),
)

for url, endpoint, view, methods in RULES:
    bp.add_url_rule(url, endpoint, view, methods=list(methods))
