"""What a case's clock events mean: reminders to reporters, warnings to handlers, escalation."""
from datetime import datetime

from flask_babel import force_locale, gettext as _
from sqlalchemy import select

from app.auth.models import Role, User
from app.cases import timeline
from app.cases.models import Case
from app.extensions import db
from app.notify import services as outbox
from app.sla.models import Deadline
from app.sla.sweep import register_handler


def _coordinators() -> list[User]:
    return list(db.session.scalars(select(User).where(User.role == Role.COORDINATOR.value, User.active.is_(True))))


def _case_url(case: Case) -> str:
    return outbox.absolute_url("cases.detail", reference=case.reference)


def on_deadline_event(deadline: Deadline, event: str, now: datetime) -> None:
    case = db.session.get(Case, deadline.subject_id)
    if case is None:
        return
    # Mails from the sweep go out in the desk's default language, Dutch.
    with force_locale("nl"):
        if event == "reminder":
            _remind_reporter(case, deadline)
        elif event == "warn":
            _warn_handler(case, deadline)
        elif event == "breach":
            _escalate(case, deadline, now)


def _remind_reporter(case: Case, deadline: Deadline) -> None:
    outbox.enqueue(
        f"sla:{deadline.id}:reminder:{deadline.reminders_sent}",
        case.reporter_email,
        _("Reminder: report the data leak %(reference)s to the AP in time", reference=case.reference),
        "ap_reminder",
        case=case,
        deadline=deadline,
        follow_up_url=outbox.absolute_url("intake.follow_up", reference=case.reference),
    )


def _warn_handler(case: Case, deadline: Deadline) -> None:
    recipients = [case.assignee] if case.assignee is not None else _coordinators()
    for user in recipients:
        outbox.enqueue(
            f"sla:{deadline.id}:warn:{user.id}",
            user.email,
            _("%(reference)s: a deadline is close", reference=case.reference),
            "deadline_warning",
            case=case, deadline=deadline, case_url=_case_url(case),
        )


def _escalate(case: Case, deadline: Deadline, now: datetime) -> None:
    timeline.append(case, "deadline_breached", actor_label="Edu-V Meldpunt", visibility="internal",
                    data={"kind": deadline.kind, "due": deadline.due_at.isoformat()}, at=now)
    recipients = {u.id: u for u in _coordinators()}
    if case.assignee is not None:
        recipients[case.assignee.id] = case.assignee
    for user in recipients.values():
        outbox.enqueue(
            f"sla:{deadline.id}:breach:{user.id}",
            user.email,
            _("%(reference)s: a deadline has passed", reference=case.reference),
            "deadline_breach",
            case=case, deadline=deadline, case_url=_case_url(case),
        )
    if deadline.kind == "ap_notification":
        _remind_reporter(case, deadline)


def register() -> None:
    register_handler("case", on_deadline_event)
