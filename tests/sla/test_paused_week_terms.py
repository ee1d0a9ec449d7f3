"""A paused week term across the DST switches: the pause moves the term's local end, never its hour.

A complaint's six-week term ends on the wall-clock hour it started (Algemene termijnenwet), and
time spent waiting on a party is added to that end in real time; a term that then ends outside a
business day runs to the next business day's close.
"""

from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from app.sla import clocks
from app.sla.calendar import BusinessCalendar
from app.sla.clocks import Basis, ClockSpec
from tests.sla.amsterdam import AMS, local

CAL = BusinessCalendar()
SIX_WEEKS = ClockSpec("resolution", Basis.WEEKS, 6)


def due(start: datetime, pause_from: datetime | None = None, pause_until: datetime | None = None) -> datetime:
    paused = clocks.paused_amount(SIX_WEEKS, pause_from, pause_until, CAL) if pause_from else 0
    return clocks.due_at(SIX_WEEKS, start, paused, CAL).astimezone(AMS)


def test_a_pause_after_the_autumn_switch_keeps_the_start_hour():
    # Started in summer time, paused in winter time: due Mon 7 Dec 10:00 CET, not 09:00.
    assert due(local(2026, 10, 23, 10), local(2026, 11, 2, 10), local(2026, 11, 5, 10)) == local(2026, 12, 7, 10)


def test_a_paused_term_ending_on_a_saturday_runs_to_mondays_close():
    assert due(local(2026, 10, 23, 0, 30), local(2026, 11, 2, 9), local(2026, 11, 10, 9)) == local(2026, 12, 14, 17)


def test_a_pause_across_the_spring_switch_keeps_the_start_hour():
    # Started in winter time, paused across the night the clocks go forward.
    assert due(local(2026, 3, 20, 10), local(2026, 3, 27, 10), local(2026, 3, 30, 10)) == local(2026, 5, 4, 10)


def reference_due(start: datetime, paused_seconds: int) -> datetime:
    """The slow way: walk the wall clock day by day for six weeks, then hour by hour of real time
    through the pause, then day by day to a business day."""
    wall = start.astimezone(AMS).replace(tzinfo=None)
    for _ in range(42):
        wall += timedelta(days=1)
    moment = wall.replace(tzinfo=AMS).astimezone(UTC)
    for _ in range(paused_seconds // 3600):
        moment += timedelta(hours=1)
    moment += timedelta(seconds=paused_seconds % 3600)
    end = moment.astimezone(AMS)
    if not CAL.is_business_day(end.date()):
        day = end.date() + timedelta(days=1)
        while not CAL.is_business_day(day):
            day += timedelta(days=1)
        end = datetime.combine(day, CAL.day_end, tzinfo=AMS)
    return end


# Starts in the weeks around both switches of 2026 (29 March and 25 October), with a pause of up
# to three weeks somewhere in the term.
starts = st.one_of(
    st.datetimes(min_value=datetime(2026, 2, 15), max_value=datetime(2026, 4, 15)),
    st.datetimes(min_value=datetime(2026, 9, 15), max_value=datetime(2026, 11, 15)),
).map(lambda wall: wall.replace(second=0, microsecond=0, tzinfo=AMS))


@settings(max_examples=300, deadline=None)
@given(start=starts, offset=st.integers(0, 30 * 24 * 3600), length=st.integers(0, 21 * 24 * 3600))
def test_paused_week_terms_match_the_slow_reference(start, offset, length):
    pause_from = start + timedelta(seconds=offset)
    pause_until = pause_from + timedelta(seconds=length)
    paused = clocks.paused_amount(SIX_WEEKS, pause_from, pause_until, CAL)
    assert paused == length  # a week term pauses in real time
    assert clocks.due_at(SIX_WEEKS, start, paused, CAL) == reference_due(start, paused)


@settings(max_examples=200, deadline=None)
@given(start=starts, hours=st.integers(1, 21 * 24))
def test_a_pause_of_whole_days_moves_a_business_day_end_by_as_many_days(start, hours):
    unpaused, paused = due(start), clocks.due_at(SIX_WEEKS, start, 24 * 3600 * (hours // 24), CAL).astimezone(AMS)
    # An end outside a business day runs to the next one's close; from a start at closing time that
    # end keeps the start's hour, so the ends compared here are those that fall on business days.
    term_end = start.astimezone(AMS).date() + timedelta(weeks=6)
    on_business_days = CAL.is_business_day(term_end) and CAL.is_business_day(term_end + timedelta(days=hours // 24))
    if unpaused.time() == start.astimezone(AMS).time() and paused.time() == unpaused.time() and on_business_days:
        assert paused.date() - unpaused.date() == timedelta(days=hours // 24)
