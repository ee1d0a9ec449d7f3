"""Words for the RFC desk's codes (Dutch in app/translations), and the template filters that show them."""

from flask_babel import lazy_gettext as _l

from app.cases.labels import label as label  # shared with the desk; used by the RFC modules
from app.template_words import label_filter

STATUS = {
    "requested": _l("Requested"),
    "qualified": _l("Qualified"),
    "to_prioritise": _l("To prioritise (CAB)"),
    "to_handle": _l("To handle"),
    "in_progress": _l("In progress (workgroup)"),
    "change_proposal": _l("Change proposal"),
    "to_review": _l("To review (CAB)"),
    "to_change": _l("To change"),
    "changed": _l("Changed"),
    "to_correct": _l("To correct"),
    "corrected": _l("Corrected"),
    "pre_release": _l("Pre-release"),
    "released": _l("Released"),
    "rejected": _l("Rejected"),
    "on_hold": _l("On hold"),
}
TYPE = {"major": _l("Major change"), "minor": _l("Minor change"), "trivial": _l("Trivial change")}
PRIORITY = {
    "blocker": _l("Blocker"),
    "critical": _l("Critical"),
    "major": _l("Major"),
    "minor": _l("Minor"),
    "trivial": _l("Trivial"),
}
VARIANT = {
    "beheersing": _l("Management (beheersing)"),
    "privacy": _l("Privacy"),
    "gegevensdienst": _l("Data service (gegevensdienst)"),
    "stelsel": _l("Framework (stelsel)"),
}
SIDE = {"source": _l("Source side (bron)"), "consumer": _l("Consumer side (afnemer)")}
RELEASE_KIND = {"hotfix": _l("Hot fix"), "feature": _l("Feature release"), "patch": _l("Patch release")}
EVENT_KIND = {
    "submitted": _l("RFC submitted and registered"),
    "acknowledged": _l("Acknowledgement sent"),
    "status": _l("Status changed"),
    "analysis": _l("Handling details recorded"),
    "cab_advice": _l("CAB advice recorded"),
    "planned": _l("Planned into a release"),
    "incident_linked": _l("Incident management started"),
    "redaction": _l("Names marked for the public register"),
    "deadline_breached": _l("Lead time passed"),
    "deadlines_recomputed": _l("Lead times recalculated after a policy or calendar change"),
}


def options(mapping: dict) -> list[tuple[str, str]]:
    """A select's choices: every code with its word."""
    return list(mapping.items())


def register(app) -> None:
    """Template filters: {{ rfc.status | rfc_status_label }} and friends."""
    filters = {
        "rfc_status_label": STATUS,
        "rfc_type_label": TYPE,
        "rfc_priority_label": PRIORITY,
        "rfc_variant_label": VARIANT,
        "rfc_side_label": SIDE,
        "rfc_event_label": EVENT_KIND,
        "release_kind_label": RELEASE_KIND,
    }
    for name, mapping in filters.items():
        app.add_template_filter(label_filter(mapping), name)
