"""Filing a report, the one path the pages and the API share for incidents, complaints and disputes.

Every type takes the same steps in the same order: the case with its reporter, parties and
follow-up code; the "received" event with any files; its clocks; its reference with the
"acknowledged" event; the acknowledgement and any party's notice. Never commits: the view does.
"""

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import NamedTuple

from flask_babel import gettext as _

from app import clock
from app.bounds import MAX_ID
from app.cases import access, references, timeline
from app.cases.details import ComplaintDetails, DisputeDetails
from app.cases.models import Attachment, Case, IncidentDetails, TimelineEvent
from app.cases.services import case_records as cases
from app.cases.services.opening import Reporter, new_case, start_clocks
from app.cases.uploads import CheckedFile
from app.cases.visibility import for_party
from app.errors_domain import DomainError, NotAllowed
from app.extensions import db
from app.intake import notices
from app.register.models import Organisation
from app.sla import admin as sla_admin
from app.sla import clocks
from app.sla import services as sla
from app.sla.calendar import BusinessCalendar
from app.sla.clocks import ClockSpec
from app.sla.models import Deadline

DESK = "Edu-V Meldpunt"


@dataclass(frozen=True)
class IncidentReport:
    reporter: Reporter
    participant_id: int | None
    category: str
    title: str
    description: str
    discovered_at: datetime
    severity: str = "incident"
    product_id: int | None = None
    gegevensdienst: str | None = None
    started_at: datetime | None = None
    ongoing: bool | None = None
    breach: dict = field(default_factory=dict)
    consequences: str | None = None
    measures_taken: str | None = None
    affected_schools: str | None = None
    contact_person: str | None = None


@dataclass(frozen=True)
class ComplaintReport:
    reporter: Reporter
    participant_id: int
    title: str
    description: str
    occurred_on: date
    raised_with_participant: bool
    desired_outcome: str | None = None
    contact_shared: bool = False


@dataclass(frozen=True)
class DisputeReport:
    respondent_id: int
    title: str
    description: str
    prior_attempt: str
    agreement: str | None = None
    desired_outcome: str | None = None
    # Commercially sensitive files: the claimant and the foundation see them, the respondent not.
    files_confidential: bool = False


@dataclass(frozen=True)
class ClockSetting:
    """What starting a report's clocks reads: the business calendar and the clocks the foundation set.

    A view reads it before `writes()`, with the rest of its validation, so on SQLite these reads do
    not hold the write lock that other filings queue for."""

    calendar: BusinessCalendar
    specs: tuple[ClockSpec, ...]


def clock_setting(report: IncidentReport | ComplaintReport | DisputeReport) -> ClockSetting:
    """The clocks a report of this type starts on intake, with the calendar they run on."""
    if isinstance(report, IncidentReport):
        specs = sla_admin.effective_clocks("incident", report.severity)
    elif isinstance(report, ComplaintReport):
        specs = sla_admin.effective_clocks("complaint")
    else:
        # Substantiation is asked of the claimant after admissibility, by the case handler (app.sla.clocks).
        specs = (*sla_admin.effective_clocks("dispute"), sla_admin.effective_clock("dispute", "response"))
    return ClockSetting(sla.current_calendar(), specs)


class Filed(NamedTuple):
    """A case just filed and its follow-up code, shown once (None for a dispute, which is followed
    through the account), with every row of its timeline and clocks as the filing wrote them: an
    answer shows them without reading them back."""

    case: Case
    code: str | None
    events: tuple[TimelineEvent, ...]
    deadlines: tuple[Deadline, ...]
    attachments: tuple[Attachment, ...]


def participant(organisation_id: int | None, field: str) -> Organisation:
    """The participant a complaint or dispute is about; anything else is refused at `field`."""
    organisation = None
    if organisation_id is not None and 0 < organisation_id <= MAX_ID:
        organisation = db.session.get(Organisation, organisation_id)
    if organisation is None or not organisation.is_participant:
        raise DomainError(_("Choose a participant from the register."), field)
    return organisation


def require_dispute_filer(actor) -> None:
    if not access.can_file_dispute(actor):
        raise NotAllowed(_("Only users of a participating supplier can start a dispute."))


def respondent(claimant_id: int | None, respondent_id: int | None) -> Organisation:
    if respondent_id is not None and respondent_id == claimant_id:
        raise DomainError(_("You cannot start a dispute against your own organisation."), "respondent_id")
    return participant(respondent_id, "respondent_id")


def file_incident(
    report: IncidentReport, files: tuple[CheckedFile, ...] = (), *, actor=None, setting: ClockSetting | None = None
) -> Filed:
    """Stores the report, its clocks (a data leak's AP clock too) and the acknowledgement."""
    now = clock.now()
    case, code = new_case(
        "incident",
        report.reporter,
        actor,
        now,
        category=report.category,
        severity=report.severity,
        title=report.title,
        description=report.description,
        participant_id=report.participant_id,
        incident=_incident_details(report),
    )
    events, attached = _received(
        case, actor, now, files, visibility="reporter", data={"category": report.category, "severity": report.severity}
    )
    setting = setting or clock_setting(report)
    started = start_clocks(case, setting.specs, now, setting.calendar)
    ap_clock = None
    if report.category == "data_breach":
        ap_clock = _start_ap_clock(case, report, started, now, setting.calendar)
        started.append(ap_clock)
    events.append(_acknowledged(case, now))
    notices.acknowledge(case, ap_clock)
    db.session.flush()
    return Filed(case, code, tuple(events), tuple(started), attached)


