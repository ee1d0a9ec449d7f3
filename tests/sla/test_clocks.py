"""Clock specs, deadline math with pauses, and the default policies from the domain notes."""

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from app.sla.calendar import BusinessCalendar
from app.sla.clocks import (
    AP_NOTIFICATION,
    DEADLINE_KINDS,
    DEFAULT_POLICIES,
    Basis,
    ClockSpec,
    default_clocks,
    due_at,
    elapsed_fraction,
    paused_amount,
    policy_clock,
    reminders_at,
    state_of,
    warn_at,
)
from tests.sla.amsterdam import as_local, local

UTC = UTC
HOUR = 3600
DAY = 8 * HOUR
CAL = BusinessCalendar()


def clock(case_type, kind, variant=None) -> ClockSpec:
    return policy_clock(case_type, kind, variant)


# -- specs ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("amount", [0, -1, -3600])
def test_a_clock_needs_a_positive_duration(amount):
    with pytest.raises(ValueError, match="duration must be positive"):
        ClockSpec("response", Basis.BUSINESS, amount)


@pytest.mark.parametrize("fraction", [0, 1, 1.5, -0.1])
def test_the_warning_fraction_lies_strictly_between_0_and_1(fraction):
    with pytest.raises(ValueError, match="warning fraction"):
        ClockSpec("response", Basis.CALENDAR, HOUR, warn_fraction=fraction)


def test_other_bad_specs_are_refused():
    with pytest.raises(ValueError, match="whole number"):
        ClockSpec("response", Basis.CALENDAR, 1.5)
    with pytest.raises(ValueError, match="basis"):
        ClockSpec("response", "fortnights", 2)
    with pytest.raises(ValueError, match="before its deadline"):
        ClockSpec("ap_notification", Basis.CALENDAR, 72 * HOUR, reminders=(72 * HOUR,))
    with pytest.raises(ValueError, match="positive whole numbers"):
        ClockSpec("ap_notification", Basis.CALENDAR, 72 * HOUR, reminders=(0,))


def test_a_stored_row_can_rebuild_its_spec():
    spec = ClockSpec("ap_notification", "calendar", 72 * HOUR, reminders=[66 * HOUR, 48 * HOUR])
    assert spec == AP_NOTIFICATION  # basis string coerced, reminders sorted into a tuple


# -- the domain's worked examples ----------------------------------------------------------------


def test_complaint_received_on_christmas_eve():
    received = local(2026, 12, 24, 15)  # a Thursday
    assert as_local(due_at(clock("complaint", "admissibility"), received, 0, CAL)) == local(2027, 1, 21, 15)
    assert as_local(due_at(clock("complaint", "resolution"), received, 0, CAL)) == local(2027, 2, 4, 15)


def test_data_breach_discovered_on_friday_afternoon():
    discovered = local(2026, 3, 13, 16)  # a Friday, no DST change that weekend
    assert as_local(due_at(AP_NOTIFICATION, discovered, 0, CAL)) == local(2026, 3, 16, 16)
    sunday, monday = reminders_at(AP_NOTIFICATION, discovered, 0, CAL)
    assert (as_local(sunday), as_local(monday)) == (local(2026, 3, 15, 16), local(2026, 3, 16, 10))
    assert as_local(warn_at(AP_NOTIFICATION, discovered, 0, CAL)) == local(2026, 3, 15, 22)  # 54 h


def test_data_breach_clock_counts_real_hours_over_a_dst_weekend():
    discovered = local(2026, 3, 27, 16)
    due = due_at(AP_NOTIFICATION, discovered, 0, CAL)
    assert due - discovered == timedelta(hours=72)
    assert as_local(due) == local(2026, 3, 30, 17)


def test_dispute_filed_the_day_before_koningsdag():
    filed = local(2027, 4, 26, 10)
    assert as_local(due_at(clock("dispute", "admissibility"), filed, 0, CAL)) == local(2027, 5, 4, 10)


def test_incident_first_response_and_resolution():
    first_response = clock("incident", "first_response", "incident")
    assert as_local(due_at(first_response, local(2026, 3, 3, 14), 0, CAL)) == local(2026, 3, 4, 14)
    assert as_local(due_at(first_response, local(2026, 3, 7, 11), 0, CAL)) == local(2026, 3, 9, 17)
    resolution = clock("incident", "resolution", "incident")
    assert as_local(due_at(resolution, local(2026, 3, 3, 14), 0, CAL)) == local(2026, 3, 6, 14)


