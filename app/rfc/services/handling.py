"""Handling an RFC: status transitions checked by the workflow, the desk's type and priority, the analysis,
the CAB's advice, planning into a release, redaction, and the incident a blocker on a live data service
starts. Services take the actor, raise domain errors and never commit."""

from flask_babel import gettext as _
from sqlalchemy import select

from app import clock
from app.auth.models import User
from app.cases.models import Case, IncidentDetails
from app.cases.services.opening import Reporter
from app.errors_domain import Conflict, DomainError, NotAllowed, NotFound, refused_change
from app.extensions import db
from app.intake.services import filing
from app.register.models import Keurmerk
from app.rfc import access, labels, notices, planning, workflow
from app.rfc.models import Release, Rfc
from app.rfc.services import clocks, events

FOUNDATION = "Stichting Edu-V"


def _require_handler(actor) -> None:
    if not access.can_handle(actor):
        raise NotAllowed(_("Only the change manager and the analysts handle RFCs."))


def _word(code: str) -> str:
    return labels.label(labels.STATUS, code)


def transition(rfc: Rfc, target: str, reason: str | None, *, actor, advice: str | None = None):
    """Moves the RFC to `target`; the workflow refuses what the process does not allow (409), a missing
    reason is bad input (422). Who, when and why go on its events; the submitter is told where the
    process says so."""
    _require_handler(actor)
    reason = (reason or "").strip()
    try:
        workflow.check(rfc.status, target, rfc.type, rfc.priority, reason, rfc.held_from)
    except workflow.TransitionRefused as refused:
        raise refused_change(refused, _word) from None
    current, now = rfc.status, clock.now()
    rfc.status = target
    if target == "on_hold":
        rfc.held_from, rfc.hold_reason = current, reason
    elif current == "on_hold":
        rfc.held_from = None
    if target == "rejected":
        rfc.rejection_reason = reason
        rfc.rejection_advice = (advice or "").strip() or None
    if target in workflow.FINAL:
        rfc.closed_at = now
    clocks.follow(rfc, current, target, now)
    told = workflow.tells_submitter(target)
    # The change is public (the register and its feed show it without the reason, app/rfc/services/register.py);
    # the reason is read by the submitter and the foundation.
    event = events.append(
        rfc,
        "status",
        reason,
        actor=actor,
        visibility="public",
        data={"from": current, "to": target, "told": told},
        at=now,
    )
    if told:
        notices.tell_status(rfc, event)
    return event


def classify(rfc: Rfc, rfc_type: str, priority: str, *, actor) -> Case | None:
    """The desk's type and priority; a blocker on a live data service starts incident management."""
    _require_handler(actor)
    _open(rfc)
    if rfc_type not in workflow.TYPES or priority not in workflow.PRIORITIES:
        raise DomainError(_("Choose a type and a priority from the list."), "priority")
    before = (rfc.type, rfc.priority)
    rfc.type, rfc.priority = rfc_type, priority
    if before != (rfc_type, priority):
        events.append(
            rfc,
            "analysis",
            actor=actor,
            visibility="public",
            data={"type": rfc_type, "priority": priority, "was": list(before)},
        )
    return blocker_incident(rfc, actor=actor) if priority == "blocker" else None


def _open(rfc: Rfc) -> None:
    if not rfc.is_open:
        raise Conflict(_("This RFC is finished: it can no longer change."))


ANALYSIS_FIELDS = (
    "analyst_id",
    "reviewer_id",
    "workgroup",
    "workgroup_on",
    "council_on",
    "impact_technical",
    "impact_implementation",
    "impact_risks",
    "impact_roadmap",
    "impact_practice",
    "advice_workgroup",
    "advice_council",
)


def record_analysis(rfc: Rfc, values: dict, *, actor) -> list[str]:
    """The handling fields as the analyst records them; returns the names of those that changed."""
    _require_handler(actor)
    for name in ("analyst_id", "reviewer_id"):
        chosen = values.get(name)
        user = db.session.get(User, chosen) if chosen is not None else None
        if chosen is not None and (user is None or not access.can_handle(user)):
            raise DomainError(_("Choose an analyst of the foundation."), name)
    changed = []
    for name in ANALYSIS_FIELDS:
        value = values.get(name)
        value = value.strip() or None if isinstance(value, str) else value
        if getattr(rfc, name) != value:
            setattr(rfc, name, value)
            changed.append(name)
    if changed:
        events.append(rfc, "analysis", actor=actor, visibility="internal", data={"fields": changed})
    return changed


