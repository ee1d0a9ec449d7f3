"""Phase 4: the business calendar measuring a four-year span and adding it back, against a one-week span."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from bench.settings import CALENDAR_RUNS, log

AMS = ZoneInfo("Europe/Amsterdam")
LONG_SPAN = (datetime(2026, 1, 5, 10, tzinfo=AMS), datetime(2029, 12, 28, 16, tzinfo=AMS))
SHORT_SPAN = (datetime(2026, 1, 5, 10, tzinfo=AMS), datetime(2026, 1, 12, 16, tzinfo=AMS))


@dataclass
class CalendarFigures:
    """The best run of each span: the arithmetic is pure, so the best run is the calendar's own cost
    and the slower ones are the shared machine's."""

    ms_long: float
    ms_short: float
    errors: int

    @property
    def ratio(self) -> float:
        return self.ms_long / self.ms_short


def _round_trip(calendar, start: datetime, end: datetime) -> tuple[float, bool]:
    """Milliseconds of measuring [start, end) in business time and adding that back to start, and
    whether it came back to end."""
    began = time.perf_counter()
    seconds = calendar.business_seconds_between(start, end)
    back = calendar.add_business_seconds(start, seconds)
    return (time.perf_counter() - began) * 1000, back == end


def calendar_phase() -> CalendarFigures:
    """Both spans in turns, in-process; a policy or calendar change repeats this for every running clock."""
    from app.sla.calendar import BusinessCalendar

    calendar = BusinessCalendar()
    log(
        f"== calendar: business time over four years and over one week, add back and measure, "
        f"best of {CALENDAR_RUNS} runs each in turns"
    )
    for span in (LONG_SPAN, SHORT_SPAN):  # warm the holiday cache
        _round_trip(calendar, *span)
    spans = [("long", LONG_SPAN), ("short", SHORT_SPAN)]
    times: dict[str, list[float]] = {"long": [], "short": []}
    errors = 0
    for number in range(CALENDAR_RUNS):
        for name, span in spans if number % 2 == 0 else spans[::-1]:
            elapsed, came_back = _round_trip(calendar, *span)
            times[name].append(elapsed)
            if not came_back:
                errors += 1
                log(f"  ERROR adding the business time of {span[0]} .. {span[1]} back did not end at {span[1]}")
    figures = CalendarFigures(min(times["long"]), min(times["short"]), errors)
    log(
        f"  four years: {figures.ms_long:7.3f} ms best  one week: {figures.ms_short:7.3f} ms best  "
        f"ratio {figures.ratio:.1f}"
    )
    return figures
