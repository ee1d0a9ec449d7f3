"""The case view of the API, holding only what the viewer may see."""

from datetime import datetime

from app import clock
from app.cases import access
from app.cases.models import Case
from app.cases.services import hearing, queries, queue
from app.compliance.services import decisions
from app.intake.services.filing import Filed

# Paths in answers (Location, url) are absolute paths on this host, as the Location of a filed case.
API_ROOT = "/api/v1"


def moment(value: datetime | None) -> str | None:
    """UTC ISO 8601 with 'Z', as every time in a response."""
    if value is None:
        return None
    return clock.as_utc(value).isoformat(timespec="seconds").replace("+00:00", "Z")


def case_view(case: Case, viewer: access.Viewer, filed: Filed | None = None) -> dict:
    """`filed`: the filing's Filed for a case filed in this transaction; its rows are shown as
    written, without reading them back."""
    scopes = access.visible_scopes(viewer, case)
    participant = case.participant
    return {
        "reference": case.reference,
        "type": case.type,
        "category": case.category,
        "status": case.status,
        "severity": case.severity,
        "title": case.title,
        "createdAt": moment(case.created_at),
        "participant": {"id": participant.id, "name": participant.name} if participant else None,
        "parties": [
            {"role": party.role, "organisation": access.party_name(viewer, case, party)} for party in case.parties
        ],
        "assignee": case.assignee.name if case.assignee is not None else None,
        "deadlines": [
            {"kind": deadline.kind, "dueAt": moment(deadline.due_at), "state": deadline.state}
            for deadline in hearing.visible_deadlines(viewer, case, filed and filed.deadlines)
        ],
        "timeline": [
            {"id": event.id, "at": moment(event.at), "kind": event.kind, "text": event.text}
            for event in queries.visible_events(case, scopes, filed and filed.events)
        ],
        "attachments": [
            attachment_view(case, viewer, item)
            for item in (filed.attachments if filed is not None else queue.attachments_of(case))
            if scopes is None or item.visibility in scopes
        ],
        # A case filed in this transaction has no decision yet: no need to look.
        "decision": decision_view(case, viewer) if filed is None else None,
    }


def attachment_view(case: Case, viewer: access.Viewer, item) -> dict:
    """A file's facts; its content is at url (GET, as a download)."""
    return {
        "id": item.id,
        "filename": item.filename,
        "contentType": item.content_type,
        "size": item.size,
        "sha256": item.sha256,
        "visibility": access.shown_visibility(viewer, case, item.visibility),
        "createdAt": moment(item.created_at),
        "url": attachment_path(case.reference, item.id),
    }


def attachment_path(reference: str, attachment_id: int) -> str:
    return f"{API_ROOT}/cases/{reference}/attachments/{attachment_id}"


def case_path(reference: str) -> str:
    return f"{API_ROOT}/cases/{reference}"


def decision_view(case: Case, viewer: access.Viewer) -> dict | None:
    decision = decisions.decision_of(case)
    if decision is None:
        return None
    return {
        "outcome": decision.outcome,
        "reasoning": decision.reasoning,
        "decidedAt": moment(decision.decided_at),
        "measures": [
            {
                "id": m.id,
                "kind": m.kind,
                "participantId": m.participant_id,
                "keurmerkId": m.keurmerk_id,
                "status": m.status,
                "dueAt": moment(m.due_at),
                "publish": m.publish,
            }
            for m in decision.measures
            if access.can_see_decided_measure(viewer, m)
        ],
    }
