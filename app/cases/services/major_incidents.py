"""Major incidents: many reports of one breach linked to a lead case, updated and closed together."""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.cases import timeline, workflow
from app.cases.models import Case
from app.cases.notices import parties as party_notices
from app.cases.services import handling
from app.errors_domain import Conflict, DomainError
from app.extensions import db


def linked(lead: Case) -> list[Case]:
    return list(db.session.scalars(select(Case).where(Case.lead_case_id == lead.id).order_by(Case.id)))


def linked_open(lead: Case) -> list[Case]:
    """The linked reports not yet finished: what closing the lead proposes to close."""
    return [case for case in linked(lead) if not workflow.is_final(case.status)]


def link_to_lead(case: Case, lead: Case, *, actor) -> bool:
    """Links a report to the major incident `lead`; False when it already was."""
    if case.id == lead.id:
        raise DomainError(_("A report cannot be linked to itself."), field="lead")
    if case.type != "incident" or lead.type != "incident":
        raise DomainError(_("Only incidents can be linked to a major incident."), field="lead")
    if lead.lead_case_id is not None:
        raise DomainError(
            _("%(lead)s is itself linked to a major incident: link to that one instead.", lead=lead.reference),
            field="lead",
        )
    if linked(case):
        raise DomainError(
            _(
                "%(reference)s is the lead of a major incident and cannot be linked to another.",
                reference=case.reference,
            ),
            field="lead",
        )
    for item in (case, lead):
        if workflow.is_final(item.status):
            raise Conflict(_("%(reference)s is finished and cannot be linked.", reference=item.reference))
    if case.lead_case_id == lead.id:
        return False
    previous = db.session.get(Case, case.lead_case_id) if case.lead_case_id else None
    case.lead_case_id = lead.id
    timeline.append(
        case,
        "linked",
        lead.reference,
        actor=actor,
        visibility="internal",
        data={"lead": lead.reference, "previous": previous.reference if previous else None},
    )
    timeline.append(
        lead, "report_linked", case.reference, actor=actor, visibility="internal", data={"report": case.reference}
    )
    return True


def message_all_linked(lead: Case, body: str, *, actor) -> int:
    """One update on the lead that reaches the reporter of every linked report; the number reached."""
    body = (body or "").strip()
    if not body:
        raise DomainError(_("This field is required."), field="body")
    reports = linked(lead)
    if not reports:
        raise Conflict(_("No reports are linked to %(reference)s yet.", reference=lead.reference))
    handling.send_message(lead, body, "parties", actor=actor)
    for report in reports:
        event = timeline.append(
            report, "message", body, actor=actor, visibility="reporter", data={"lead": lead.reference}
        )
        handling.responded(report, event.at, reaches_reporter=True)
        party_notices.notify_parties(report, "reporter", _l("a new message about the major incident."), actor=actor)
    return len(reports)


def close_linked(lead: Case, reason: str, *, actor) -> list[Case]:
    """Closes every open linked report along its workflow, once the lead itself is closed."""
    if lead.status != "closed":
        raise Conflict(_("Close %(reference)s first; its linked reports follow.", reference=lead.reference))
    closed = []
    for report in linked_open(lead):
        steps = workflow.path(report.status, "closed")
        for number, step in enumerate(steps, start=1):
            # Each step is recorded; only the last one mails the reporter.
            handling.transition(report, step, reason, actor=actor, notify=number == len(steps))
        closed.append(report)
    return closed
