"""Submitting an RFC, the one path the page and the API share: the RFC with its reference, the public
"submitted" event, its lead-time clocks, the acknowledgement. Never commits: the view does."""

from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

from flask_babel import gettext as _

from app import clock
from app.cases import references
from app.cases.uploads import CheckedFile
from app.errors_domain import DomainError, NotAllowed
from app.extensions import db
from app.register.models import GEGEVENSDIENSTEN
from app.rfc import access, notices, workflow
from app.rfc.models import Rfc, RfcAttachment, RfcEvent
from app.rfc.services import clocks, events, files
from app.sla.models import Deadline


@dataclass(frozen=True)
class RfcReport:
    title: str
    variant: str
    type: str
    priority: str
    agreement: str
    description: str
    rationale: str
    gegevensdienst: str | None = None
    reference_component: str | None = None
    product: str | None = None
    side: str | None = None
    example: str | None = None
    desired_moment: date | None = None


class Submitted(NamedTuple):
    """An RFC just submitted, with the rows the submission wrote (an answer shows them as written)."""

    rfc: Rfc
    events: tuple[RfcEvent, ...]
    deadlines: tuple[Deadline, ...]
    attachments: tuple[RfcAttachment, ...] = ()


def check_gegevensdienst(name: str | None) -> None:
    if name is not None and name not in GEGEVENSDIENSTEN:
        raise DomainError(_("Choose a data service (gegevensdienst) of the afsprakenstelsel."), "gegevensdienst")


def check_desired_moment(day: date | None) -> None:
    if day is not None and day < clock.local(clock.now()).date():
        raise DomainError(_("The desired moment lies in the past: choose today or a later date."), "desired_moment")


def require_submitter(actor) -> None:
    if not access.can_submit(actor):
        raise NotAllowed(_("Only users of participants and implementation partners can submit an RFC."))


def submit(report: RfcReport, *, actor, attached: tuple[CheckedFile, ...] = ()) -> Submitted:
    """Registers the RFC (public, without the submitter), with its files (checked already; never public),
    starts its reaction and qualification clocks and acknowledges it to the submitter."""
    require_submitter(actor)
    check_gegevensdienst(report.gegevensdienst)
    check_desired_moment(report.desired_moment)
    now = clock.now()
    rfc = Rfc(
        reference=references.provisional(),
        status="requested",
        title=report.title,
        variant=report.variant,
        type=report.type,
        priority=report.priority,
        proposed_type=report.type,
        proposed_priority=report.priority,
        agreement=report.agreement,
        gegevensdienst=report.gegevensdienst,
        reference_component=report.reference_component,
        product=report.product,
        side=report.side,
        description=report.description,
        example=report.example,
        rationale=report.rationale,
        desired_moment=report.desired_moment,
        submitter_id=actor.id,
        organisation_id=actor.organisation_id,
        contact_name=actor.name,
        contact_email=actor.email,
        redacted_names=[],
        created_at=now,
        updated_at=now,
    )
    db.session.add(rfc)
    db.session.flush()
    started = clocks.start_many(rfc, workflow.START_CLOCKS, now)
    # The reference is taken last: its counter row stays locked until the commit (references.assign).
    rfc.reference = references.next_reference("rfc", clock.local(now).year)
    submitted = events.append(
        rfc, "submitted", rfc.title, actor_label=events.DESK, visibility="public", data={"status": "requested"}, at=now
    )
    # The files' SHA-256 sit in the hash-chained (non-public) acknowledgement: the stored files can be proven unchanged.
    acknowledged = events.append(
        rfc, "acknowledged", actor_label=events.DESK, visibility="submitter", data=files.facts(attached), at=now
    )
    stored = files.store(rfc, attached, actor=actor, label=actor.name)
    notices.acknowledge(rfc)
    db.session.flush()
    return Submitted(rfc, (submitted, acknowledged), tuple(started), tuple(stored))
