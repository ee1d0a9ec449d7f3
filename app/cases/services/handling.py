"""Handling a case: transitions, triage, assignment, notes, messages and the complaint's extension."""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, not_, select

from app import clock
from app.auth.models import Role, User
from app.cases import access, deadline_events, labels, timeline, workflow
from app.cases.handling_models import ConflictOfInterest
from app.cases.models import OPEN_STATUSES, Case, TimelineEvent
from app.cases.notices import handling as handling_notices
from app.cases.notices import parties as party_notices
from app.cases.services import case_records as cases
from app.cases.visibility import for_party
from app.errors_domain import Conflict, DomainError, refused_change
from app.extensions import db
from app.sla import clocks
from app.sla import services as sla

SUBJECT = cases.SUBJECT
# The school's own legal duty runs on whatever the desk does with the report.
NOT_OURS = frozenset({"ap_notification"})
MAX_EXTENSION_WEEKS = 4
ANY_PARTY = "parties"


def _status_word(status: str) -> str:
    return labels.label(labels.STATUS, status).lower()


def _lock(case: Case) -> None:
    """Two handlers acting at once take turns, and each checks the state the other left."""
    db.session.flush()
    db.session.refresh(case, with_for_update=True)


def _require_changeable(case: Case) -> None:
    if workflow.is_final(case.status):
        raise Conflict(_("This case is %(status)s: it can no longer be changed.", status=_status_word(case.status)))


def check_transition(current: str, to: str, reason: str | None) -> None:
    """workflow.check with a translated message: a missing reason is bad input, the rest a conflict."""
    try:
        workflow.check(current, to, reason)
    except workflow.TransitionRefused as refused:
        raise refused_change(refused, _status_word) from None


def audiences(case: Case) -> list[str]:
    """Whom a message can address or a case wait on: all parties, the reporter, or one party."""
    organisations = sorted({p.organisation_id for p in case.parties if p.role != "reporter"})
    return [ANY_PARTY, "reporter", *(for_party(org_id) for org_id in organisations)]


def transition(
    case: Case,
    to: str,
    reason: str | None = None,
    *,
    actor,
    waiting_on: str | None = None,
    actor_label: str | None = None,
    notify: bool = True,
) -> TimelineEvent:
    """Moves the case on, recording who, when and why where the parties see it, and sets its clocks."""
    _lock(case)
    check_transition(case.status, to, reason)
    if to == "waiting" and (waiting_on or ANY_PARTY) not in audiences(case):
        raise DomainError(_("Choose whom the case waits on."), field="waiting_on")
    now, before = clock.now(), case.status
    data = {"from": before, "to": to}
    if to == "waiting":
        data["waitingOn"] = waiting_on or ANY_PARTY
    case.status = to
    if workflow.is_final(to):
        case.closed_at = now
    # The reason is written for the parties: internal thoughts belong in a note.
    event = timeline.append(
        case,
        "status",
        (reason or "").strip(),
        actor=actor,
        actor_label=actor_label,
        visibility="parties",
        data=data,
        at=now,
    )
    _move_clocks(case, before, to, now)
    if notify and to != "triage":  # triage is the desk's own first step
        _announce(case, event, actor)
    return event


def _announce(case: Case, event: TimelineEvent, actor) -> None:
    to = event.data["to"]
    if to == "rejected":
        handling_notices.decision_letter(
            case, event, "rejected", _l("%(reference)s is not admissible", reference=case.reference)
        )
    else:
        party_notices.notify_parties(
            case, "parties", _l("the status changed to: %(status)s.", status=labels.STATUS[to]), actor=actor
        )


def _move_clocks(case: Case, before: str, to: str, now) -> None:
    sla.meet(SUBJECT, case.id, "first_response", now)
    if before == "waiting":
        sla.resume(SUBJECT, case.id, now)
    if to == "waiting":
        sla.pause(SUBJECT, case.id, ("resolution",), now)
    if before == "triage":
        sla.meet(SUBJECT, case.id, "admissibility", now)
    if to == "decided":
        sla.meet(SUBJECT, case.id, "resolution", now)
    if workflow.is_final(to):
        for kind in {d.kind for d in sla.for_subject(SUBJECT, case.id) if d.met_at is None} - NOT_OURS:
            sla.meet(SUBJECT, case.id, kind, now)
    cases.sync_next_due(case)


