"""The business calendar: worked examples from the domain notes, DST, and properties against a slow reference."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.sla.calendar import BusinessCalendar, public_holidays
from tests.sla.amsterdam import AMS, as_local, local

UTC = UTC
DAY = 8 * 3600  # one business day of the default calendar
CAL = BusinessCalendar()


def reference_between(cal: BusinessCalendar, a: datetime, b: datetime) -> int:
    """Slow but obvious: sum the overlap of [a, b) with every opening window, day by day."""
    total = timedelta(0)
    day = as_local(a).date()
    while day <= as_local(b).date():
        if cal.is_business_day(day):
            opens = datetime.combine(day, cal.day_start, tzinfo=AMS)
            closes = datetime.combine(day, cal.day_end, tzinfo=AMS)
            overlap = min(b, closes) - max(a, opens)
            total += max(overlap, timedelta(0))
        day += timedelta(days=1)
    return int(total.total_seconds() // 1)


moments = st.datetimes(min_value=datetime(2024, 1, 1), max_value=datetime(2031, 6, 30), timezones=st.just(UTC))
whole_moments = moments.map(lambda m: m.replace(microsecond=0))
durations = st.integers(min_value=0, max_value=300 * DAY)


# -- days -----------------------------------------------------------------------------------------


def test_dutch_public_holidays_come_from_the_holidays_package():
    nl_2027 = public_holidays("NL", 2027)
    assert date(2027, 4, 27) in nl_2027  # Koningsdag, a Tuesday
    assert date(2027, 12, 25) in nl_2027
    assert not CAL.is_business_day(date(2027, 4, 27))
    assert not CAL.is_business_day(date(2026, 12, 25))  # Christmas on a Friday
    assert CAL.is_business_day(date(2027, 4, 26))


def test_weekends_and_closure_days_are_not_business_days():
    closed = BusinessCalendar(closure_days=frozenset({date(2026, 12, 28)}))
    assert not CAL.is_business_day(date(2026, 3, 7))  # Saturday
    assert not CAL.is_business_day(date(2026, 3, 8))  # Sunday
    assert CAL.is_business_day(date(2026, 12, 28))
    assert not closed.is_business_day(date(2026, 12, 28))


def test_an_invalid_calendar_is_refused():
    with pytest.raises(ValueError, match="start before it ends"):
        BusinessCalendar(day_start=time(17), day_end=time(9))
    with pytest.raises(ValueError, match="Workdays"):
        BusinessCalendar(workdays=frozenset())


# -- business time: the domain's examples ----------------------------------------------------------


def test_tuesday_afternoon_plus_one_business_day_is_wednesday_afternoon():
    assert as_local(CAL.add_business_seconds(local(2026, 3, 3, 14), DAY)) == local(2026, 3, 4, 14)


def test_saturday_plus_one_business_day_is_monday_at_closing_time():
    due = CAL.add_business_seconds(local(2026, 3, 7, 11, 30), DAY)
    assert as_local(due) == local(2026, 3, 9, 17)  # lands on 17:00 and stays there


def test_counting_starts_at_the_next_opening():
    assert as_local(CAL.add_business_seconds(local(2026, 3, 3, 7), 3600)) == local(2026, 3, 3, 10)
    assert as_local(CAL.add_business_seconds(local(2026, 3, 3, 17), 1)) == local(2026, 3, 4, 9, 0, 1)
    assert as_local(CAL.add_business_seconds(local(2026, 3, 6, 16), 2 * 3600)) == local(2026, 3, 9, 10)


def test_adding_nothing_returns_the_start_in_utc():
    saturday = local(2026, 3, 7, 11, 30, 15, 500)
    result = CAL.add_business_seconds(saturday, 0)
    assert result == saturday and result.tzinfo is UTC


def test_results_are_utc_whatever_the_start_zone():
    new_york = datetime(2026, 3, 3, 8, tzinfo=ZoneInfo("America/New_York"))  # 14:00 in Amsterdam
    result = CAL.add_business_seconds(new_york, DAY)
    assert result.tzinfo is UTC and as_local(result) == local(2026, 3, 4, 14)


def test_five_business_days_skip_koningsdag():
    due = CAL.add_business_seconds(local(2027, 4, 26, 10), 5 * DAY)
    assert as_local(due) == local(2027, 5, 4, 10)


def test_closure_days_are_skipped():
    closed = BusinessCalendar(closure_days=frozenset({date(2026, 3, 4)}))
    assert as_local(closed.add_business_seconds(local(2026, 3, 3, 14), DAY)) == local(2026, 3, 5, 14)


def test_weekends_holidays_and_closure_days_count_nothing():
    closed = BusinessCalendar(closure_days=frozenset({date(2026, 3, 4)}))
    assert CAL.business_seconds_between(local(2027, 4, 27), local(2027, 4, 28)) == 0  # Koningsdag
    assert CAL.business_seconds_between(local(2026, 3, 6, 17), local(2026, 3, 9, 9)) == 0  # weekend
    assert closed.business_seconds_between(local(2026, 3, 4), local(2026, 3, 5)) == 0
    assert CAL.business_seconds_between(local(2026, 3, 4), local(2026, 3, 5)) == DAY
    assert CAL.business_seconds_between(local(2026, 3, 5), local(2026, 3, 4)) == 0


def test_naive_times_and_negative_durations_are_refused():
    with pytest.raises(ValueError, match="timezone-aware"):
        CAL.add_business_seconds(datetime(2026, 3, 3, 14), DAY)
    with pytest.raises(ValueError, match="timezone-aware"):
        CAL.business_seconds_between(datetime(2026, 3, 3, 14), local(2026, 3, 4))
    with pytest.raises(ValueError, match="negative"):
        CAL.add_business_seconds(local(2026, 3, 3, 14), -1)
    with pytest.raises(ValueError, match="negative"):
        CAL.add_calendar_seconds(local(2026, 3, 3, 14), -1)


# -- daylight saving time ------------------------------------------------------------------------


def test_business_time_across_the_march_change():
    # Clocks go forward on Sunday 29 March 2026.
    assert as_local(CAL.add_business_seconds(local(2026, 3, 27, 14), DAY)) == local(2026, 3, 30, 14)
    assert CAL.business_seconds_between(local(2026, 3, 27, 14), local(2026, 3, 30, 14)) == DAY


def test_business_time_across_the_october_change():
    # Clocks go back on Sunday 25 October 2026.
    assert as_local(CAL.add_business_seconds(local(2026, 10, 23, 14), DAY)) == local(2026, 10, 26, 14)
    assert CAL.business_seconds_between(local(2026, 10, 23, 14), local(2026, 10, 26, 14)) == DAY


def test_calendar_hours_are_real_hours_across_dst():
    march = CAL.add_calendar_seconds(local(2026, 3, 27, 16), 72 * 3600)
    assert as_local(march) == local(2026, 3, 30, 17)  # one hour lost to summer time
    october = CAL.add_calendar_seconds(local(2026, 10, 23, 16), 72 * 3600)
    assert as_local(october) == local(2026, 10, 26, 15)  # one hour gained back
    assert october - local(2026, 10, 23, 16) == timedelta(hours=72)


# -- calendar weeks ------------------------------------------------------------------------------


def test_weeks_keep_the_local_wall_clock_time_across_dst():
    assert as_local(CAL.add_calendar_weeks(local(2026, 3, 19, 15), 2)) == local(2026, 4, 2, 15)
    assert as_local(CAL.add_calendar_weeks(local(2026, 10, 15, 15), 2)) == local(2026, 10, 29, 15)


def test_weeks_from_christmas_eve():
    received = local(2026, 12, 24, 15)
    assert as_local(CAL.add_calendar_weeks(received, 4)) == local(2027, 1, 21, 15)
    assert as_local(CAL.add_calendar_weeks(received, 6)) == local(2027, 2, 4, 15)


def test_a_term_ending_on_a_day_off_moves_to_the_next_business_days_close():
    assert as_local(CAL.add_calendar_weeks(local(2026, 2, 1, 10), 4)) == local(2026, 3, 2, 17)  # Sunday
    # Easter Sunday 5 April 2026 is followed by Easter Monday: the term runs to Tuesday's close.
    assert as_local(CAL.add_calendar_weeks(local(2026, 3, 8, 10), 4)) == local(2026, 4, 7, 17)
    assert as_local(CAL.add_calendar_weeks(local(2026, 3, 30, 10), 4)) == local(2026, 4, 28, 17)  # Koningsdag
    closed = BusinessCalendar(closure_days=frozenset({date(2026, 3, 2)}))
    assert as_local(closed.add_calendar_weeks(local(2026, 2, 2, 10), 4)) == local(2026, 3, 3, 17)


def test_zero_weeks_is_the_start():
    assert CAL.add_calendar_weeks(local(2026, 3, 8, 10), 0) == local(2026, 3, 8, 10)


# -- properties ----------------------------------------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(start=moments, seconds=durations)
def test_adding_then_measuring_back_agrees(start, seconds):
    assert CAL.business_seconds_between(start, CAL.add_business_seconds(start, seconds)) == seconds


@settings(max_examples=200, deadline=None)
@given(start=moments, gap=st.integers(min_value=0, max_value=400 * 24 * 3600 * 10**6))
def test_adding_what_was_measured_never_passes_the_end(start, gap):
    end = start + timedelta(microseconds=gap)
    assert CAL.add_business_seconds(start, CAL.business_seconds_between(start, end)) <= end


@settings(max_examples=200, deadline=None)
@given(start=moments, seconds=st.integers(min_value=1, max_value=300 * DAY))
def test_a_deadline_always_falls_within_opening_hours_of_a_business_day(start, seconds):
    due = as_local(CAL.add_business_seconds(start, seconds))
    assert CAL.is_business_day(due.date())
    assert time(9) < due.time() <= time(17)


@settings(max_examples=200, deadline=None)
@given(
    start=moments,
    span=st.integers(min_value=0, max_value=60 * 24 * 3600 * 10**6),
    closures=st.lists(st.integers(min_value=-3, max_value=62), max_size=8),
)
def test_measuring_agrees_with_a_day_by_day_reference(start, span, closures):
    first = as_local(start).date()
    cal = BusinessCalendar(closure_days=frozenset(first + timedelta(days=n) for n in closures))
    end = start + timedelta(microseconds=span)
    assert cal.business_seconds_between(start, end) == reference_between(cal, start, end)


@settings(max_examples=200, deadline=None)
@given(points=st.lists(whole_moments, min_size=3, max_size=3).map(sorted))
def test_business_time_is_additive_over_adjacent_intervals(points):
    a, b, c = points
    between = CAL.business_seconds_between
    assert between(a, c) == between(a, b) + between(b, c)


@settings(max_examples=100, deadline=None)
@given(start=moments, seconds=durations, more=st.integers(min_value=0, max_value=20 * DAY))
def test_more_business_time_never_gives_an_earlier_deadline(start, seconds, more):
    assert CAL.add_business_seconds(start, seconds) <= CAL.add_business_seconds(start, seconds + more)


def test_a_long_span_measured_and_added_back_ends_where_it_ended():
    # Its speed (at most 10 ms) is a figure of `make bench` (bench/phases/calendar.py), not a test.
    start, end = local(2026, 1, 5, 10), local(2029, 12, 28, 16)
    seconds = CAL.business_seconds_between(start, end)
    assert CAL.add_business_seconds(start, seconds) == end


# Coordinators set the opening hours (app.sla.admin): the arithmetic must hold for any of them.
def _quarter(n: int) -> time:
    return time(n // 4, n % 4 * 15)


# Quarter hours from 05:00 to 23:00 (a night-time day would contain the DST change, see BusinessCalendar).
opening_hours = (
    st.lists(st.integers(min_value=5 * 4, max_value=23 * 4), min_size=2, max_size=2, unique=True)
    .map(sorted)
    .map(lambda pair: BusinessCalendar(day_start=_quarter(pair[0]), day_end=_quarter(pair[1])))
)


@settings(max_examples=200, deadline=None)
@given(cal=opening_hours, start=moments, seconds=durations)
def test_any_opening_hours_add_then_measure_back_and_end_within_them(cal, start, seconds):
    due = cal.add_business_seconds(start, seconds)
    assert cal.business_seconds_between(start, due) == seconds
    if seconds:
        wall = as_local(due)
        assert cal.is_business_day(wall.date()) and cal.day_start < wall.time() <= cal.day_end


@settings(max_examples=200, deadline=None)
@given(cal=opening_hours, start=moments, span=st.integers(min_value=0, max_value=30 * 24 * 3600 * 10**6))
def test_any_opening_hours_agree_with_the_day_by_day_reference(cal, start, span):
    end = start + timedelta(microseconds=span)
    assert cal.business_seconds_between(start, end) == reference_between(cal, start, end)
