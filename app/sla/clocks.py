"""Clock specifications and their deadline arithmetic on a business calendar, plus the default policies."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime
from enum import Enum

from app.sla.calendar import BusinessCalendar

HOUR = 3600
WEEK = 7 * 24 * HOUR
# The default calendar's day (09:00-17:00). Business clocks are stored in seconds, so a foundation
# that changes its opening hours keeps "8 business hours", not "one business day".
BUSINESS_DAY = 8 * HOUR

DEADLINE_KINDS = (
    "acknowledge",
    "first_response",
    "ap_notification",
    "admissibility",
    "substantiation",
    "response",
    "resolution",
    "update",
    "measure",
    # The RFC desk's lead times (domain.md, "Requests for change").
    "reaction",
    "qualification",
    "handling",
    "processing",
)


def state_of(met_at: datetime | None, breached_at: datetime | None, paused_since: datetime | None) -> str:
    """A clock's state from its stamps: met, else breached, else paused, else running."""
    if met_at is not None:
        return "met"
    if breached_at is not None:
        return "breached"
    if paused_since is not None:
        return "paused"
    return "running"


class Basis(str, Enum):
    CALENDAR = "calendar"  # amount in real seconds
    BUSINESS = "business"  # amount in business seconds
    WEEKS = "weeks"  # amount in calendar weeks


@dataclass(frozen=True)
class ClockSpec:
    """What a clock measures; reminders are offsets in seconds from the start, in the clock's basis
    (real seconds for WEEKS)."""

    kind: str
    basis: Basis
    amount: int
    warn_fraction: float = 0.75
    reminders: tuple[int, ...] = ()

    def __post_init__(self) -> None:
        if not self.kind:
            raise ValueError("A clock needs a kind.")
        try:
            # Stored rows carry the basis as a plain string; accept it so a row can rebuild its spec.
            object.__setattr__(self, "basis", Basis(self.basis))
        except ValueError:
            raise ValueError(f"Unknown clock basis {self.basis!r}.") from None
        if isinstance(self.amount, bool) or not isinstance(self.amount, int):
            raise ValueError("A clock's duration must be a whole number.")
        if self.amount <= 0:
            raise ValueError("A clock's duration must be positive.")
        if not 0 < self.warn_fraction < 1:
            raise ValueError("A clock's warning fraction must lie strictly between 0 and 1.")
        reminders = tuple(sorted(self.reminders))
        if any(isinstance(r, bool) or not isinstance(r, int) or r <= 0 for r in reminders):
            raise ValueError("A clock's reminders must be positive whole numbers of seconds.")
        if reminders and reminders[-1] >= self.nominal_seconds:
            raise ValueError("A clock's reminders must fall before its deadline.")
        object.__setattr__(self, "reminders", reminders)

    @property
    def nominal_seconds(self) -> int:
        """The length in the seconds of its basis (weeks counted as 7 x 24 hours)."""
        return self.amount * WEEK if self.basis is Basis.WEEKS else self.amount


def _add(spec: ClockSpec, calendar: BusinessCalendar, start: datetime, seconds: int) -> datetime:
    """Add seconds in the clock's own basis (real seconds for WEEKS)."""
    if spec.basis is Basis.BUSINESS:
        return calendar.add_business_seconds(start, seconds)
    return calendar.add_calendar_seconds(start, seconds)


def _measure(spec: ClockSpec, calendar: BusinessCalendar, a: datetime, b: datetime) -> float:
    """Time in [a, b) in the clock's own basis (0 when b is not after a)."""
    if spec.basis is Basis.BUSINESS:
        return calendar.business_seconds_between(a, b)
    return max((b - a).total_seconds(), 0.0)


def due_at(spec: ClockSpec, started_at: datetime, paused_seconds: int, calendar: BusinessCalendar) -> datetime:
    """The deadline in UTC, with the paused time added back."""
    if spec.basis is Basis.WEEKS:
        return calendar.add_calendar_weeks(started_at, spec.amount, paused_seconds)
    return _add(spec, calendar, started_at, spec.amount + paused_seconds)


