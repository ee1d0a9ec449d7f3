"""A participant's evidence for a measure (an explanation, a carried-out plan): on the case, for its handlers."""
from flask_babel import gettext as _

from app.cases import access, timeline
from app.cases import services as cases
from app.cases.models import TimelineEvent
from app.cases.uploads import CheckedFile
from app.compliance import notices
from app.compliance.models import Measure
from app.errors_domain import DomainError, NotAllowed


def submit_evidence(measure: Measure, body: str, files: tuple[CheckedFile, ...] = (), *, actor) -> TimelineEvent:
    """Between the participant and the foundation; also on a decided or closed case, where the measure lives on."""
    if not access.can_submit_evidence(access.Viewer(user=actor), measure):
        raise NotAllowed(_("Only the participant a measure in force is against sends evidence for it."))
    body = (body or "").strip()
    if not body:
        raise DomainError(_("Say what your organisation did."), field="body")
    visibility = f"party:{measure.participant_id}"
    event = timeline.append(measure.case, "measure_evidence", body, actor=actor, visibility=visibility,
                            data={"measure": measure.id, "kind": measure.kind})
    for checked in files:
        cases.attach(measure.case, checked, visibility=visibility, actor=actor)
    notices.evidence_received(measure, event)
    return event
