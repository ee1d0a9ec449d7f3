"""The RFC views of the API: the public register's fields (never the submitter, marked names redacted), and
the submitter's and the desk's view with lead times and the events they may read."""

from app.api.serializers import API_ROOT, moment
from app.rfc import access
from app.rfc.models import Rfc, RfcEvent
from app.rfc.services import clocks, events, files


def rfc_path(reference: str) -> str:
    return f"{API_ROOT}/rfcs/{reference}"


def public_view(rfc: Rfc) -> dict:
    release = rfc.release
    return {
        "reference": rfc.reference,
        "title": rfc.public(rfc.title),
        "status": rfc.status,
        "type": rfc.type,
        "priority": rfc.priority,
        "variant": rfc.variant,
        "agreement": rfc.public(rfc.agreement),
        "gegevensdienst": rfc.gegevensdienst,
        "referenceComponent": rfc.reference_component,
        "workgroup": rfc.workgroup,
        "description": rfc.public(rfc.description),
        "example": rfc.public(rfc.example) or None,
        "rationale": rfc.public(rfc.rationale),
        "desiredMoment": rfc.desired_moment.isoformat() if rfc.desired_moment else None,
        "createdAt": moment(rfc.created_at),
        "updatedAt": moment(rfc.updated_at),
        "release": (
            {"name": release.name, "kind": release.kind, "plannedOn": release.planned_on.isoformat()}
            if release is not None
            else None
        ),
    }


def with_history(rfc: Rfc, history: list[RfcEvent]) -> dict:
    """One RFC in the register: its public fields and its steps (their reasons are not public)."""
    steps = [
        {"at": moment(event.at), "status": (event.data or {}).get("to") or (event.data or {}).get("status")}
        for event in history
    ]
    return {**public_view(rfc), "history": steps}


def followed_view(
    rfc: Rfc, user, written: tuple[RfcEvent, ...] | None = None, deadlines=None, attachments=None
) -> dict:
    """The submitter's (or the desk's) view: the public fields, lead times, the events they may read and
    the files sent with it (never in the public view). `written`, `deadlines`, `attachments`: the rows a
    submission just wrote, shown without reading them back."""
    scopes = access.visible_scopes(user, rfc)
    shown = [e for e in written if e.visibility in scopes] if written is not None else events.of(rfc, scopes)
    return {
        **public_view(rfc),
        "deadlines": [
            {"kind": d.kind, "dueAt": moment(d.due_at), "state": d.state}
            for d in (deadlines if deadlines is not None else clocks.of(rfc))
        ],
        "timeline": [{"at": moment(e.at), "kind": e.kind, "text": e.text} for e in shown],
        "files": [
            {
                "id": item.id,
                "filename": item.filename,
                "contentType": item.content_type,
                "size": item.size,
                "sha256": item.sha256,
                "uploadedAt": moment(item.uploaded_at),
            }
            for item in (attachments if attachments is not None else files.of(rfc))
            if access.can_download(user, rfc)
        ],
    }
