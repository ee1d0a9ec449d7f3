"""Human words for the codes the desk stores: statuses, categories, event kinds, clocks."""

from flask_babel import lazy_gettext as _l

from app.cases.visibility import is_party
from app.template_words import label_filter, word_filter

STATUS = {
    "received": _l("Received"),
    "triage": _l("Triage"),
    "in_progress": _l("In progress"),
    "waiting": _l("Waiting for a response"),
    "decided": _l("Decided"),
    "closed": _l("Closed"),
    "rejected": _l("Not admissible"),
    "withdrawn": _l("Withdrawn"),
}
CASE_TYPE = {
    "incident": _l("Incident"),
    "complaint": _l("Complaint"),
    "dispute": _l("Dispute"),
    "objection": _l("Objection"),
}
PARTY_ROLE = {
    "reporter": _l("Reporter"),
    "subject": _l("Participant involved"),
    "claimant": _l("Claimant"),
    "respondent": _l("Respondent"),
}
CATEGORY = {
    "data_breach": _l("Data leak"),
    "security": _l("Security incident"),
    "outage": _l("Outage"),
    "non_compliance": _l("Deviation from the agreements"),
}
SEVERITY = {"incident": _l("Regular incident"), "calamity": _l("Calamity"), "crisis": _l("Crisis")}
DEADLINE_KIND = {
    "acknowledge": _l("Acknowledgement"),
    "first_response": _l("First response"),
    "ap_notification": _l("Report to the AP (72 hours)"),
    "admissibility": _l("Admissibility decision"),
    "substantiation": _l("Substantiation by the claimant"),
    "response": _l("Response"),
    "resolution": _l("Resolution"),
    "update": _l("Update to reporters"),
    "measure": _l("Measure deadline"),
    "reaction": _l("Reaction by the change manager"),
    "qualification": _l("Qualification"),
    "handling": _l("Handling"),
    "processing": _l("Processing the change"),
}
DEADLINE_STATE = {
    "running": _l("running"),
    "paused": _l("paused"),
    "met": _l("met"),
    "breached": _l("overdue"),
}
EVENT_KIND = {
    "received": _l("Report received"),
    "acknowledged": _l("Acknowledgement sent"),
    "message": _l("Message"),
    "attachment": _l("File added"),
    "note": _l("Internal note"),
    "status": _l("Status changed"),
    "assigned": _l("Case handler assigned"),
    "term_extended": _l("Decision term extended"),
    "linked": _l("Linked to a major incident"),
    "report_linked": _l("Report linked to this major incident"),
    "deadline_breached": _l("Deadline passed"),
    "deadlines_recomputed": _l("Deadlines recalculated after a policy or calendar change"),
    "party_informed": _l("Participant informed"),
    "party_not_informed": _l("Participant not informed: no address known"),
    "response_requested": _l("Response requested"),
    "claimed": _l("Report added to an organisation account"),
    "decision": _l("Decision"),
    "measure_taken": _l("Measure taken"),
    "measure_proposed": _l("Measure proposed (awaiting a second coordinator)"),
    "measure_approved": _l("Measure approved"),
    "measure_rejected": _l("Proposed measure rejected"),
    "measure_met": _l("Measure met"),
    "measure_ended": _l("Measure ended"),
    "measure_breached": _l("Measure deadline passed"),
    "participant_heard": _l("Participant heard"),
    "measure_evidence": _l("Evidence for a measure"),
    "objection_filed": _l("Objection filed"),
    "ap_notified": _l("Reporter reported the leak to the AP"),
    "breach_updated": _l("Answers about the data leak updated"),
    "legal_hold": _l("Put on legal hold: not erased at its term"),
    "legal_hold_lifted": _l("Legal hold lifted"),
    "erased": _l("Personal data erased"),
}
VISIBILITY = {
    "internal": _l("Foundation only"),
    "parties": _l("All parties"),
    "reporter": _l("Reporter and foundation"),
}


def label(mapping: dict, code: str | None) -> str:
    """The word for a code; an unknown code is shown as it is rather than hidden."""
    if code is None:
        return ""
    return str(mapping.get(code, code))


def visibility_label(code: str) -> str:
    if is_party(code):
        return str(_l("One party and the foundation"))
    return label(VISIBILITY, code)


def register(app) -> None:
    """Template filters: {{ case.status | status_label }} and friends."""
    filters = {
        "status_label": STATUS,
        "case_type_label": CASE_TYPE,
        "category_label": CATEGORY,
        "severity_label": SEVERITY,
        "deadline_label": DEADLINE_KIND,
        "deadline_state_label": DEADLINE_STATE,
        "event_label": EVENT_KIND,
    }
    for name, mapping in filters.items():
        app.add_template_filter(label_filter(mapping), name)
    app.add_template_filter(word_filter(visibility_label), "visibility_label")
