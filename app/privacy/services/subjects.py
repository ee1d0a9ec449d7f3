"""The data subject's rights: find a person's data by e-mail address or name, export it, erase it.

`find_holdings` is the one place that matches a person against stored data. Personal columns are
encrypted at rest, so SQL cannot compare them: the reporter's address and name and a message's
recipient are found through their blind indexes; a contact person and a mention inside free text
(encrypted too, and not indexable word by word) are matched in Python, over rows narrowed by columns
that are not personal (not erased, kinds that carry free text).
"""

import io
import json
import zipfile
from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy import or_, select

from app import clock
from app.audit import services as access_log
from app.cases import workflow
from app.cases.models import Attachment, Case, IncidentDetails, TimelineEvent, reported_by_email, reported_by_name
from app.cases.services import case_records
from app.errors_domain import DomainError
from app.extensions import db
from app.notify.models import OutboxMessage, addressed_to
from app.privacy.models import CaseRetention
from app.privacy.services import erasure

# Events whose text is written by people (and so may name one); the others hold the desk's words.
FREE_TEXT_KINDS = ("received", "message", "note", "status", "decision", "measure_evidence", "breach_updated")
# What the person's own report shares with them: the desk's export gives them no more than their view.
REPORTER_SCOPES = ("parties", "reporter")


@dataclass
class CaseHolding:
    case: Case
    is_reporter: bool
    events: list[TimelineEvent] = field(default_factory=list)  # events whose text names the person

    @property
    def refusal(self) -> str | None:
        return erasure.refusal(self.case)


@dataclass
class Holdings:
    needle: str
    cases: list[CaseHolding]
    mails: list[OutboxMessage]


def _normalised(value: str | None) -> str:
    return " ".join((value or "").split()).casefold()


def find_holdings(needle: str) -> Holdings:
    """Every unerased case and message holding `needle`: an e-mail address (exact, any case) or a
    name (as the reporter's name or contact person, or inside a message's text)."""
    wanted = _normalised(needle)
    if len(wanted) < 3:
        raise DomainError(_("Enter an e-mail address or a name of at least 3 characters."), field="needle")
    not_erased = or_(CaseRetention.case_id.is_(None), CaseRetention.erased_at.is_(None))
    found: dict[int, CaseHolding] = {}
    reported = db.session.scalars(
        select(Case)
        .outerjoin(CaseRetention, CaseRetention.case_id == Case.id)
        .where(not_erased, or_(reported_by_email(needle), reported_by_name(needle)))
    )
    for case in reported:
        found[case.id] = CaseHolding(case, is_reporter=True)
    incidents = db.session.scalars(
        select(IncidentDetails)
        .join(Case, Case.id == IncidentDetails.case_id)
        .outerjoin(CaseRetention, CaseRetention.case_id == Case.id)
        .where(not_erased)
    )
    for incident in incidents:
        if incident.case_id not in found and wanted == _normalised(incident.contact_person):
            found[incident.case_id] = CaseHolding(incident.case, is_reporter=True)
    events = db.session.scalars(
        select(TimelineEvent)
        .join(Case, Case.id == TimelineEvent.case_id)
        .outerjoin(CaseRetention, CaseRetention.case_id == Case.id)
        .where(not_erased, TimelineEvent.kind.in_(FREE_TEXT_KINDS))
        .order_by(TimelineEvent.case_id, TimelineEvent.seq)
    )
    for event in events:
        if wanted in _normalised(event.text):
            holding = found.setdefault(event.case_id, CaseHolding(event.case, is_reporter=False))
            holding.events.append(event)
    mails = list(db.session.scalars(select(OutboxMessage).where(addressed_to(needle)).order_by(OutboxMessage.id)))
    return Holdings(needle, sorted(found.values(), key=lambda holding: holding.case.id), mails)


