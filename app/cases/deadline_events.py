"""What a case's clock events mean (reminders, warnings, escalation, crisis updates); what `sla` may know of cases."""

import hashlib
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app import links as link_seam
from app.auth.models import Role, User
from app.cases import labels, links, timeline
from app.cases.models import OPEN_STATUSES, Case
from app.cases.notices import parties as party_notices
from app.cases.services import case_records as cases
from app.cases.services import queries
from app.extensions import db
from app.i18n import localdt
from app.notify import services as outbox
from app.sla import admin as sla_admin
from app.sla import services as sla
from app.sla.calendar import BusinessCalendar
from app.sla.models import Deadline
from app.sla.sweep import DueEvent, register_handler

UPDATE = "update"
DIGEST_TEMPLATES = {"warn": "deadline_warning", "breach": "deadline_breach"}
RESYNC_CHUNK = 500  # cases per query when many move at once (SQLite limits bound parameters)


@dataclass(frozen=True)
class DigestLine:
    """One clock in a digest, worded once for all its recipients."""

    deadline_id: int
    reference: str
    title: str
    kind: str
    due: str
    handler: str
    url: str


class _Batch:
    """What one sweep batch needs, each loaded once (the cases, the coordinators, the calendar),
    and the warnings and breaches it collects per recipient."""

    def __init__(self, events: list[DueEvent]):
        ids = {event.deadline.subject_id for event in events}
        query = select(Case).where(Case.id.in_(sorted(ids))).options(selectinload(Case.assignee))
        self.cases = {case.id: case for case in db.session.scalars(query)}
        # Their parties and a complaint's consent, read now for all: the timeline and the notices ask
        # for them per case, and each read on its own would first flush the batch's pending rows.
        queries.load_parties(list(self.cases.values()))
        self._update_breached = {e.deadline.subject_id for e in events if _is_update_breach(e)}
        self.digests: dict[tuple[str, int], tuple[User, list[DigestLine]]] = {}
        self._lines: dict[int, DigestLine] = {}
        self.timeline: list[tuple[Case, str, dict]] = []  # written at once at the end of the batch
        # Per clock, the latest thing its reporter is owed (a reminder, or that the time is up).
        self.reporter_notices: dict[int, tuple[Case, Deadline, str]] = {}
        self.mails: list[outbox.Mail] = []  # queued at once at the end of the batch

    def record_breach(self, case: Case, deadline: Deadline, now: datetime) -> None:
        self.timeline.append(
            (
                case,
                "deadline_breached",
                {
                    "actor_label": "Edu-V Meldpunt",
                    "visibility": "internal",
                    "at": now,
                    "data": {"kind": deadline.kind, "due": deadline.due_at.isoformat()},
                },
            )
        )

    def collect(self, what: str, users, case: Case, deadline: Deadline) -> None:
        line = self._lines.get(deadline.id)
        if line is None:
            line = self._lines[deadline.id] = DigestLine(
                deadline.id,
                case.reference,
                case.title,
                labels.label(labels.DEADLINE_KIND, deadline.kind),
                localdt(deadline.due_at),
                case.assignee.name if case.assignee else _("not assigned"),
                _case_url(case),
            )
        for user in users:
            self.digests.setdefault((what, user.id), (user, []))[1].append(line)

    @cached_property
    def coordinators(self) -> list[User]:
        query = select(User).where(User.role == Role.COORDINATOR.value, User.active.is_(True)).order_by(User.id)
        return list(db.session.scalars(query))

    @cached_property
    def calendar(self) -> BusinessCalendar:
        return sla.current_calendar()

    @cached_property
    def running_updates(self) -> set[int]:
        """Cases of this batch's update breaches that already have a fresh update clock."""
        query = select(Deadline.subject_id).where(
            Deadline.subject_type == cases.SUBJECT,
            Deadline.subject_id.in_(sorted(self._update_breached)),
            Deadline.kind == UPDATE,
            Deadline.met_at.is_(None),
            Deadline.breached_at.is_(None),
        )
        return set(db.session.scalars(query))

    def handlers_of(self, case: Case) -> list[User]:
        """Who acts on the case: its case handler, or the coordinators while nobody is assigned."""
        return [case.assignee] if case.assignee is not None else self.coordinators


def _is_update_breach(event: DueEvent) -> bool:
    return event.kind == "breach" and event.deadline.kind == UPDATE


def _case_url(case: Case) -> str:
    return links.staff_url(case)


def on_deadline_events(events: list[DueEvent], now: datetime) -> None:
    batch = _Batch(events)
    # Mails from the sweep go out in the desk's default language, Dutch.
    with force_locale("nl"):
        for event in events:
            case = batch.cases.get(event.deadline.subject_id)
            if case is None:
                continue
            if event.kind == "reminder":
                batch.reporter_notices[event.deadline.id] = (case, event.deadline, f"reminder:{event.number}")
            elif event.kind == "warn":
                batch.collect("warn", batch.handlers_of(case), case, event.deadline)
            elif _is_update_breach(event):
                _ask_for_update(case, event.deadline, now, batch)
            else:
                _escalate(case, event.deadline, now, batch)
        for (what, _user_id), (user, lines) in batch.digests.items():
            batch.mails.append(digest(what, user, lines))
        # Reminders that fell due together (a sweep that was down, a leak reported late) make one mail.
        for case, deadline, what in batch.reporter_notices.values():
            batch.mails.append(reporter_reminder(case, deadline, what))
        outbox.enqueue_all(batch.mails)
    timeline.append_many(batch.timeline)


