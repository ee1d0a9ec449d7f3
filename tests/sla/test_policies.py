"""Policies and the business calendar as the foundation sets them: intake reads them, a change moves open clocks."""

from datetime import date, time, timedelta

import pytest
from sqlalchemy import func, select

from app import clock
from app.cases.models import TimelineEvent
from app.errors_domain import Conflict, DomainError, NotFound
from app.extensions import db
from app.sla import admin, services
from app.sla.clocks import BUSINESS_DAY, DEFAULT_POLICIES, HOUR
from app.sla.policy_models import CalendarSettings, ClosureDay, SlaPolicy
from app.sla.sweep import run_sweep
from tests.sla.helpers import TUESDAY_14, clock_of, incident, local


def _set(kind="resolution", case_type="incident", variant="incident", basis="business", amount=40, warn=75, actor=None):
    row = admin.update_policy(case_type, variant, kind, basis=basis, amount=amount, warn_percent=warn, actor=actor)
    db.session.commit()
    return row


def _recomputed_events(case) -> list[TimelineEvent]:
    return list(
        db.session.scalars(
            select(TimelineEvent).where(TimelineEvent.case_id == case.id, TimelineEvent.kind == "deadlines_recomputed")
        )
    )


# -- the effective policy -------------------------------------------------------------------------


def test_without_changes_the_defaults_apply(app):
    rows = admin.policy_rows()
    assert len(rows) == sum(len(specs) for specs in DEFAULT_POLICIES.values())
    assert not any(row.changed for row in rows)
    assert [s.kind for s in admin.effective_clocks("incident", "crisis")] == [
        "acknowledge",
        "first_response",
        "resolution",
        "update",
    ]


def test_intake_starts_the_clocks_the_foundation_set(app):
    _set("first_response", basis="calendar", amount=6, warn=50)
    case = incident()
    first = clock_of(case, "first_response")
    assert (first.basis, first.amount, first.warn_fraction) == ("calendar", 6 * HOUR, 0.5)
    assert first.due_at == TUESDAY_14 + timedelta(hours=6)
    assert first.warn_at == TUESDAY_14 + timedelta(hours=3)
    assert admin.effective_clock("incident", "first_response").amount == 6 * HOUR
    assert admin.effective_clock("incident", "first_response", "crisis").amount == 2 * HOUR  # other policy


def test_setting_the_default_values_again_removes_the_override(app):
    _set(amount=40)
    assert db.session.scalar(select(func.count()).select_from(SlaPolicy)) == 1
    row = _set(amount=24)  # 3 business days: the default
    assert not row.changed
    assert db.session.scalar(select(func.count()).select_from(SlaPolicy)) == 0


# -- a change moves the open clocks ---------------------------------------------------------------


def test_a_policy_change_moves_open_clocks_and_keeps_their_paused_time(app, make_user):
    coordinator = make_user("coordinator@edu-v.nl", role="coordinator")
    case = incident()
    resolution = clock_of(case, "resolution")
    assert local(resolution.due_at) == (6, 14, 0)  # 3 business days: Friday 14:00
    # Waiting on a party Wednesday 10:00-12:00: two business hours paused.
    services.pause("case", case.id, ("resolution",), TUESDAY_14 + timedelta(hours=20))
    services.resume("case", case.id, TUESDAY_14 + timedelta(hours=22))
    db.session.commit()
    assert resolution.paused_seconds == 2 * HOUR and local(resolution.due_at) == (6, 16, 0)

    _set(amount=40, actor=coordinator)  # 5 business days
    assert (resolution.amount, resolution.paused_seconds) == (5 * BUSINESS_DAY, 2 * HOUR)
    assert local(resolution.due_at) == (10, 16, 0)  # the next Tuesday, two hours later for the pause
    assert resolution.next_check_at == resolution.warn_at
    assert clock_of(case, "first_response").amount == BUSINESS_DAY  # another clock: untouched
    assert case.next_due_at == clock_of(case, "first_response").due_at
    [event] = _recomputed_events(case)
    assert event.actor_id == coordinator.id and event.visibility == "internal" and event.data == {"cause": "policy"}


def test_stamps_stay_and_closed_extended_or_other_cases_keep_their_clocks(app):
    breached, closed, extended = incident(), incident(), incident()
    crisis = incident(severity="crisis")
    run_sweep(TUESDAY_14 + timedelta(days=10))  # everything of the first three is overdue now
    closed.status = "closed"
    services.extend("case", extended.id, "resolution", BUSINESS_DAY)
    db.session.commit()
    stamped = clock_of(breached, "resolution").breached_at
    before = {c.id: clock_of(c, "resolution").due_at for c in (closed, extended, crisis)}

    _set(amount=40)
    late = clock_of(breached, "resolution")
    assert late.breached_at == stamped and late.warned_at is not None and late.next_check_at is None
    assert late.amount == 5 * BUSINESS_DAY
    for case in (closed, extended, crisis):
        assert clock_of(case, "resolution").due_at == before[case.id]
    assert clock_of(extended, "resolution").amount == 4 * BUSINESS_DAY  # its own length
    assert not _recomputed_events(closed) and not _recomputed_events(crisis)


def test_a_shorter_policy_lets_the_next_sweep_warn_and_breach(app, make_user):
    make_user("coordinator@edu-v.nl", role="coordinator")
    case = incident()
    _set("first_response", basis="calendar", amount=1)
    first = clock_of(case, "first_response")
    assert first.due_at == TUESDAY_14 + timedelta(hours=1)
    report = run_sweep(TUESDAY_14 + timedelta(hours=2))
    assert report.events.get("breach") == 1 and first.breached_at is not None