def test_crisis_and_calamity_first_response_ignore_business_hours():
    saturday_night = local(2026, 3, 7, 23)
    crisis = clock("incident", "first_response", "crisis")
    calamity = clock("incident", "first_response", "calamity")
    assert as_local(due_at(crisis, saturday_night, 0, CAL)) == local(2026, 3, 8, 1)
    assert as_local(due_at(calamity, saturday_night, 0, CAL)) == local(2026, 3, 8, 3)


def test_a_weeks_term_ending_on_a_sunday_rolls_to_monday_close():
    spec = clock("complaint", "admissibility")
    assert as_local(due_at(spec, local(2026, 2, 1, 10), 0, CAL)) == local(2026, 3, 2, 17)


# -- pauses, warnings, fractions -----------------------------------------------------------------


def test_paused_business_time_pushes_the_deadline_by_business_time():
    spec = clock("incident", "resolution", "incident")
    started = local(2026, 3, 3, 14)
    pause = paused_amount(spec, local(2026, 3, 4, 16), local(2026, 3, 5, 10), CAL)  # 1 h + 1 h
    assert pause == 2 * HOUR
    assert as_local(due_at(spec, started, pause, CAL)) == local(2026, 3, 6, 16)


def test_a_weeks_term_is_shifted_by_real_paused_time():
    spec = clock("complaint", "resolution")
    pause = paused_amount(spec, local(2027, 1, 4, 9), local(2027, 1, 6, 9), CAL)
    assert pause == 48 * HOUR
    assert as_local(due_at(spec, local(2026, 12, 24, 15), pause, CAL)) == local(2027, 2, 8, 17)  # Sat -> Mon


def test_warnings_come_at_three_quarters():
    first_response = clock("incident", "first_response", "incident")
    assert as_local(warn_at(first_response, local(2026, 3, 3, 14), 0, CAL)) == local(2026, 3, 4, 12)
    complaint = clock("complaint", "admissibility")
    started = local(2026, 12, 24, 15)
    due = due_at(complaint, started, 0, CAL)
    assert warn_at(complaint, started, 0, CAL) == started + (due - started) * 0.75


def test_elapsed_fraction_runs_from_0_to_1_and_stops_while_paused():
    spec = clock("incident", "resolution", "incident")
    started = local(2026, 3, 3, 14)
    due = due_at(spec, started, 0, CAL)
    assert elapsed_fraction(spec, started, 0, started, CAL) == 0
    assert elapsed_fraction(spec, started, 0, due, CAL) == 1
    assert elapsed_fraction(spec, started, 0, due + timedelta(days=3), CAL) > 1
    frozen = elapsed_fraction(spec, started, 0, local(2026, 3, 9, 12), CAL, paused_since=local(2026, 3, 4, 14))
    assert frozen == pytest.approx(1 / 3)


# -- policies ------------------------------------------------------------------------------------


def kinds(case_type, variant=None):
    return [spec.kind for spec in default_clocks(case_type, variant)]


def test_clocks_started_on_intake():
    assert kinds("incident", "incident") == ["acknowledge", "first_response", "resolution"]
    assert kinds("incident") == kinds("incident", "incident")  # no severity yet
    assert kinds("incident", "calamity") == ["acknowledge", "first_response", "resolution"]
    assert kinds("incident", "crisis") == ["acknowledge", "first_response", "resolution", "update"]
    assert kinds("complaint") == ["acknowledge", "admissibility", "resolution"]
    assert kinds("dispute") == ["acknowledge", "admissibility", "resolution"]
    assert kinds("measure") == ["response"]


def test_policy_table_matches_the_domain_notes():
    assert clock("dispute", "substantiation") == ClockSpec("substantiation", Basis.BUSINESS, 10 * DAY)
    assert clock("dispute", "response") == ClockSpec("response", Basis.BUSINESS, 10 * DAY)
    assert clock("dispute", "resolution") == ClockSpec("resolution", Basis.WEEKS, 8)
    assert clock("measure", "response") == ClockSpec("response", Basis.BUSINESS, 10 * DAY)
    assert clock("incident", "update", "crisis") == ClockSpec("update", Basis.CALENDAR, 4 * HOUR)
    assert [clock("incident", "resolution", v).amount for v in ("crisis", "calamity", "incident")] == [
        DAY,
        2 * DAY,
        3 * DAY,
    ]
    every = [spec for specs in DEFAULT_POLICIES.values() for spec in specs]
    assert all(spec.kind in DEADLINE_KINDS for spec in every) and AP_NOTIFICATION not in every


