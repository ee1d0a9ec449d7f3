"""The business calendar: opening hours, Dutch public holidays and closure days, as pure time arithmetic."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays

UTC = UTC
ONE_DAY = timedelta(days=1)
ONE_SECOND = timedelta(seconds=1)


@lru_cache(maxsize=256)
def public_holidays(country: str, year: int) -> frozenset[date]:
    """The public holidays of one country and year, as the `holidays` package defines them.

    Cached because building a year's holidays is far slower than the arithmetic that asks for it.
    We keep the package's view (for NL: Good Friday included, 5 May only in lustrum years); days
    the foundation wants off on top of that are closure days.
    """
    return frozenset(holidays.country_holidays(country, years=year).keys())


def _aware(moment: datetime, name: str) -> None:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{name} must be timezone-aware.")


def _non_negative(seconds: int) -> None:
    if seconds < 0:
        raise ValueError("A duration must not be negative.")


@dataclass(frozen=True)
class BusinessCalendar:
    """When the desk counts business time: workdays between day_start and day_end, local time.

    Business time is wall-clock time in `timezone`. Opening hours never contain a DST change in
    Europe/Amsterdam (changes happen at night), so wall-clock and real business seconds agree.
    """

    timezone: str = "Europe/Amsterdam"
    day_start: time = time(9)
    day_end: time = time(17)
    workdays: frozenset[int] = frozenset({0, 1, 2, 3, 4})
    closure_days: frozenset[date] = frozenset()
    holiday_country: str = "NL"

    def __post_init__(self) -> None:
        if self.day_start >= self.day_end:
            raise ValueError("A business day must start before it ends.")
        if not self.workdays or not set(self.workdays) <= set(range(7)):
            raise ValueError("Workdays must be a non-empty set of weekday numbers 0 (Monday) to 6.")
        ZoneInfo(self.timezone)  # fail early on an unknown zone name
        # Callers may pass any iterable; freeze it so the calendar stays hashable and immutable.
        object.__setattr__(self, "workdays", frozenset(self.workdays))
        object.__setattr__(self, "closure_days", frozenset(self.closure_days))

    # -- days ---------------------------------------------------------------------------------

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)  # ZoneInfo caches instances per key

    @property
    def day_length(self) -> timedelta:
        return datetime.combine(date.min, self.day_end) - datetime.combine(date.min, self.day_start)

    def is_business_day(self, d: date) -> bool:
        return (
            d.weekday() in self.workdays
            and d not in self.closure_days
            and d not in public_holidays(self.holiday_country, d.year)
        )

    def _business_days_in(self, first: date, stop: date) -> int:
        """Business days in [first, stop), by whole weeks plus a remainder: O(years + closures)."""
        if stop <= first:
            return 0
        weeks, extra = divmod((stop - first).days, 7)
        weekday = first.weekday()
        count = weeks * len(self.workdays)
        count += sum(1 for i in range(extra) if (weekday + i) % 7 in self.workdays)
        days_off = set(self.closure_days)
        for year in range(first.year, (stop - ONE_DAY).year + 1):
            days_off |= public_holidays(self.holiday_country, year)
        # A day off only removes something when it would otherwise have been a workday.
        count -= sum(1 for d in days_off if first <= d < stop and d.weekday() in self.workdays)
        return count

    def _advance(self, d: date, count: int) -> date:
        """The `count`-th business day after `d` (`d` itself for 0)."""
        per_week = len(self.workdays)
        while count > 0:
            if count > per_week:
                # Jump whole weeks, staying short of the target: a span of n weeks holds at most
                # n * per_week business days, so `count` stays positive and we never overshoot.
                target = d + timedelta(weeks=(count - 1) // per_week)
                count -= self._business_days_in(d + ONE_DAY, target + ONE_DAY)
                d = target
            else:
                d += ONE_DAY
                if self.is_business_day(d):
                    count -= 1
        return d

    # -- conversions --------------------------------------------------------------------------

    def _local(self, moment: datetime) -> datetime:
        """Naive local wall-clock time: business time is counted on the wall clock."""
        return moment.astimezone(self.zone).replace(tzinfo=None)

    def _utc(self, wall: datetime) -> datetime:
        return wall.replace(tzinfo=self.zone).astimezone(UTC)

    def _offset_in_day(self, wall: datetime) -> timedelta:
        """Business time already used on `wall`'s own day, clamped to [0, day_length]."""
        used = wall - datetime.combine(wall.date(), self.day_start)
        return min(max(used, timedelta(0)), self.day_length)

    def _position(self, wall: datetime, origin: date) -> timedelta:
        """Business time from `origin` 00:00 (local) up to `wall`."""
        position = self._business_days_in(origin, wall.date()) * self.day_length
        if self.is_business_day(wall.date()):
            position += self._offset_in_day(wall)
        return position

    # -- business time ------------------------------------------------------------------------

    def add_business_seconds(self, start: datetime, seconds: int) -> datetime:
        """The moment `seconds` of business time after `start`, in UTC.

        A start outside opening hours counts from the next opening. A result that lands exactly
        on closing time stays there (Monday 17:00), rather than becoming the next opening.
        """
        _aware(start, "The start")
        _non_negative(seconds)
        if seconds == 0:
            return start.astimezone(UTC)
        wall = self._local(start)
        day = wall.date()
        if self.is_business_day(day) and wall.time() < self.day_end:
            used = self._offset_in_day(wall)
        else:
            day, used = self._advance(day, 1), timedelta(0)
        whole_days, rest = divmod(used + timedelta(seconds=seconds), self.day_length)
        if not rest:  # exactly at a closing time: that day's close, not the next morning
            whole_days, rest = whole_days - 1, self.day_length
        day = self._advance(day, whole_days)
        return self._utc(datetime.combine(day, self.day_start) + rest)

    def business_seconds_between(self, a: datetime, b: datetime) -> int:
        """Whole business seconds in [a, b); 0 when b is not after a."""
        _aware(a, "The start")
        _aware(b, "The end")
        if b <= a:
            return 0
        wall_a, wall_b = self._local(a), self._local(b)
        origin = wall_a.date()
        span = self._position(wall_b, origin) - self._position(wall_a, origin)
        # Floor, so adding the result back to `a` never passes `b`; max() covers the repeated
        # autumn hour, where a later instant can have an earlier wall-clock time.
        return max(span // ONE_SECOND, 0)

    # -- calendar time ------------------------------------------------------------------------

    def add_calendar_seconds(self, start: datetime, seconds: int) -> datetime:
        """Elapsed real time: 72 hours across a DST change are 72 real hours."""
        _aware(start, "The start")
        _non_negative(seconds)
        return start.astimezone(UTC) + timedelta(seconds=seconds)

    def add_calendar_weeks(self, start: datetime, weeks: int, paused_seconds: int = 0) -> datetime:
        """The same local wall-clock time `weeks` * 7 local days later, in UTC.

        Time the term stood still (`paused_seconds`, real time) moves that local end, not the
        start: a pause across a DST change still ends the term on the start's wall-clock hour.
        Like the Algemene termijnenwet (art. 1): a term ending on a Saturday, Sunday, public
        holiday or (here also) closure day is extended to the next business day. We then take
        that day's closing time, so the party gets the whole extended day.
        """
        _aware(start, "The start")
        _non_negative(weeks)
        _non_negative(paused_seconds)
        if not weeks:
            return self.add_calendar_seconds(start, paused_seconds)
        end = self._local(start) + timedelta(weeks=weeks)
        if paused_seconds:
            end = self._local(self._utc(end) + timedelta(seconds=paused_seconds))
        if not self.is_business_day(end.date()):
            end = datetime.combine(self._advance(end.date(), 1), self.day_end)
        return self._utc(end)
