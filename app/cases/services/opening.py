"""Opening a case: the one way a case is created (reference, reporter, follow-up code, parties, chain)
and its clocks started; intake's filing and compliance's objections both open cases this way."""

from dataclasses import dataclass
from datetime import datetime

from app.cases import followup_codes, references, timeline
from app.cases.models import Case
from app.cases.services import case_records as cases
from app.extensions import db
from app.sla import services as sla


@dataclass(frozen=True)
class Reporter:
    name: str
    email: str
    phone: str | None = None
    organisation: str | None = None
    # Opted in to access links by e-mail (app/intake/access_links.py), for a lost follow-up code.
    access_links: bool = False


def new_case(
    case_type: str,
    reporter: Reporter,
    actor,
    now: datetime,
    *,
    reporter_role: str = "reporter",
    subject_role: str = "subject",
    **fields,
) -> tuple[Case, str]:
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