def _case_export(holding: CaseHolding) -> tuple[dict, list[Attachment]]:
    case = holding.case
    item = {
        "reference": case.reference,
        "type": case.type,
        "status": case.status,
        "filedAt": clock.as_utc(case.created_at).isoformat(),
        "closedAt": clock.as_utc(case.closed_at).isoformat() if case.closed_at else None,
        "role": "reporter" if holding.is_reporter else "mentioned",
    }
    files: list[Attachment] = []
    shown = list(holding.events)
    if holding.is_reporter:
        item["reporter"] = {
            "name": case.reporter_name,
            "email": case.reporter_email,
            "phone": case.reporter_phone,
            "organisation": case.reporter_organisation,
        }
        item["report"] = {"title": case.title, "description": case.description}
        shown = list(
            db.session.scalars(
                select(TimelineEvent)
                .where(TimelineEvent.case_id == case.id, TimelineEvent.visibility.in_(REPORTER_SCOPES))
                .order_by(TimelineEvent.seq)
            )
        )
        files = list(
            db.session.scalars(
                select(Attachment)
                .where(Attachment.case_id == case.id, Attachment.visibility.in_(REPORTER_SCOPES))
                .order_by(Attachment.id)
            )
        )
    item["events"] = [
        {"at": clock.as_utc(event.at).isoformat(), "kind": event.kind, "by": event.actor_label, "text": event.text}
        for event in shown
    ]
    item["files"] = [f"files/{case.reference}/{file.id}-{file.filename}" for file in files]
    return item, files


def export(holdings: Holdings, *, actor) -> bytes:
    """A ZIP with `data.json` and the person's files; every case exported is in the access log."""
    cases, files = [], []
    for holding in holdings.cases:
        item, attached = _case_export(holding)
        cases.append(item)
        files.extend((holding.case.reference, file) for file in attached)
        access_log.record(actor, "export", case=holding.case, detail="data subject export")
    if not holdings.cases:
        access_log.record(actor, "export", detail="data subject export (no cases)")
    data = {
        "exportedAt": clock.now().isoformat(),
        "subject": holdings.needle,
        "cases": cases,
        "messages": [
            {
                "subject": mail.subject,
                "to": mail.recipient,
                "writtenAt": clock.as_utc(mail.created_at).isoformat(),
                "status": mail.status,
                "body": mail.body_text,
            }
            for mail in holdings.mails
        ],
    }
    buffer = io.BytesIO()
    storage = case_records.storage()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data.json", json.dumps(data, ensure_ascii=False, indent=2))
        for reference, file in files:
            try:
                archive.writestr(f"files/{reference}/{file.id}-{file.filename}", storage.read(file.storage_key))
            except FileNotFoundError:
                archive.writestr(f"files/{reference}/{file.id}-MISSING.txt", "This file is missing from storage.")
    return buffer.getvalue()


@dataclass(frozen=True)
class ErasureResult:
    erased: list[str]  # references
    refused: list[tuple[str, str]]  # (reference, reason)
    mails: int


def erase(holdings: Holdings, *, actor) -> ErasureResult:
    """Erases the person's data from every closed case not on hold; names why for the others."""
    erased, refused = [], []
    for holding in holdings.cases:
        reason = holding.refusal
        if reason is not None:
            refused.append((holding.case.reference, reason))
            continue
        if holding.is_reporter:
            erasure.erase_case(holding.case, actor=actor, why=erasure.SUBJECT_REQUEST)
        else:
            erasure.erase_events(holding.case, holding.events, actor=actor)
        erased.append(holding.case.reference)
    # Mails about a case still running may still be needed: they go with the last closed case.
    still_running = any(not workflow.is_final(holding.case.status) for holding in holdings.cases)
    mails = 0
    for mail in holdings.mails:
        if mail.status != "pending" and not still_running:
            erasure.blank_mail(mail)
            mails += 1
    db.session.flush()
    return ErasureResult(erased, refused, mails)