def triage(case: Case, admissible: bool, reason: str | None, *, actor) -> TimelineEvent:
    """The admissibility decision; a rejection's reason goes to every side in writing."""
    target = "in_progress" if admissible else "rejected"
    if case.status == "received":
        check_transition("triage", target, reason)  # refuse before anything is written
        transition(case, "triage", actor=actor)
    elif case.status != "triage":
        raise Conflict(
            _("Admissibility is decided once, at triage; this case is %(status)s.", status=_status_word(case.status))
        )
    return transition(case, target, reason, actor=actor)


def waiting_on(case: Case) -> str | None:
    """Whom the case waits on, as recorded when it began to wait."""
    if case.status != "waiting":
        return None
    data = db.session.scalar(
        select(TimelineEvent.data)
        .where(TimelineEvent.case_id == case.id, TimelineEvent.kind == "status")
        .order_by(TimelineEvent.seq.desc())
        .limit(1)
    )
    return (data or {}).get("waitingOn", ANY_PARTY)


def party_replied(case: Case, scope: str, *, actor=None, actor_label: str | None = None) -> bool:
    """A reply from the party the case waits on resumes it (and its resolution clock)."""
    if waiting_on(case) not in (ANY_PARTY, scope):
        return False
    transition(case, "in_progress", actor=actor, actor_label=actor_label or "Edu-V Meldpunt", notify=False)
    return True


def has_conflict(user: User, case: Case) -> bool:
    return user.id in conflicted_user_ids(case)


def conflicted_user_ids(case: Case) -> set[int]:
    """The users with a declared conflict of interest with an organisation on the case, in one query."""
    ids = access.case_organisation_ids(case)
    if not ids:
        return set()
    found = select(ConflictOfInterest.user_id).where(ConflictOfInterest.organisation_id.in_(ids))
    return set(db.session.scalars(found))


def find_handler(email: str) -> User:
    user = db.session.scalar(select(User).where(func.lower(User.email) == (email or "").strip().lower()))
    if user is None:
        raise DomainError(_("No user has this e-mail address."), field="assignee")
    return user


def assign(case: Case, assignee: User, *, actor) -> bool:
    """Makes `assignee` the case handler and tells them; False when they already were."""
    _lock(case)
    _require_changeable(case)
    if not access.is_handler(assignee):
        raise DomainError(
            _("%(name)s cannot handle cases: only active supervisors and coordinators can.", name=assignee.name),
            field="assignee",
        )
    if has_conflict(assignee, case):
        raise DomainError(
            _("%(name)s declared a conflict of interest with a party of this case.", name=assignee.name),
            field="assignee",
        )
    if case.assignee_id == assignee.id:
        return False
    before = case.assignee
    case.assignee = assignee
    event = timeline.append(
        case,
        "assigned",
        assignee.name,
        actor=actor,
        visibility="internal",
        data={"from": before.id if before else None, "to": assignee.id},
    )
    handling_notices.assigned(case, assignee, event)
    return True


def auto_assign(case: Case, *, actor) -> User:
    """The supervisor on duty with the fewest open cases, skipping any with a conflict of interest."""
    _require_changeable(case)
    load = (
        select(func.count(Case.id))
        .where(Case.assignee_id == User.id, Case.status.in_(OPEN_STATUSES), Case.id != case.id)
        .scalar_subquery()
    )
    conflicted = (
        select(ConflictOfInterest.id)
        .where(
            ConflictOfInterest.user_id == User.id,
            ConflictOfInterest.organisation_id.in_(access.case_organisation_ids(case) or {-1}),
        )
        .exists()
    )
    query = (
        select(User)
        .where(
            User.role == Role.SUPERVISOR.value,
            User.active.is_(True),
            User.on_duty.is_(True),
            not_(conflicted),
        )
        .order_by(load, User.id)
        .limit(1)
    )
    chosen = db.session.scalar(query)
    if chosen is None:
        raise DomainError(
            _(
                "No supervisor is on duty without a conflict of interest with the parties "
                "of this case. Assign someone by hand."
            ),
            field="assignee",
        )
    assign(case, chosen, actor=actor)
    return chosen