def file_complaint(
    report: ComplaintReport, files: tuple[CheckedFile, ...] = (), *, actor=None, setting: ClockSetting | None = None
) -> Filed:
    """Stores the complaint, acknowledges the complainant and tells the participant."""
    subject = participant(report.participant_id, "participant_id")
    now = clock.now()
    case, code = new_case(
        "complaint",
        report.reporter,
        actor,
        now,
        title=report.title,
        description=report.description,
        participant_id=subject.id,
        complaint=ComplaintDetails(
            occurred_on=report.occurred_on,
            raised_with_participant=report.raised_with_participant,
            desired_outcome=report.desired_outcome,
            contact_shared=report.contact_shared,
        ),
    )
    # Files may name the complainant: the foundation shares them with the participant if fit.
    events, attached = _received(case, actor, now, files, visibility="reporter")
    setting = setting or clock_setting(report)
    started = start_clocks(case, setting.specs, now, setting.calendar)
    events.append(_acknowledged(case, now))
    notices.acknowledge(case)
    events.append(_inform(case, subject, None, now))
    db.session.flush()
    return Filed(case, code, tuple(events), tuple(started), attached)


def file_dispute(
    report: DisputeReport, files: tuple[CheckedFile, ...] = (), *, actor=None, setting: ClockSetting | None = None
) -> Filed:
    """Stores the dispute with the actor's organisation as claimant and tells the respondent, whose
    response clock runs from filing. Followed through the account: no follow-up code is handed out."""
    require_dispute_filer(actor)
    other = respondent(actor.organisation_id, report.respondent_id)
    now = clock.now()
    claimant = Reporter(name=actor.name, email=actor.email, organisation=actor.organisation.name)
    case, _code = new_case(
        "dispute",
        claimant,
        actor,
        now,
        reporter_role="claimant",
        subject_role="respondent",
        title=report.title,
        description=report.description,
        participant_id=other.id,
        dispute=DisputeDetails(
            agreement=report.agreement,
            prior_attempt=report.prior_attempt,
            desired_outcome=report.desired_outcome,
        ),
    )
    visibility = for_party(actor.organisation_id) if report.files_confidential else "parties"
    events, attached = _received(case, actor, now, files, visibility=visibility)
    setting = setting or clock_setting(report)
    started = start_clocks(case, setting.specs, now, setting.calendar)
    events.append(_acknowledged(case, now))
    notices.acknowledge_dispute(case)
    events.append(_inform(case, other, next(d for d in started if d.kind == "response"), now))
    db.session.flush()
    return Filed(case, None, tuple(events), tuple(started), attached)


def _incident_details(report: IncidentReport) -> IncidentDetails:
    return IncidentDetails(
        product_id=report.product_id,
        gegevensdienst=report.gegevensdienst,
        discovered_at=report.discovered_at,
        started_at=report.started_at,
        ongoing=report.ongoing,
        consequences=report.consequences,
        measures_taken=report.measures_taken,
        affected_schools=report.affected_schools,
        contact_person=report.contact_person,
        **report.breach,
    )


def _received(
    case: Case, actor, now: datetime, files: tuple[CheckedFile, ...], *, visibility: str, data: dict | None = None
) -> tuple[list[TimelineEvent], tuple[Attachment, ...]]:
    """The first event, by the reporter (a hidden complainant unnamed), and each file on its own."""
    label = access.reporter_label(case)
    received = timeline.append(
        case, "received", actor=actor, actor_label=label, visibility="parties", data=data, at=now, flush=False
    )
    attached = [cases.attach(case, checked, visibility=visibility, actor=actor, label=label) for checked in files]
    return [received, *(attachment.event for attachment in attached)], tuple(attached)


def _start_ap_clock(case: Case, report: IncidentReport, started: list[Deadline], now: datetime, calendar) -> Deadline:
    """The AP's clock runs from the moment of discovery, not from the report; met already when the
    reporter told the AP before filing."""
    ap_clock = sla.start(cases.SUBJECT, case.id, clocks.AP_NOTIFICATION, report.discovered_at, calendar)
    if report.breach.get("ap_notified"):
        ap_clock.met_at = report.breach.get("ap_notified_at") or now
        sla.refresh(ap_clock, calendar)
    case.next_due_at = sla.nearest_open_due([*started, ap_clock])
    return ap_clock


def _acknowledged(case: Case, now: datetime) -> TimelineEvent:
    # The reference is taken last: its counter row stays locked until the commit (references.assign).
    references.assign(case)
    return timeline.append(case, "acknowledged", actor_label=DESK, visibility="parties", at=now, flush=False)


def _inform(case: Case, organisation: Organisation, response: Deadline | None, now: datetime) -> TimelineEvent:
    """Mails the participant the case concerns; when no one can be reached the foundation sees it."""
    reached = notices.inform_party(case, organisation, response)
    kind, visibility = ("party_informed", "parties") if reached else ("party_not_informed", "internal")
    return timeline.append(
        case,
        kind,
        organisation.name,
        actor_label=DESK,
        visibility=visibility,
        data={"organisation": organisation.id, "recipients": reached},
        at=now,
        flush=False,
    )
