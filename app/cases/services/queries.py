"""Read-side queries on cases for pages and the API."""

from dataclasses import dataclass, field
from datetime import datetime
from typing import NamedTuple

from sqlalchemy import case as sql_case
from sqlalchemy import inspect, null, select
from sqlalchemy.orm import joinedload
from sqlalchemy.orm.attributes import set_committed_value

from app.cases.details import ComplaintDetails
from app.cases.models import Attachment, Case, CaseParty, TimelineEvent
from app.extensions import db
from app.sla import services as sla


def find_by_reference(reference: str) -> Case | None:
    return db.session.scalar(select(Case).where(Case.reference == (reference or "").strip().upper()))


def by_reference(reference: str) -> Case:
    case = find_by_reference(reference)
    if case is None:
        raise LookupError(reference)
    return case


def visible_events(written: tuple[TimelineEvent, ...], scopes: set[str] | None) -> list[TimelineEvent]:
    """The events of a case filed in this transaction (already in hand) the viewer may read, oldest
    first; `scopes` None means everything (the foundation)."""
    return sorted((e for e in written if scopes is None or e.visibility in scopes), key=lambda e: e.seq)


class TimelineEntry(NamedTuple):
    """One event as the case pages' timeline (templates/cases/_timeline.html) shows it, with its files."""

    id: int
    at: datetime
    actor_label: str
    kind: str
    visibility: str
    text: str
    data: dict | None  # only for the kinds in FACTS_SHOWN
    attachments: list


# The kinds whose facts (the encrypted `data`) the timeline shows; the others' are neither read nor decrypted.
FACTS_SHOWN = ("status", "ap_notified", "breach_updated")


# A long timeline is drawn folded: its first events (how the case began) and its latest ones, with
# a link to the whole. Drawing 500 events means decrypting and formatting 500; a case page is read
# many times more often than it is read in full.
FOLD_HEAD, FOLD_TAIL = 10, 90


@dataclass(frozen=True)
class Timeline:
    """The entries a case page draws, oldest first: `head`, then `hidden` entries left out, then `tail`."""

    head: list[TimelineEntry]
    hidden: int = 0
    tail: list[TimelineEntry] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.head) + self.hidden + len(self.tail)


def timeline(case: Case, scopes: set[str] | None, whole: bool = False) -> Timeline:
    """The timeline the viewer may read, oldest first, folded when it is longer than FOLD_HEAD +
    FOLD_TAIL events unless `whole`. Three queries whatever its length: which events there are, the
    drawn events with only what the pages show, and their files."""
    seqs = select(TimelineEvent.seq).where(TimelineEvent.case_id == case.id)
    if scopes is not None:
        seqs = seqs.where(TimelineEvent.visibility.in_(scopes or {""}))
    visible = list(db.session.scalars(seqs.order_by(TimelineEvent.seq)))
    hidden = 0 if whole else max(0, len(visible) - FOLD_HEAD - FOLD_TAIL)
    drawn = visible if not hidden else visible[:FOLD_HEAD] + visible[-FOLD_TAIL:]
    facts = sql_case((TimelineEvent.kind.in_(FACTS_SHOWN), TimelineEvent.data), else_=null()).label("data")
    columns = (TimelineEvent.id, TimelineEvent.at, TimelineEvent.actor_label, TimelineEvent.kind, TimelineEvent.text)
    events = visible_rows(
        TimelineEvent, {case.id: scopes}, *columns, facts, among=TimelineEvent.seq.in_(drawn) if hidden else None
    )
    events = events[case.id]
    files: dict[int, list] = {}
    query = (
        select(Attachment.event_id, Attachment.id, Attachment.filename, Attachment.size, Attachment.sha256)
        .join(TimelineEvent, Attachment.event_id == TimelineEvent.id)
        .where(TimelineEvent.case_id == case.id)
    )
    if scopes is not None:
        query = query.where(TimelineEvent.visibility.in_(scopes or {""}))
    if hidden:
        query = query.where(TimelineEvent.seq.in_(drawn))
    for file in db.session.execute(query.order_by(Attachment.id)):  # as TimelineEvent.attachments orders them
        files.setdefault(file.event_id, []).append(file)
    entries = [
        TimelineEntry(e.id, e.at, e.actor_label, e.kind, e.visibility, e.text, e.data, files.get(e.id, []))
        for e in events
    ]
    if not hidden:
        return Timeline(entries)
    return Timeline(entries[:FOLD_HEAD], hidden, entries[FOLD_HEAD:])


def load_parties(cases: list[Case]) -> None:
    """Reads the parties (with their organisations) of every case, and a complaint's consent to share
    the complainant's details, in one query each: the access decisions read both for each case."""
    pending = [case for case in cases if "parties" in inspect(case).unloaded]
    if pending:
        parties: dict[int, list[CaseParty]] = {case.id: [] for case in pending}
        rows = db.session.scalars(
            select(CaseParty)
            .where(CaseParty.case_id.in_(parties))
            .options(joinedload(CaseParty.organisation))
            .order_by(CaseParty.id)  # as Case.parties orders them
        )
        for party in rows:
            parties[party.case_id].append(party)
        for case in pending:
            set_committed_value(case, "parties", parties[case.id])
    complaints = [case for case in cases if case.type == "complaint" and "complaint" in inspect(case).unloaded]
    if complaints:
        details = db.session.scalars(
            select(ComplaintDetails).where(ComplaintDetails.case_id.in_([case.id for case in complaints]))
        )
        found = {detail.case_id: detail for detail in details}
        for case in complaints:
            set_committed_value(case, "complaint", found.get(case.id))


def visible_rows(model, scopes: dict[int, set[str] | None], *columns, among=None) -> dict[int, list]:
    """Per case id, the rows of `model` (TimelineEvent or Attachment) the viewer may read, in the
    timeline's or the files' order, with only `columns`: each encrypted column costs a decryption per
    row. `scopes` per case as access.visible_scopes gives them (None: everything); `among`, a further
    condition on the rows."""
    found: dict[int, list] = {case_id: [] for case_id in scopes}
    if not scopes:
        return found
    order = (model.case_id, model.seq) if model is TimelineEvent else (model.case_id, model.id)
    query = select(*dict.fromkeys((model.case_id, model.visibility, *columns))).where(model.case_id.in_(scopes))
    if None not in scopes.values():
        # Only rows that some case lets the viewer read are fetched and decrypted; each case's own below.
        query = query.where(model.visibility.in_(set().union(*scopes.values()) or {""}))
    if among is not None:
        query = query.where(among)
    for row in db.session.execute(query.order_by(*order)):
        allowed = scopes[row.case_id]
        if allowed is None or row.visibility in allowed:
            found[row.case_id].append(row)
    return found


def deadlines(case: Case):
    return sla.for_subject("case", case.id)


def attachment(case: Case, attachment_id: int) -> Attachment | None:
    item = db.session.get(Attachment, attachment_id)
    return item if item is not None and item.case_id == case.id else None