def reporter_reminder(case: Case, deadline: Deadline, what: str) -> outbox.Mail:
    """The mail reminding the reporter of their own deadline (the AP notification); `what` keys it."""
    return outbox.Mail(
        f"sla:{deadline.id}:{what}",
        case.reporter_email,
        _("Reminder: report the data leak %(reference)s to the AP in time", reference=case.reference),
        "ap_reminder",
        {
            "case": case,
            "deadline": deadline,
            "verified": party_notices.reporter_verified(case),
            "follow_up_url": links.reporter_url(case),
        },
    )


def _escalate(case: Case, deadline: Deadline, now: datetime, batch: _Batch) -> None:
    batch.record_breach(case, deadline, now)
    recipients = {u.id: u for u in batch.coordinators}
    if case.assignee is not None:
        recipients[case.assignee.id] = case.assignee
    batch.collect("breach", recipients.values(), case, deadline)
    if deadline.kind == "ap_notification":
        # Its own key: the 48 and 66 hour reminders used reminder:1 and reminder:2.
        batch.reporter_notices[deadline.id] = (case, deadline, "reminder:final")


def digest(what: str, user: User, lines: list[DigestLine]) -> outbox.Mail:
    """One mail per recipient and batch listing its clocks: a burst of breaches is one message
    to read, not hundreds. The key names the clocks in it; a clock is stamped in the same
    transaction, so no clock ever reaches two digests that both commit."""
    ids = ",".join(str(line.deadline_id) for line in lines)
    key = f"sla:{what}:{user.id}:{hashlib.sha256(ids.encode()).hexdigest()[:24]}"
    reference, count = lines[0].reference, len(lines)
    if what == "warn":
        subject = (
            _("%(reference)s: a deadline is close", reference=reference)
            if count == 1
            else _("%(count)s deadlines are close", count=count)
        )
    else:
        subject = (
            _("%(reference)s: a deadline has passed", reference=reference)
            if count == 1
            else _("%(count)s deadlines have passed", count=count)
        )
    return outbox.Mail(key, user.email, subject, DIGEST_TEMPLATES[what], {"lines": lines})


def _ask_for_update(case: Case, deadline: Deadline, now: datetime, batch: _Batch) -> None:
    """A crisis owes its reporters an update every few hours: ask whoever handles it, start the next period.

    The breached row stays as it is (a breach on record, and the case overdue in the queue until
    an update is sent and the clock met); the next period is a new row from the sweep's time, so
    each period is met or breached on its own and its mails carry its own keys.
    """
    batch.record_breach(case, deadline, now)
    if not _needs_updates(case):
        return  # closed, or no longer a crisis: nobody is owed an update any more
    for user in batch.handlers_of(case):
        batch.mails.append(
            outbox.Mail(
                f"sla:{deadline.id}:update:{user.id}",
                user.email,
                _("%(reference)s: the reporters are due an update", reference=case.reference),
                "update_due",
                {"case": case, "deadline": deadline, "case_url": _case_url(case)},
            )
        )
    if case.id not in batch.running_updates:
        restart_update_clock(case, now, batch.calendar)
        batch.running_updates.add(case.id)


def _needs_updates(case: Case) -> bool:
    return case.is_open and case.type == "incident" and case.severity == "crisis"


def restart_update_clock(case: Case, at: datetime, calendar: BusinessCalendar | None = None) -> Deadline | None:
    """Starts the next update period of an open crisis (also after an update was sent and met)."""
    if not _needs_updates(case):
        return None
    deadline = sla.start(cases.SUBJECT, case.id, sla_admin.effective_clock("incident", UPDATE, "crisis"), at, calendar)
    db.session.flush()
    cases.sync_next_due(case)
    return deadline


# -- what sla may know of cases: their policy keys, links and queue order -----------------------


def _case_rows():
    return select(
        Case.id.label("id"),
        Case.type.label("case_type"),
        Case.severity.label("variant"),
        Case.reference.label("label"),
        Case.status.in_(OPEN_STATUSES).label("is_open"),
    )


def _staff_url(reference: str) -> str:
    return link_seam.current().case_url(reference, link_seam.STAFF, external=False)


def _deadlines_moved(case_ids: list[int], cause: str, actor) -> None:
    """A policy or calendar change moved these cases' clocks: keep the queue order, say so on the timeline."""
    for low in range(0, len(case_ids), RESYNC_CHUNK):
        chunk = case_ids[low : low + RESYNC_CHUNK]
        for case in db.session.scalars(select(Case).where(Case.id.in_(chunk)).order_by(Case.id)):
            cases.sync_next_due(case)
            timeline.append(case, "deadlines_recomputed", actor=actor, visibility="internal", data={"cause": cause})


def register() -> None:
    register_handler(cases.SUBJECT, on_deadline_events)
    sla_admin.register_subjects(
        cases.SUBJECT, sla_admin.SubjectSource(_case_rows, _staff_url, _deadlines_moved, Case, ("status", "type"))
    )