def warn_at(spec: ClockSpec, started_at: datetime, paused_seconds: int, calendar: BusinessCalendar) -> datetime:
    """The moment `warn_fraction` of the clock has been used, with the paused time added back."""
    if spec.basis is Basis.WEEKS:
        # A week term may be extended to a business day's close, so take the share of its real span.
        active_start = calendar.add_calendar_seconds(started_at, paused_seconds)
        span = due_at(spec, started_at, paused_seconds, calendar) - active_start
        return active_start + span * spec.warn_fraction
    # Round up so that at warn_at the elapsed fraction has really reached warn_fraction.
    return _add(spec, calendar, started_at, math.ceil(spec.amount * spec.warn_fraction) + paused_seconds)


def reminders_at(
    spec: ClockSpec, started_at: datetime, paused_seconds: int, calendar: BusinessCalendar
) -> tuple[datetime, ...]:
    """The reminder moments in UTC, earliest first, with the paused time added back."""
    return tuple(_add(spec, calendar, started_at, offset + paused_seconds) for offset in spec.reminders)


def paused_amount(spec: ClockSpec, paused_since: datetime, resumed_at: datetime, calendar: BusinessCalendar) -> int:
    """The pause to accrue for [paused_since, resumed_at), in the clock's basis.

    Both ends are cut to whole seconds before measuring, so splitting one pause into several
    accrues exactly the same total: no pause ever loses or gains a fraction of a second.
    """
    since, until = paused_since.replace(microsecond=0), resumed_at.replace(microsecond=0)
    return int(_measure(spec, calendar, since, until))


def elapsed_fraction(
    spec: ClockSpec,
    started_at: datetime,
    paused_seconds: int,
    now: datetime,
    calendar: BusinessCalendar,
    paused_since: datetime | None = None,
) -> float:
    """The share of the clock used at `now`: 0 at the start, 1 at the deadline, above 1 when late.

    Time after `paused_since` (a pause still running) does not count.
    """
    until = min(now, paused_since) if paused_since is not None else now
    used = _measure(spec, calendar, started_at, until) - paused_seconds
    if spec.basis is Basis.WEEKS:
        active_start = calendar.add_calendar_seconds(started_at, paused_seconds)
        total = (due_at(spec, started_at, paused_seconds, calendar) - active_start).total_seconds()
    else:
        total = spec.amount
    return max(used, 0.0) / total


# -- default policies (domain.md, "Deadlines") ---------------------------------------------------

# The acknowledgement is sent automatically on intake; its clock exists so it is met on record.
ACKNOWLEDGE = ClockSpec("acknowledge", Basis.CALENDAR, HOUR)
# Started by the caller for data breaches only: the school's 72-hour duty to notify the AP.
AP_NOTIFICATION = ClockSpec("ap_notification", Basis.CALENDAR, 72 * HOUR, reminders=(48 * HOUR, 66 * HOUR))

