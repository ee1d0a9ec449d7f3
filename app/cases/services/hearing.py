"""Hoor en wederhoor: the foundation asks a party for a response by a deadline; the party's reply meets it.

A request is a `response` clock on the case plus a timeline event, visible to that party only,
that names the clock and the organisation. A dispute's own clocks are owed by its sides: the
claimant substantiates, the respondent responds. Messages and files of parties pass through here
too, so every reply meets what was asked of its organisation.
"""

from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app import clock
from app.cases import access, timeline
from app.cases.models import RESPONSE_REQUESTED, Case, CaseParty, TimelineEvent
from app.cases.notices import parties as party_notices
from app.cases.services import case_records as cases
from app.cases.services import handling
from app.cases.uploads import CheckedFile
from app.cases.visibility import for_party
from app.errors_domain import Conflict, DomainError, NotAllowed, NotFound
from app.extensions import db
from app.sla import services as sla
from app.sla.clocks import BUSINESS_DAY, Basis, ClockSpec
from app.sla.models import Deadline

DISPUTE_CLOCKS = {"substantiation": "claimant", "response": "respondent"}
DEFAULT_DAYS = 10  # the domain's response term (dispute response, request for explanation)
MAX_DAYS = 60


@dataclass(frozen=True)
class Ask:
    """A clock an organisation must answer, with the foundation's question when there is one."""

    deadline: Deadline
    organisation_id: int
    question: str | None


def request_response(case: Case, organisation_id: int, question: str, business_days: int, *, actor) -> TimelineEvent:
    """Asks one organisation party for a response within `business_days`; that party is mailed."""
    if not access.can_handle(access.Viewer(user=actor), case):
        raise NotAllowed(_("Only the foundation's case handlers ask a party for a response."))
    if not case.is_open:
        raise Conflict(_("This case is closed: no response can be asked for any more."))
    if organisation_id not in {p.organisation_id for p in case.parties}:
        raise DomainError(_("Choose a party of this case."), field="organisation")
    question = (question or "").strip()
    if not question:
        raise DomainError(_("Write what you ask the party."), field="question")
    if not 1 <= business_days <= MAX_DAYS:
        raise DomainError(_("Give between 1 and %(max)s business days.", max=MAX_DAYS), field="days")
    now = clock.now()
    deadline = sla.start(
        cases.SUBJECT, case.id, ClockSpec("response", Basis.BUSINESS, business_days * BUSINESS_DAY), now
    )
    db.session.flush()
    event = timeline.append(
        case,
        RESPONSE_REQUESTED,
        question,
        actor=actor,
        visibility=for_party(organisation_id),
        data={"deadline": deadline.id, "organisation": organisation_id, "due": deadline.due_at.isoformat()},
        at=now,
    )
    cases.sync_next_due(case)
    due = clock.local(deadline.due_at).strftime("%d-%m-%Y %H:%M")
    party_notices.notify_parties(
        case, event.visibility, _l("the foundation asks for your response by %(due)s.", due=due), actor=actor
    )
    return event


def owed_clocks(case_ids: list[int]) -> dict[int, tuple[int, str | None]]:
    """Deadline id -> (organisation that owes it, question) for the clocks a party must answer."""
    claims: dict[int, tuple[int, str | None]] = {}
    if not case_ids:
        return claims
    # Only the two columns read: the others are encrypted, and decrypting costs per row.
    requests = db.session.execute(
        select(TimelineEvent.data, TimelineEvent.text).where(
            TimelineEvent.case_id.in_(case_ids), TimelineEvent.kind == RESPONSE_REQUESTED
        )
    )
    for data, question in requests:
        claims[data["deadline"]] = (data["organisation"], question)
    sides = db.session.execute(
        select(CaseParty.case_id, CaseParty.role, CaseParty.organisation_id)
        .join(Case)
        .where(Case.type == "dispute", CaseParty.case_id.in_(case_ids), CaseParty.role.in_(DISPUTE_CLOCKS.values()))
    )
    side_of = {(case_id, role): organisation_id for case_id, role, organisation_id in sides}
    if not side_of:  # no dispute among the cases: none of them has the procedure's own clocks
        return claims
    own_clocks = db.session.scalars(
        select(Deadline).where(
            Deadline.subject_type == cases.SUBJECT, Deadline.subject_id.in_(case_ids), Deadline.kind.in_(DISPUTE_CLOCKS)
        )
    )
    for deadline in own_clocks:
        side = side_of.get((deadline.subject_id, DISPUTE_CLOCKS[deadline.kind]))
        if deadline.id not in claims and side is not None:
            claims[deadline.id] = (side, None)
    return claims


