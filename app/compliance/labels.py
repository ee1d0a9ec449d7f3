"""Human words for compliance's codes: measure kinds and statuses, decision outcomes, keurmerk statuses."""

from flask_babel import lazy_gettext as _l

from app.template_words import label_filter

MEASURE_KIND = {
    "request_explanation": _l("Request for explanation"),
    "warning": _l("Warning"),
    "improvement_plan": _l("Improvement plan"),
    "notice_of_default": _l("Notice of default"),
    "suspension": _l("Suspension"),
    "emergency_suspension": _l("Emergency suspension"),
    "revocation": _l("Revocation"),
    "reinstatement": _l("Reinstatement"),
}
MEASURE_STATUS = {
    "proposed": _l("Proposed, awaiting a second coordinator"),
    "in_force": _l("In force"),
    "met": _l("Met"),
    "ended": _l("Ended"),
    "rejected": _l("Rejected"),
}
OUTCOME = {
    "upheld": _l("Upheld (gegrond)"),
    "partly_upheld": _l("Partly upheld (deels gegrond)"),
    "not_upheld": _l("Not upheld (ongegrond)"),
    "settled": _l("Settled"),
    "advice": _l("Advice"),
    "referred": _l("Referred"),
    "resolved": _l("Resolved"),
    "withdrawn": _l("Withdrawn"),
}
KEURMERK_STATUS = {
    "valid": _l("Valid"),
    "conditional": _l("Valid under conditions"),
    "suspended": _l("Suspended"),
    "revoked": _l("Revoked"),
}


def register(app) -> None:
    """Template filters: {{ measure.kind | measure_label }} and friends."""
    filters = {
        "measure_label": MEASURE_KIND,
        "measure_status_label": MEASURE_STATUS,
        "outcome_label": OUTCOME,
        "keurmerk_status_label": KEURMERK_STATUS,
    }
    for name, mapping in filters.items():
        app.add_template_filter(label_filter(mapping), name)
