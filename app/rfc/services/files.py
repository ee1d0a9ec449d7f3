"""Files sent with an RFC: stored encrypted under random keys as a case's attachments are (app/cases/uploads.py),
written before their rows can commit and removed when the transaction ends without a commit. Never commits."""

from sqlalchemy import select

from app import clock
from app.cases.services.case_records import files_data, storage
from app.cases.uploads import CheckedFile
from app.extensions import db
from app.rfc.models import Rfc, RfcAttachment


def facts(files: tuple[CheckedFile, ...]) -> dict:
    """The files' names, SHA-256 and sizes for the (non-public) event that records them."""
    return files_data(files)


def store(rfc: Rfc, files: tuple[CheckedFile, ...], *, actor, label: str) -> list[RfcAttachment]:
    """Writes each file (encrypted) and adds its row; a transaction that does not commit removes the files."""
    stored = []
    for checked in files:
        item = RfcAttachment(
            rfc_id=rfc.id,
            storage_key=storage().save(checked.data, db.session()),
            filename=checked.filename,
            content_type=checked.content_type,
            size=checked.size,
            sha256=checked.sha256,
            uploaded_at=clock.now(),
            uploaded_by_id=actor.id if actor is not None else None,
            uploaded_by_label=label,
        )
        db.session.add(item)
        stored.append(item)
    return stored


def of(rfc: Rfc) -> list[RfcAttachment]:
    return list(
        db.session.scalars(select(RfcAttachment).where(RfcAttachment.rfc_id == rfc.id).order_by(RfcAttachment.id))
    )


def find(rfc: Rfc, attachment_id: int) -> RfcAttachment | None:
    """A file of this RFC (one of another RFC is not found)."""
    item = db.session.get(RfcAttachment, attachment_id)
    return item if item is not None and item.rfc_id == rfc.id else None