def asks(case_ids: list[int], organisation_id: int | None = None) -> dict[int, list[Ask]]:
    """Per case, the open clocks owed by the organisation (by any party when None), earliest first."""
    claims = owed_clocks(case_ids)
    wanted = [i for i, (org, _question) in claims.items() if organisation_id in (None, org)]
    found: dict[int, list[Ask]] = {}
    if wanted:
        open_clocks = db.session.scalars(
            select(Deadline).where(Deadline.id.in_(wanted), Deadline.met_at.is_(None)).order_by(Deadline.due_at)
        )
        for deadline in open_clocks:
            org, question = claims[deadline.id]
            found.setdefault(deadline.subject_id, []).append(Ask(deadline, org, question))
    return found


def visible_deadlines(
    viewer: access.Viewer, case: Case, started: tuple[Deadline, ...] | None = None
) -> list[Deadline] | list[sla.ShownClock]:
    """The case's clocks without the requests to another party: those are between it and the foundation.

    The procedure's own clocks (a dispute's substantiation and response) are known to both sides.
    `started`: every clock of a case filed in this transaction, as its filing started them. No party
    has been asked anything on such a case yet: each of them is visible to whoever sees the case.
    """
    if started is not None:
        return sorted(started, key=lambda d: (d.due_at, d.id))  # as sla.for_subject orders them
    return visible_deadlines_of(viewer, [case.id])[case.id]


def visible_deadlines_of(viewer: access.Viewer, case_ids: list[int]) -> dict[int, list[sla.ShownClock]]:
    """Per case id, the clocks `visible_deadlines` shows the viewer, in a fixed number of queries."""
    deadlines = sla.shown_for_subjects(cases.SUBJECT, case_ids)
    if viewer.is_staff:
        return deadlines
    requested = owed_clocks(case_ids)
    own = viewer.organisation_id
    return {
        case_id: [d for d in clocks if d.id not in requested or requested[d.id][1] is None or requested[d.id][0] == own]
        for case_id, clocks in deadlines.items()
    }


def _answer(case: Case, organisation_id: int, at: datetime) -> None:
    """The organisation's reply meets every open clock it owed on the case."""
    for ask in asks([case.id], organisation_id).get(case.id, []):
        ask.deadline.met_at = at
        sla.refresh(ask.deadline)
    db.session.flush()
    cases.sync_next_due(case)


def require_writer(case: Case, actor) -> access.Viewer:
    """The actor as a viewer who may write on the case; otherwise the refusal a page or API shows."""
    viewer = access.Viewer(user=actor)
    if not access.can_view(viewer, case):
        raise NotFound(_("No case with this reference, or you may not see it."))
    if not access.can_contribute(viewer, case):
        if viewer.is_staff:
            raise NotAllowed(_("Only the foundation's case handlers write on cases."))
        raise Conflict(_("This case is closed; information can no longer be added."))
    return viewer


def _check_writer(case: Case, visibility: str, actor) -> access.Viewer:
    viewer = require_writer(case, actor)
    if visibility not in access.message_scopes(viewer, case):
        raise DomainError(_("Choose who may see this."), field="visibility")
    return viewer


def _after_writing(case: Case, viewer: access.Viewer, event: TimelineEvent, what) -> None:
    """Mails the others; a party's reply meets its open clocks and ends a wait on it."""
    party_notices.notify_parties(case, event.visibility, what, actor=viewer.user)
    if not viewer.is_staff and viewer.organisation_id is not None:
        _answer(case, viewer.organisation_id, event.at)
        handling.party_replied(case, access.own_scope(viewer, case), actor=viewer.user)


def reply(case: Case, body: str, visibility: str, files: tuple[CheckedFile, ...] = (), *, actor) -> TimelineEvent:
    """A party's message (with any files) under the visibility it chose; it answers what was asked."""
    viewer = _check_writer(case, visibility, actor)
    body = (body or "").strip()
    if not body:
        raise DomainError(_("This field is required."), field="body")
    event = cases.add_message(case, body, visibility=visibility, actor=actor, files=files)
    _after_writing(case, viewer, event, _l("a new message."))
    return event


def add_file(case: Case, checked: CheckedFile, visibility: str, *, actor):
    """One file from a party or a case handler, on its own timeline event."""
    viewer = _check_writer(case, visibility, actor)
    attachment = cases.attach(case, checked, visibility=visibility, actor=actor)
    _after_writing(case, viewer, attachment.event, _l("a new document."))
    return attachment
