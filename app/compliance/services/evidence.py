"""A participant's evidence for a measure (an explanation, a carried-out plan): on the case, for its handlers."""

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.cases import access, timeline
from app.cases.models import TimelineEvent
from app.cases.services import case_records as cases
from app.cases.uploads import CheckedFile
from app.cases.visibility import for_party
from app.compliance import notices
from app.compliance.models import Measure
from app.errors_domain import DomainError, NotAllowed
from app.extensions import db


def submit_evidence(measure: Measure, body: str, files: tuple[CheckedFile, ...] = (), *, actor) -> TimelineEvent:
    """Between the participant and the foundation; also on a decided or closed case, where the measure lives on."""
    if not access.can_submit_evidence(access.Viewer(user=actor), measure):
        raise NotAllowed(_("Only the participant a measure in force is against sends evidence for it."))
    body = (body or "").strip()
    if not body:
        raise DomainError(_("Say what your organisation did."), field="body")
    visibility = for_party(measure.participant_id)
    event = timeline.append(
        measure.case,
        "measure_evidence",
        body,
        actor=actor,
        visibility=visibility,
        data={"measure": measure.id, "kind": measure.kind, **cases.files_data(files)},
    )
    cases.store_files(measure.case, event, files, visibility=visibility, actor=actor)
    notices.evidence_received(measure, event)
    return event


def evidence_of(measure: Measure) -> list[TimelineEvent]:
    """What the participant sent for this measure, oldest first, with its files."""
    events = db.session.scalars(
        select(TimelineEvent)
        .options(selectinload(TimelineEvent.attachments))
        .where(TimelineEvent.case_id == measure.case_id, TimelineEvent.kind == "measure_evidence")
        .order_by(TimelineEvent.seq)
    )
    # The measure sits in the event's JSON data; a case holds few evidence events, so filter here.
    return [event for event in events if (event.data or {}).get("measure") == measure.id]
