"""Case services shared by every desk: parties, messages, attachments, deadlines on the case."""

from flask import current_app

from app import clock
from app.cases import timeline
from app.cases.models import Attachment, Case, CaseParty
from app.cases.uploads import CheckedFile, FileStorage
from app.extensions import db
from app.sla import services as sla

SUBJECT = "case"


def storage() -> FileStorage:
    return FileStorage(current_app.config["UPLOAD_DIR"])


def add_party(case: Case, organisation_id: int | None, role: str) -> None:
    if organisation_id is None:
        return
    if any(p.organisation_id == organisation_id and p.role == role for p in case.parties):
        return
    case.parties.append(CaseParty(organisation_id=organisation_id, role=role))


def actor_label(actor, fallback: str) -> str:
    return actor.name if actor is not None else fallback


def add_message(
    case: Case, body: str, *, visibility: str, actor=None, label: str | None = None, files: tuple[CheckedFile, ...] = ()
):
    """A message (with any files) on the timeline, visible as given."""
    who = label or actor_label(actor, "melder")
    data = files_data(files)
    event = timeline.append(case, "message", body, actor=actor, actor_label=who, visibility=visibility, data=data)
    store_files(case, event, files, visibility=visibility, actor=actor)
    return event


def files_data(files: tuple[CheckedFile, ...]) -> dict:
    """The files' facts for the event that carries them (name, SHA-256, size)."""
    return {"files": [_file_facts(f) for f in files]} if files else {}


def store_files(case: Case, event, files: tuple[CheckedFile, ...], *, visibility: str, actor=None) -> list[Attachment]:
    """Stores files on an event already written with `files_data`, so they show with its text."""
    return [_store(case, checked, visibility, actor, event) for checked in files]


def attach(case: Case, checked: CheckedFile, *, visibility: str, actor=None, label: str | None = None) -> Attachment:
    """One file on its own timeline event."""
    who = label or actor_label(actor, "melder")
    event = timeline.append(
        case,
        "attachment",
        checked.filename,
        actor=actor,
        actor_label=who,
        visibility=visibility,
        data={"files": [_file_facts(checked)]},
    )
    return _store(case, checked, visibility, actor, event)


def _file_facts(checked: CheckedFile) -> dict:
    # The SHA-256 sits in the hash-chained event, so the stored file can be proven unchanged.
    return {"name": checked.filename, "sha256": checked.sha256, "size": checked.size}


def _store(case: Case, checked: CheckedFile, visibility: str, actor, event) -> Attachment:
    attachment = Attachment(
        case_id=case.id,
        event=event,
        filename=checked.filename,
        content_type=checked.content_type,
        size=checked.size,
        sha256=checked.sha256,
        storage_key=storage().save(checked.data, db.session()),
        visibility=visibility,
        uploaded_by_id=actor.id if actor is not None else None,
        uploaded_by_label=event.actor_label,  # as the event names the uploader (a hidden complainant unnamed)
    )
    db.session.add(attachment)
    return attachment


def sync_next_due(case: Case) -> None:
    """Keeps the queue's sort column equal to the nearest running deadline."""
    case.next_due_at = sla.nearest_open_due(sla.for_subject(SUBJECT, case.id))


def touch(case: Case) -> None:
    case.updated_at = clock.now()
