"""The compliance blueprint and every URL rule of the package, in one list, with the helpers its templates call."""

from flask import Blueprint

from app.compliance.controllers import decision, measures, my_measures

bp = Blueprint("compliance", __name__)

RULES = (
    # The foundation's measures.
    ("GET", "/zaken/maatregelen", "measures", measures.measure_list),
    ("GET", "/zaken/maatregelen/<int:measure_id>", "measure", measures.measure_page),
    ("POST", "/zaken/maatregelen/<int:measure_id>/goedkeuren", "approve", measures.approve),
    ("POST", "/zaken/maatregelen/<int:measure_id>/afwijzen", "reject", measures.reject),
    ("POST", "/zaken/maatregelen/<int:measure_id>/nagekomen", "record_met", measures.record_met),
    ("POST", "/zaken/maatregelen/<int:measure_id>/gehoord", "record_heard", measures.record_heard),
    ("POST", "/zaken/maatregelen/<int:measure_id>/beeindigen", "lift", measures.lift),
    ("POST", "/zaken/maatregelen/<int:measure_id>/volgende-stap", "next_step", measures.next_step),
    # The decision on the staff case page.
    ("POST", "/behandelen/<reference>/besluit", "decide", decision.decide),
    # The participant's measures.
    ("GET", "/mijn/maatregelen", "my_measures", my_measures.my_measures),
    ("GET", "/mijn/maatregelen/<int:measure_id>", "my_measure", my_measures.my_measure_page),
    ("POST", "/mijn/maatregelen/<int:measure_id>/bewijs", "send_evidence", my_measures.send_evidence),
    ("POST", "/mijn/maatregelen/<int:measure_id>/bezwaar", "object", my_measures.file_objection),
)
for method, rule, endpoint, view in RULES:
    bp.add_url_rule(rule, endpoint, view, methods=[method])