DEFAULT_POLICIES: dict[tuple[str, str | None], tuple[ClockSpec, ...]] = {
    ("incident", "incident"): (
        ACKNOWLEDGE,
        ClockSpec("first_response", Basis.BUSINESS, BUSINESS_DAY),
        ClockSpec("resolution", Basis.BUSINESS, 3 * BUSINESS_DAY),
    ),
    ("incident", "calamity"): (
        ACKNOWLEDGE,
        ClockSpec("first_response", Basis.CALENDAR, 4 * HOUR),
        ClockSpec("resolution", Basis.BUSINESS, 2 * BUSINESS_DAY),
    ),
    ("incident", "crisis"): (
        ACKNOWLEDGE,
        ClockSpec("first_response", Basis.CALENDAR, 2 * HOUR),
        ClockSpec("resolution", Basis.BUSINESS, BUSINESS_DAY),
        ClockSpec("update", Basis.CALENDAR, 4 * HOUR),  # restarted after each update
    ),
    ("complaint", None): (
        ACKNOWLEDGE,
        ClockSpec("admissibility", Basis.WEEKS, 4),
        ClockSpec("resolution", Basis.WEEKS, 6),  # the decision; one extension of at most 4 weeks
    ),
    ("dispute", None): (
        ACKNOWLEDGE,
        ClockSpec("admissibility", Basis.BUSINESS, 5 * BUSINESS_DAY),
        ClockSpec("substantiation", Basis.BUSINESS, 10 * BUSINESS_DAY),
        ClockSpec("response", Basis.BUSINESS, 10 * BUSINESS_DAY),
        ClockSpec("resolution", Basis.WEEKS, 8),
    ),
    ("objection", None): (
        ACKNOWLEDGE,
        ClockSpec("resolution", Basis.WEEKS, 6),  # the decision on an objection (domain.md)
    ),
    ("measure", None): (
        ClockSpec("response", Basis.BUSINESS, 10 * BUSINESS_DAY),  # to a request for explanation
    ),
    # RFC lead times, per app.rfc.workflow.clock_variant: blocker and critical ("urgent"), else by type.
    # Months are counted as weeks: 2 months as 9 weeks, 4 months as 17.
    ("rfc", "urgent"): (
        ClockSpec("reaction", Basis.BUSINESS, BUSINESS_DAY),
        ClockSpec("qualification", Basis.BUSINESS, BUSINESS_DAY),
        ClockSpec("handling", Basis.WEEKS, 1),
        ClockSpec("processing", Basis.BUSINESS, 2 * BUSINESS_DAY),
    ),
    ("rfc", "major"): (
        ClockSpec("reaction", Basis.BUSINESS, 3 * BUSINESS_DAY),
        ClockSpec("qualification", Basis.BUSINESS, 5 * BUSINESS_DAY),
        ClockSpec("handling", Basis.WEEKS, 9),
        ClockSpec("processing", Basis.WEEKS, 2),
    ),
    ("rfc", "minor"): (
        ClockSpec("reaction", Basis.BUSINESS, 3 * BUSINESS_DAY),
        ClockSpec("qualification", Basis.BUSINESS, 5 * BUSINESS_DAY),
        ClockSpec("handling", Basis.WEEKS, 17),
        ClockSpec("processing", Basis.WEEKS, 2),
    ),
    ("rfc", "trivial"): (
        ClockSpec("reaction", Basis.BUSINESS, 3 * BUSINESS_DAY),
        ClockSpec("qualification", Basis.BUSINESS, 5 * BUSINESS_DAY),
        ClockSpec("handling", Basis.WEEKS, 2),
        ClockSpec("processing", Basis.WEEKS, 2),
    ),
}

# Clocks a later step of the procedure starts (the workflow fetches them with policy_clock).
_LATER_STEPS = {
    "dispute": frozenset({"substantiation", "response"}),
    "rfc": frozenset({"handling", "processing"}),
}


def policy_key(case_type: str, variant: str | None = None) -> tuple[str, str | None]:
    """The key of a case type's policy; for incidents the variant is the severity."""
    if case_type == "incident" and variant is None:
        variant = "incident"  # a report without a severity yet is handled as a plain incident
    if (case_type, variant) not in DEFAULT_POLICIES:
        raise ValueError(f"No clock policy for case type {case_type!r} with variant {variant!r}.")
    return case_type, variant


def policy(case_type: str, variant: str | None = None) -> tuple[ClockSpec, ...]:
    """All default clocks of a case type."""
    return DEFAULT_POLICIES[policy_key(case_type, variant)]


def policy_clock(case_type: str, kind: str, variant: str | None = None) -> ClockSpec:
    """One clock of a policy, for the steps that start it later (substantiation, response)."""
    for spec in policy(case_type, variant):
        if spec.kind == kind:
            return spec
    raise ValueError(f"The {case_type!r} policy has no {kind!r} clock.")


def default_clocks(case_type: str, variant: str | None = None) -> tuple[ClockSpec, ...]:
    """The clocks to start on intake (for a measure: on the request for explanation).

    The AP clock is not among them: the caller adds AP_NOTIFICATION for data breaches only.
    """
    later = _LATER_STEPS.get(case_type, frozenset())
    return tuple(spec for spec in policy(case_type, variant) if spec.kind not in later)