def record_cab_advice(rfc: Rfc, cab_on, priority: str, advice: str, *, actor) -> Case | None:
    """The CAB's advice and priority for an RFC on its agenda, recorded by the change manager."""
    if not access.can_chair_cab(actor):
        raise NotAllowed(_("The change manager records the CAB's advice."))
    _open(rfc)
    if rfc.status not in workflow.CAB_STATUSES:
        raise Conflict(_("Only an RFC on the CAB's agenda (to prioritise or to review) gets the CAB's advice."))
    rfc.cab_on, rfc.advice_cab = cab_on, advice.strip()
    events.append(
        rfc,
        "cab_advice",
        rfc.advice_cab,
        actor=actor,
        visibility="submitter",
        data={"priority": priority, "on": cab_on.isoformat()},
    )
    return classify(rfc, rfc.type, priority, actor=actor)


def plan(rfc: Rfc, release_id: int | None, freeze_reason: str | None, *, actor) -> Release:
    """Plans the RFC into a release of the kind its priority needs; a technical change in a release inside
    the summer freeze needs an explicit reason."""
    _require_handler(actor)
    _open(rfc)
    release = db.session.get(Release, release_id) if release_id else None
    if release is None:
        raise DomainError(_("Choose a release."), "release_id")
    if not planning.fits(release.kind, rfc.priority):
        raise DomainError(
            _(
                "A %(priority)s RFC goes into a %(kind)s.",
                priority=labels.label(labels.PRIORITY, rfc.priority).lower(),
                kind=labels.label(labels.RELEASE_KIND, planning.KIND_FOR_PRIORITY[rfc.priority]).lower(),
            ),
            "release_id",
        )
    reason = (freeze_reason or "").strip() or None
    if planning.needs_freeze_reason(rfc.is_technical, release.planned_on) and reason is None:
        raise DomainError(
            _(
                "This release falls in the summer freeze (15 July to 1 October): say why this technical change "
                "cannot wait (a law or urgency)."
            ),
            "freeze_reason",
        )
    rfc.release, rfc.freeze_reason = release, reason
    events.append(
        rfc,
        "planned",
        reason or "",
        actor=actor,
        visibility="public",
        data={"release": release.name, "freeze": reason is not None},
    )
    return release


def redact(rfc: Rfc, names: list[str], *, actor) -> None:
    """The names the public register shows as "[geredigeerd]" in the RFC's texts."""
    _require_handler(actor)
    if names != list(rfc.redacted_names or []):
        rfc.redacted_names = names
        events.append(rfc, "redaction", actor=actor, visibility="internal", data={"count": len(names)})


def _live(gegevensdienst: str | None) -> bool:
    """A data service that participants already run: someone holds a keurmerk for it."""
    if gegevensdienst is None:
        return False
    return db.session.scalar(select(Keurmerk.id).where(Keurmerk.gegevensdienst == gegevensdienst).limit(1)) is not None


def _open_outage(gegevensdienst: str) -> Case | None:
    return db.session.scalar(
        select(Case)
        .join(IncidentDetails, IncidentDetails.case_id == Case.id)
        .where(
            Case.type == "incident",
            Case.status.in_(("received", "triage", "in_progress", "waiting")),
            IncidentDetails.gegevensdienst == gegevensdienst,
        )
        .order_by(Case.id)
        .limit(1)
    )


def blocker_incident(rfc: Rfc, *, actor) -> Case | None:
    """A blocker on a live data service starts incident management: links the open incident on that data
    service, or opens one (a calamity: several chain processes fail). None when not live or linked already."""
    if rfc.incident_case_id is not None or not _live(rfc.gegevensdienst):
        return None
    case = _open_outage(rfc.gegevensdienst)
    opened = case is None
    if opened:
        report = filing.IncidentReport(
            reporter=Reporter(name=actor.name, email=actor.email, organisation=FOUNDATION),
            participant_id=None,
            category="outage",
            title=_("%(reference)s: blocker on %(service)s", reference=rfc.reference, service=rfc.gegevensdienst)[:200],
            description=rfc.public(rfc.description),
            discovered_at=clock.now(),
            severity="calamity",
            gegevensdienst=rfc.gegevensdienst,
        )
        case = filing.file_incident(report, actor=actor).case
    rfc.incident_case = case
    events.append(
        rfc,
        "incident_linked",
        case.reference,
        actor=actor,
        visibility="internal",
        data={"case": case.reference, "opened": opened},
    )
    return case


def find(reference: str) -> Rfc:
    rfc = db.session.scalar(select(Rfc).where(Rfc.reference == reference)) if reference else None
    if rfc is None:
        raise NotFound(_("No RFC with this reference."))
    return rfc
