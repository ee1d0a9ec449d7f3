"""A crisis owes its reporters an update every 4 hours: the sweep asks for it and starts the next period."""

from datetime import timedelta

from sqlalchemy import select

from app.cases.models import TimelineEvent
from app.extensions import db
from app.notify.models import OutboxMessage
from app.sla import admin
from app.sla.models import Deadline
from app.sla.sweep import run_sweep
from tests.helpers.pages import nl
from tests.sla.helpers import TUESDAY_14, digests, incident


def _sweep(at):
    report = run_sweep(at)
    db.session.commit()
    return report


def _updates(case) -> list[Deadline]:
    return list(
        db.session.scalars(
            select(Deadline).where(Deadline.subject_id == case.id, Deadline.kind == "update").order_by(Deadline.id)
        )
    )


def _mails(prefix: str = "sla:") -> dict[str, OutboxMessage]:
    return {m.key: m for m in db.session.scalars(select(OutboxMessage)) if m.key.startswith(prefix)}


def test_a_breached_update_clock_asks_for_an_update_and_starts_the_next_period(app, make_user):
    coordinators = [make_user(f"coordinator{n}@edu-v.nl", role="coordinator") for n in (1, 2)]
    case = incident(severity="crisis")
    [first] = _updates(case)
    assert first.due_at == TUESDAY_14 + timedelta(hours=4)

    _sweep(TUESDAY_14 + timedelta(hours=3, minutes=1))  # 75 %: the usual warning
    assert digests("warn") == {c.email: [case.reference] for c in coordinators}

    asked_at = TUESDAY_14 + timedelta(hours=4, minutes=1)
    _sweep(asked_at)
    requests = {k: m for k, m in _mails().items() if ":update:" in k}
    assert set(requests) == {f"sla:{first.id}:update:{c.id}" for c in coordinators}
    message = requests[f"sla:{first.id}:update:{coordinators[0].id}"]
    assert case.reference in message.subject and "/behandelen/" + case.reference in message.body_text
    # Not the generic escalation: the breach digests name only the first response.
    breach_bodies = [m.body_text for k, m in _mails().items() if k.startswith("sla:breach:")]
    assert breach_bodies and not [b for b in breach_bodies if nl("Update to reporters") in b]
    [breach] = [
        e
        for e in db.session.scalars(
            select(TimelineEvent).where(TimelineEvent.case_id == case.id, TimelineEvent.kind == "deadline_breached")
        )
        if e.data["kind"] == "update"
    ]
    assert breach.visibility == "internal"

    old, new = _updates(case)
    assert old.breached_at == asked_at and old.met_at is None  # the breach stays on record
    assert new.started_at == asked_at and new.due_at == asked_at + timedelta(hours=4)
    assert new.breached_at is None and new.next_check_at == new.warn_at

    # Running the sweep again at the same moment sends nothing and starts nothing twice.
    count = len(_mails())
    assert _sweep(asked_at).examined == 0
    assert len(_mails()) == count and len(_updates(case)) == 2

    # Four hours later the next period asks again, under its own keys.
    _sweep(asked_at + timedelta(hours=4, minutes=1))
    assert f"sla:{new.id}:update:{coordinators[1].id}" in _mails()
    assert len(_updates(case)) == 3


def test_the_case_handler_is_asked_when_assigned_and_the_policy_sets_the_period(app, make_user):
    make_user("coordinator@edu-v.nl", role="coordinator")
    handler = make_user("handler@edu-v.nl", role="supervisor")
    admin.update_policy("incident", "crisis", "update", basis="calendar", amount=2, warn_percent=75, actor=None)
    case = incident(severity="crisis")
    case.assignee = handler
    db.session.commit()
    [first] = _updates(case)
    assert first.due_at == TUESDAY_14 + timedelta(hours=2)
    _sweep(TUESDAY_14 + timedelta(hours=2, minutes=1))
    assert [m.recipient for k, m in _mails().items() if ":update:" in k] == ["handler@edu-v.nl"]
    assert _updates(case)[-1].amount == 2 * 3600


def test_a_closed_or_downgraded_case_is_not_asked_again(app, make_user):
    make_user("coordinator@edu-v.nl", role="coordinator")
    closed, downgraded = incident(severity="crisis"), incident(severity="crisis")
    closed.status = "closed"
    downgraded.severity = "calamity"
    db.session.commit()
    _sweep(TUESDAY_14 + timedelta(hours=4, minutes=1))
    assert not [k for k in _mails() if ":update:" in k]
    assert len(_updates(closed)) == 1 and len(_updates(downgraded)) == 1
    assert all(d.breached_at is not None for d in _updates(closed) + _updates(downgraded))


def test_an_update_clock_started_by_hand_is_not_doubled(app, make_user):
    from app.cases import deadline_events

    make_user("coordinator@edu-v.nl", role="coordinator")
    case = incident(severity="crisis")
    # An update was sent in the meantime: its clock met, the next one started by the case handling.
    deadline_events.restart_update_clock(case, TUESDAY_14 + timedelta(hours=3))
    db.session.commit()
    _sweep(TUESDAY_14 + timedelta(hours=4, minutes=1))
    assert len(_updates(case)) == 2