# -- bad input is refused, with the field, and nothing changes -------------------------------------


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"amount": -8}, "amount"),
        ({"amount": 0}, "amount"),
        ({"amount": None}, "amount"),
        ({"amount": 10**9}, "amount"),
        ({"basis": "weeks", "amount": 53}, "amount"),
        ({"warn": 0}, "warn_percent"),
        ({"warn": 100}, "warn_percent"),
        ({"warn": -5}, "warn_percent"),
        ({"basis": "fortnights"}, "basis"),
    ],
)
def test_bad_policies_are_refused_and_change_nothing(app, changes, field):
    case = incident()
    due = clock_of(case, "resolution").due_at
    with pytest.raises(DomainError) as refused:
        _set(**changes)
    assert refused.value.field == field and str(refused.value.message)
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(SlaPolicy)) == 0
    assert clock_of(case, "resolution").due_at == due


def test_an_unknown_policy_is_not_found(app):
    with pytest.raises(NotFound):
        _set("update", variant="incident")  # only a crisis has an update clock
    with pytest.raises(NotFound):
        _set("ap_notification")  # set by law, not a policy


# -- the business calendar --------------------------------------------------------------------------


def test_the_calendar_comes_from_the_database(app):
    assert services.current_calendar().day_start == time(9)
    clock.freeze(TUESDAY_14)
    admin.add_closure_day(date(2026, 3, 4), "Studiedag", actor=None)
    admin.update_hours(time(8, 30), time(17), actor=None)
    db.session.commit()
    calendar = services.current_calendar()
    assert (calendar.day_start, calendar.day_end) == (time(8, 30), time(17))
    assert not calendar.is_business_day(date(2026, 3, 4))


def test_a_closure_day_moves_business_clocks_and_removing_it_moves_them_back(app):
    case = incident()
    resolution = clock_of(case, "resolution")
    assert local(resolution.due_at) == (6, 14, 0)
    closure = admin.add_closure_day(date(2026, 3, 5), "Teamdag", actor=None)
    db.session.commit()
    assert local(resolution.due_at) == (9, 14, 0)  # Thursday closed: Monday 14:00
    assert clock_of(case, "acknowledge").met_at is not None  # met clocks are left alone
    admin.remove_closure_day(closure.id, actor=None)
    db.session.commit()
    assert local(resolution.due_at) == (6, 14, 0)
    assert [e.data["cause"] for e in _recomputed_events(case)] == ["calendar", "calendar"]


def test_new_opening_hours_keep_business_seconds(app):
    case = incident()
    admin.update_hours(time(8), time(16), actor=None)
    db.session.commit()
    # 14:00 to 16:00 Tuesday, then 8 hours a day: Wednesday, Thursday, Friday 08:00-14:00.
    assert local(clock_of(case, "resolution").due_at) == (6, 14, 0)
    assert local(clock_of(case, "first_response").due_at) == (4, 14, 0)
    admin.update_hours(time(9), time(13), actor=None)  # four-hour days: 8 hours are two days
    db.session.commit()
    assert local(clock_of(case, "first_response").due_at) == (5, 13, 0)


@pytest.mark.parametrize(
    "start, end, field",
    [
        (time(17), time(9), "day_end"),
        (time(9), time(9), "day_end"),
        (None, time(17), "day_start"),
        (time(9), None, "day_end"),
    ],
)
def test_bad_opening_hours_are_refused_and_change_nothing(app, start, end, field):
    case = incident()
    due = clock_of(case, "resolution").due_at
    with pytest.raises(DomainError) as refused:
        admin.update_hours(start, end, actor=None)
    assert refused.value.field == field
    db.session.rollback()
    assert db.session.get(CalendarSettings, 1) is None and clock_of(case, "resolution").due_at == due


@pytest.mark.parametrize(
    "day, reason, error, field",
    [
        (date(2026, 3, 2), "Gisteren", DomainError, "day"),  # the day before the (frozen) today
        (date(2025, 12, 31), "Oud", DomainError, "day"),
        (date(2026, 3, 7), "Zaterdag", DomainError, "day"),  # already closed
        (date(2026, 4, 6), "Paasmaandag", DomainError, "day"),  # a public holiday
        (None, "Geen datum", DomainError, "day"),
        (date(2026, 3, 5), "   ", DomainError, "reason"),
        (date(2026, 3, 5), "x" * 201, DomainError, "reason"),
    ],
)
def test_bad_closure_days_are_refused_and_change_nothing(app, day, reason, error, field):
    case = incident()
    due = clock_of(case, "resolution").due_at
    with pytest.raises(error) as refused:
        admin.add_closure_day(day, reason, actor=None)
    assert refused.value.field == field and str(refused.value.message)
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(ClosureDay)) == 0
    assert clock_of(case, "resolution").due_at == due


def test_a_closure_day_today_is_allowed_twice_is_a_conflict_and_past_ones_stay(app):
    clock.freeze(TUESDAY_14)
    today = admin.add_closure_day(date(2026, 3, 3), "Storing gebouw", actor=None)
    db.session.commit()
    with pytest.raises(Conflict):
        admin.add_closure_day(date(2026, 3, 3), "Nog eens", actor=None)
    db.session.rollback()
    clock.freeze(TUESDAY_14 + timedelta(days=1))
    with pytest.raises(Conflict):
        admin.remove_closure_day(today.id, actor=None)
    with pytest.raises(NotFound):
        admin.remove_closure_day(today.id + 1, actor=None)
