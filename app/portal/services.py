"""The party view's services: an organisation's roles in its cases, and claiming a guest report."""

from flask_babel import gettext as _
from sqlalchemy import select

from app.cases import timeline
from app.cases.models import Case, CaseParty
from app.cases.services import case_records as cases
from app.errors_domain import Conflict, NotAllowed
from app.extensions import db
from app.intake.services.follow_up import find_for_follow_up


def roles_of(organisation_id: int, case_ids: list[int]) -> dict[int, list[str]]:
    """Per case, the organisation's roles in it (one query for a whole page of cases)."""
    found: dict[int, list[str]] = {}
    if case_ids:
        rows = db.session.execute(
            select(CaseParty.case_id, CaseParty.role)
            .where(CaseParty.organisation_id == organisation_id, CaseParty.case_id.in_(case_ids))
            .order_by(CaseParty.id)
        )
        for case_id, role in rows:
            found.setdefault(case_id, []).append(role)
    return found


def claim(reference: str, code: str, *, actor) -> Case:
    """A report filed as a guest joins the actor's organisation account: proven by reference and code.

    An unknown reference and a wrong code fail alike (NotFound), as on the follow-up page.
    """
    if actor is None or actor.is_staff or actor.organisation_id is None:
        raise NotAllowed(_("Only users of an organisation can add a report to its account."))
    case = find_for_follow_up(reference, code)
    reporters = {p.organisation_id for p in case.parties if p.role == "reporter"}
    if actor.organisation_id in reporters:
        raise Conflict(_("This report is already among your organisation's cases."))
    if reporters:
        raise Conflict(_("This report already belongs to another organisation's account."))
    cases.add_party(case, actor.organisation_id, "reporter")
    timeline.append(
        case,
        "claimed",
        actor.organisation.name,
        actor=actor,
        visibility="reporter",
        data={"organisation": actor.organisation_id},
    )
    return case