def add_note(case: Case, body: str, *, actor) -> TimelineEvent:
    """An internal note: the foundation only."""
    body = _required_text(body, "body")
    return timeline.append(case, "note", body, actor=actor, visibility="internal")


def send_message(case: Case, body: str, visibility: str, *, actor) -> TimelineEvent:
    """A message to the parties, the reporter or one party, who get a link to it by e-mail."""
    body = _required_text(body, "body")
    if visibility not in audiences(case):
        raise DomainError(_("Choose who receives the message."), field="visibility")
    event = cases.add_message(case, body, visibility=visibility, actor=actor)
    responded(case, event.at, reaches_reporter=visibility in (ANY_PARTY, "reporter"))
    party_notices.notify_parties(case, visibility, _l("a new message."), actor=actor)
    return event


def responded(case: Case, at, *, reaches_reporter: bool) -> None:
    """A word to the outside is the first response; one to the reporter is also a crisis's update."""
    sla.meet(SUBJECT, case.id, "first_response", at)
    if reaches_reporter and sla.meet(SUBJECT, case.id, "update", at):
        deadline_events.restart_update_clock(case, at)  # the next update period starts now
    cases.sync_next_due(case)


def _required_text(text: str | None, field: str) -> str:
    text = (text or "").strip()
    if not text:
        raise DomainError(_("This field is required."), field=field)
    return text


def extend_complaint_term(case: Case, weeks: int, reason: str, *, actor) -> TimelineEvent:
    """The one extension (verdaging) of a complaint's decision term, announced to both sides."""
    _lock(case)
    if case.type != "complaint":
        raise DomainError(_("Only the decision term of a complaint can be extended."))
    if not workflow.is_open(case.status):
        raise Conflict(
            _("This case is %(status)s: its decision term can no longer be extended.", status=_status_word(case.status))
        )
    if not isinstance(weeks, int) or not 1 <= weeks <= MAX_EXTENSION_WEEKS:
        raise DomainError(_("Extend by 1 to 4 weeks."), field="weeks")
    reason = _required_text(reason, "reason")
    if was_extended(case):
        raise Conflict(_("The decision term of this complaint was already extended; it can be extended only once."))
    term = next((d for d in sla.for_subject(SUBJECT, case.id) if d.kind == "resolution" and d.met_at is None), None)
    if term is None:
        raise Conflict(_("This complaint has no running decision term to extend."))
    if term.breached_at is not None or clock.as_utc(term.due_at) <= clock.now():
        raise Conflict(_("The decision term has passed: an extension must be announced before it ends."))
    sla.extend(SUBJECT, case.id, "resolution", _in_basis(term.basis, weeks))
    cases.sync_next_due(case)
    event = timeline.append(
        case,
        "term_extended",
        reason,
        actor=actor,
        visibility="parties",
        data={"weeks": weeks, "dueAt": clock.as_utc(term.due_at).isoformat()},
    )
    handling_notices.decision_letter(
        case,
        event,
        "term_extended",
        _l("The decision on %(reference)s is postponed", reference=case.reference),
        weeks=weeks,
        due_at=term.due_at,
    )
    return event


def was_extended(case: Case) -> bool:
    """The timeline is the record: one extension event and the term has had its one extension."""
    found = select(TimelineEvent.id).where(TimelineEvent.case_id == case.id, TimelineEvent.kind == "term_extended")
    return db.session.scalar(found.limit(1)) is not None


def _in_basis(basis: str, weeks: int) -> int:
    """Weeks in the clock's own unit: the term may be configured in business or calendar time."""
    if basis == clocks.Basis.WEEKS.value:
        return weeks
    if basis == clocks.Basis.BUSINESS.value:
        return weeks * 5 * clocks.BUSINESS_DAY
    return weeks * clocks.WEEK
