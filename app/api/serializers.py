"""The case view of the API, holding only what the viewer may see."""

from datetime import datetime

from app import clock
from app.cases import access
from app.cases.models import Attachment, Case, TimelineEvent
from app.cases.services import hearing, queries
from app.compliance.models import Decision
from app.compliance.services import decisions
from app.intake.services.filing import Filed

# Paths in answers (Location, url) are absolute paths on this host, as the Location of a filed case.
API_ROOT = "/api/v1"


def moment(value: datetime | None) -> str | None:
    """UTC ISO 8601 with 'Z', as every time in a response."""
    if value is None:
        return None
    return clock.as_utc(value).isoformat(timespec="seconds").replace("+00:00", "Z")


# What a case view shows of its timeline events and files: only these columns are read and decrypted.
EVENT_COLUMNS = (TimelineEvent.id, TimelineEvent.at, TimelineEvent.kind, TimelineEvent.text)
ATTACHMENT_COLUMNS = (
    Attachment.id,
    Attachment.filename,
    Attachment.content_type,
    Attachment.size,
    Attachment.sha256,
    Attachment.visibility,
    Attachment.created_at,
)


def case_view(case: Case, viewer: access.Viewer, filed: Filed | None = None) -> dict:
    """`filed`: the filing's Filed for a case filed in this transaction; its rows are shown as
    written, without reading them back."""
    if filed is None:
        return case_views([case], viewer)[0]
    scopes = access.visible_scopes(viewer, case)
    return _view(
        case,
        viewer,
        deadlines=hearing.visible_deadlines(viewer, case, filed.deadlines),
        events=queries.visible_events(filed.events, scopes),
        attachments=[item for item in filed.attachments if access.can_see_item(viewer, case, item.visibility)],
        decision=None,  # a case filed in this transaction has no decision yet
    )


def case_views(cases: list[Case], viewer: access.Viewer) -> list[dict]:
    """Each case as case_view shows it, read with one query per kind of row for all the cases, so a
    page of the list costs the same number of queries whatever its length."""
    ids = [case.id for case in cases]
    queries.load_parties(cases)
    scopes = {case.id: access.visible_scopes(viewer, case) for case in cases}
    events = queries.visible_rows(TimelineEvent, scopes, *EVENT_COLUMNS)
    attachments = queries.visible_rows(Attachment, scopes, *ATTACHMENT_COLUMNS)
    deadlines = hearing.visible_deadlines_of(viewer, ids)
    decided = decisions.decisions_of(ids)
    return [
        _view(
            case,
            viewer,
            deadlines=deadlines[case.id],
            events=events[case.id],
            attachments=attachments[case.id],
            decision=decided.get(case.id),
        )
        for case in cases
    ]


def _view(case: Case, viewer: access.Viewer, *, deadlines, events, attachments, decision) -> dict:
    """The answer from the rows the viewer may see."""
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
            {"kind": deadline.kind, "dueAt": moment(deadline.due_at), "state": deadline.state} for deadline in deadlines
        ],
        "timeline": [
            {"id": event.id, "at": moment(event.at), "kind": event.kind, "text": event.text} for event in events
        ],
        "attachments": [attachment_view(case, viewer, item) for item in attachments],
        "decision": decision_view(decision, viewer),
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


def decision_view(decision: Decision | None, viewer: access.Viewer) -> dict | None:
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