def test_unknown_policies_are_refused():
    with pytest.raises(ValueError, match="No clock policy"):
        default_clocks("incident", "apocalypse")
    with pytest.raises(ValueError, match="No clock policy"):
        default_clocks("complaint", "crisis")
    with pytest.raises(ValueError, match="no 'substantiation' clock"):
        policy_clock("complaint", "substantiation")


# -- properties: pausing neither loses nor gains time --------------------------------------------

moments = st.datetimes(min_value=datetime(2024, 1, 1), max_value=datetime(2030, 12, 31), timezones=st.just(UTC))
whole_moments = moments.map(lambda m: m.replace(microsecond=0))
SECONDS_SPECS = [
    ClockSpec("resolution", Basis.BUSINESS, 3 * DAY),
    ClockSpec("admissibility", Basis.BUSINESS, 5 * DAY + 1234),
    ClockSpec("first_response", Basis.CALENDAR, 4 * HOUR),
    AP_NOTIFICATION,
]
specs = st.sampled_from(SECONDS_SPECS)
# Each pause: (running time before it, its length), both in seconds.
pauses = st.lists(st.tuples(st.integers(0, 3 * 24 * HOUR), st.integers(0, 5 * 24 * HOUR)), min_size=1, max_size=4)


@settings(max_examples=200, deadline=None)
@given(spec=specs, start=whole_moments, plan=pauses)
def test_a_paused_clock_resumes_where_it_stopped(spec, start, plan):
    """Due with the accrued pauses equals running the remaining time on from the last resume."""
    remaining, cursor, accrued = spec.amount, start, 0
    for running, length in plan:
        paused_since = cursor + timedelta(seconds=running)
        resumed_at = paused_since + timedelta(seconds=length)
        used = paused_amount(spec, cursor, paused_since, CAL)  # measuring running time the same way
        assume(used < remaining)  # each pause starts before the clock ran out
        remaining -= used
        accrued += paused_amount(spec, paused_since, resumed_at, CAL)
        cursor = resumed_at
    resumed_due = (
        CAL.add_business_seconds(cursor, remaining)
        if spec.basis is Basis.BUSINESS
        else (CAL.add_calendar_seconds(cursor, remaining))
    )
    assert due_at(spec, start, accrued, CAL) == resumed_due
    assert elapsed_fraction(spec, start, accrued, resumed_due, CAL) == 1


@settings(max_examples=200, deadline=None)
@given(spec=specs, points=st.lists(moments, min_size=3, max_size=3).map(sorted))
def test_splitting_a_pause_accrues_the_same(spec, points):
    since, middle, until = points
    whole = paused_amount(spec, since, until, CAL)
    assert whole == paused_amount(spec, since, middle, CAL) + paused_amount(spec, middle, until, CAL)


@settings(max_examples=200, deadline=None)
@given(
    spec=st.sampled_from([*SECONDS_SPECS, ClockSpec("resolution", Basis.WEEKS, 6)]),
    start=whole_moments,
    paused=st.integers(0, 30 * 24 * HOUR),
)
def test_the_warning_comes_before_the_deadline_at_the_warning_fraction(spec, start, paused):
    warn, due = warn_at(spec, start, paused, CAL), due_at(spec, start, paused, CAL)
    assert start <= warn < due
    assert elapsed_fraction(spec, start, paused, warn, CAL) == pytest.approx(spec.warn_fraction, abs=1e-4)
    assert elapsed_fraction(spec, start, paused, due, CAL) == pytest.approx(1)


@pytest.mark.parametrize(
    ("met", "breached", "paused", "state"),
    [
        (True, True, True, "met"),  # a clock met after its breach counts as met
        (False, True, True, "breached"),  # a breached clock stays breached while paused
        (False, False, True, "paused"),
        (False, False, False, "running"),
    ],
)
def test_a_clocks_state_follows_its_stamps_in_one_order(met, breached, paused, state):
    moment = datetime(2026, 3, 3, 13, tzinfo=UTC)
    assert state_of(moment if met else None, moment if breached else None, moment if paused else None) == state
