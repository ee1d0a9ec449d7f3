"""Filing a report and following it up by reference and code."""
from dataclasses import dataclass, field
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import select

from app import clock
from app.cases import access, followup_codes, timeline
from app.cases.services import handling
from app.cases.services import case_records as cases
from app.cases.models import Case, IncidentDetails, TimelineEvent
from app.cases import references
from app.cases.uploads import CheckedFile
from app.errors_domain import NotFound
from app.extensions import db
from app.intake import notices
from app.sla import admin as sla_admin
from app.sla import clocks
from app.sla import services as sla
from app.sla.calendar import BusinessCalendar
from app.sla.clocks import ClockSpec
from app.sla.models import Deadline


@dataclass(frozen=True)
class Reporter:
    name: str
    email: str
    phone: str | None = None
    organisation: str | None = None
    # Opted in to access links by e-mail (app/intake/access_links.py), for a lost follow-up code.
    access_links: bool = False


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


def new_case(case_type: str, reporter: Reporter, actor, now: datetime, *, reporter_role: str = "reporter",
             subject_role: str = "subject", **fields) -> tuple[Case, str]:
    """The one way a case is created: a provisional reference (see references.assign), reporter,
    follow-up code and the two parties.

    The actor's organisation takes `reporter_role` and the case's participant `subject_role`
    (a dispute's claimant and respondent).
    """
    code = followup_codes.new_code()
    case = Case(
        reference=references.provisional(),
        type=case_type,
        status="received",
        reporter_name=reporter.name,
        reporter_email=reporter.email,
        reporter_phone=reporter.phone,
        reporter_organisation=reporter.organisation,
        reporter_user_id=actor.id if actor is not None else None,
        access_links_opt_in=reporter.access_links,
        follow_up_code_hash=followup_codes.hash_code(code),
        created_at=now,
        updated_at=now,
        # A new case has no parties yet: saying so spares a lazy load when they are added.
        parties=[],
        **fields,
    )
    db.session.add(case)
    db.session.flush()
    timeline.start_chain(case)
    if actor is not None:
        cases.add_party(case, actor.organisation_id, reporter_role)
    cases.add_party(case, case.participant_id, subject_role)
    return case, code


def start_clocks(case: Case, specs, now: datetime, calendar=None) -> list:
    """Starts the case's clocks and keeps its queue order in step; returns the deadline rows."""
    calendar = calendar or sla.current_calendar()
    started = []
    for spec in specs:
        deadline = sla.start(cases.SUBJECT, case.id, spec, now, calendar)
        if spec.kind == "acknowledge":
            # The acknowledgement goes out in this very transaction, so its clock is met at once.
            deadline.met_at = now
            sla.refresh(deadline, calendar)
        started.append(deadline)
    case.next_due_at = sla.nearest_open_due(started)
    return started


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


@dataclass(frozen=True)
class ClockSetting:
    """What starting a new case's clocks reads: the business calendar and the policy's clocks."""

    calendar: BusinessCalendar
    specs: tuple[ClockSpec, ...]


def incident_clocks(severity: str) -> ClockSetting:
    return ClockSetting(sla.current_calendar(), sla_admin.effective_clocks("incident", severity))


@dataclass(frozen=True)
class Filed:
    """A case just filed, with the rows its filing wrote: an answer can show them without reading."""

    case: Case
    code: str
    deadlines: tuple[Deadline, ...]  # every clock of the case
    events: tuple[TimelineEvent, ...]  # its whole timeline


def file_incident(report: IncidentReport, files: tuple[CheckedFile, ...] = (), actor=None) -> tuple[Case, str]:
    """Stores the report, its first events, its clocks and the acknowledgement; never commits."""
    filed = record_incident(report, files, actor)
    return filed.case, filed.code


def record_incident(report: IncidentReport, files: tuple[CheckedFile, ...] = (), actor=None,
                    setting: ClockSetting | None = None) -> Filed:
    """file_incident(), handing back the rows written as well.

    The policy and the calendar are read first (or passed in as `setting`, read before the
    transaction that writes); then the case is inserted for its id (the events chain on it) and
    everything else goes in one flush, instead of one per event and mail.
    """
    now = clock.now()
    setting = setting or incident_clocks(report.severity)
    calendar, specs = setting.calendar, setting.specs
    case, code = new_case(
        "incident", report.reporter, actor, now,
        category=report.category, severity=report.severity, title=report.title,
        description=report.description, participant_id=report.participant_id,
        incident=_incident_details(report),
    )
    label = report.reporter.name
    events = [timeline.append(case, "received", actor=actor, actor_label=label, visibility="parties",
                              data={"category": report.category, "severity": report.severity}, at=now,
                              flush=False)]
    for checked in files:
        events.append(cases.attach(case, checked, visibility="reporter", actor=actor, label=label).event)
    deadlines = start_clocks(case, specs, now, calendar)
    ap_clock = None
    if report.category == "data_breach":
        # The AP clock runs from the moment of discovery, not from the report.
        ap_clock = sla.start(cases.SUBJECT, case.id, clocks.AP_NOTIFICATION, report.discovered_at, calendar)
        if report.breach.get("ap_notified"):
            ap_clock.met_at = report.breach.get("ap_notified_at") or now
            sla.refresh(ap_clock, calendar)
        deadlines.append(ap_clock)
        case.next_due_at = sla.nearest_open_due(deadlines)
    references.assign(case)
    events.append(timeline.append(case, "acknowledged", actor_label="Edu-V Meldpunt", visibility="parties",
                                  at=now, flush=False))
    notices.acknowledge(case, ap_clock)
    db.session.flush()
    return Filed(case, code, tuple(deadlines), tuple(events))


def find_for_follow_up(reference: str, code: str) -> Case:
    """The case if the code fits; an unknown reference and a wrong code fail alike."""
    reference = (reference or "").strip().upper()
    case = db.session.scalar(select(Case).where(Case.reference == reference))
    stored = case.follow_up_code_hash if case is not None else followup_codes.UNKNOWN_CASE_HASH
    if not followup_codes.matches(code or "", stored) or case is None:
        raise NotFound(_("No report with this reference and code."))
    return case


def add_reporter_information(case: Case, body: str, files: tuple[CheckedFile, ...], actor=None) -> None:
    """The reporter adds information or files; the foundation sees it, the reporter too."""
    label = actor.name if actor is not None else access.reporter_label(case)
    event = cases.add_message(case, body, visibility="reporter", actor=actor, label=label, files=files)
    notices.reporter_added_information(case, event)
    handling.party_replied(case, "reporter", actor=actor, actor_label=label)  # ends a wait on the reporter
