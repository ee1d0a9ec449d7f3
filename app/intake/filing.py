"""Filing complaints and disputes: one case, its first events, clocks and mails, never committed."""
from dataclasses import dataclass
from datetime import date, datetime

from flask_babel import gettext as _

from app import clock
from app.cases import access, references, timeline
from app.cases.details import ComplaintDetails, DisputeDetails
from app.cases.models import Case
from app.cases.services import case_records as cases
from app.cases.uploads import CheckedFile
from app.errors_domain import DomainError, NotAllowed
from app.extensions import db
from app.intake import filing_notices, notices
from app.intake.fields import MAX_ID
from app.intake.services import Reporter, new_case, start_clocks
from app.register.models import Organisation
from app.sla import admin as sla_admin

DESK = "Edu-V Meldpunt"
# The participant complained about reads the timeline: without consent it shows this, not a name.


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


def file_complaint(report: ComplaintReport, files: tuple[CheckedFile, ...] = (), actor=None) -> tuple[Case, str]:
    """Stores the complaint, tells the participant, acknowledges the complainant; returns the follow-up code."""
    subject = participant(report.participant_id, "participant_id")
    now = clock.now()
    case, code = new_case(
        "complaint", report.reporter, actor, now,
        title=report.title, description=report.description, participant_id=subject.id,
    )
    case.complaint = ComplaintDetails(
        occurred_on=report.occurred_on,
        raised_with_participant=report.raised_with_participant,
        desired_outcome=report.desired_outcome,
        contact_shared=report.contact_shared,
    )
    timeline.append(case, "received", actor=actor, actor_label=access.reporter_label(case), visibility="parties",
                    at=now)
    for checked in files:
        # Files may name the complainant: the foundation shares them with the participant if fit.
        cases.attach(case, checked, visibility="reporter", actor=actor, label=access.reporter_label(case))
    start_clocks(case, sla_admin.effective_clocks("complaint"), now)
    _acknowledged(case, now)
    notices.acknowledge(case)
    _inform(case, subject, None, now)
    return case, code


def file_dispute(report: DisputeReport, files: tuple[CheckedFile, ...] = (), actor=None) -> Case:
    """Stores the dispute with the actor's organisation as claimant and starts the respondent's clock.

    Disputes are followed through the account, so no follow-up code is handed out.
    """
    require_dispute_filer(actor)
    other = respondent(actor.organisation_id, report.respondent_id)
    now = clock.now()
    claimant = Reporter(name=actor.name, email=actor.email, organisation=actor.organisation.name)
    case = new_case(
        "dispute", claimant, actor, now, reporter_role="claimant", subject_role="respondent",
        title=report.title, description=report.description, participant_id=other.id,
    )[0]
    case.dispute = DisputeDetails(
        agreement=report.agreement, prior_attempt=report.prior_attempt, desired_outcome=report.desired_outcome,
    )
    timeline.append(case, "received", actor=actor, visibility="parties", at=now)
    visibility = f"party:{actor.organisation_id}" if report.files_confidential else "parties"
    for checked in files:
        cases.attach(case, checked, visibility=visibility, actor=actor)
    # The respondent is told at once, so its response term runs from filing; substantiation
    # is asked of the claimant after admissibility, by the case handler (app.sla.clocks).
    started = start_clocks(
        case, (*sla_admin.effective_clocks("dispute"), sla_admin.effective_clock("dispute", "response")), now)
    _acknowledged(case, now)
    filing_notices.acknowledge_dispute(case)
    response = next(d for d in started if d.kind == "response")
    _inform(case, other, response, now)
    return case


def _acknowledged(case: Case, now: datetime) -> None:
    references.assign(case)
    timeline.append(case, "acknowledged", actor_label=DESK, visibility="parties", at=now)


def _inform(case: Case, organisation: Organisation, response, now: datetime) -> None:
    """Mails the participant the case concerns; when no one can be reached the foundation sees it."""
    reached = filing_notices.inform_party(case, organisation, response)
    kind, visibility = ("party_informed", "parties") if reached else ("party_not_informed", "internal")
    timeline.append(case, kind, organisation.name, actor_label=DESK, visibility=visibility,
                    data={"organisation": organisation.id, "recipients": reached}, at=now)
