"""How long a closed case is kept: its erasure date from its facts (pure: no app, no database)."""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta

# The retention classes coordinators set a term for, in years after closure (or after a measure).
INCIDENT, COMPLAINT, DISPUTE, OBJECTION = "incident", "complaint", "dispute", "objection"
MEASURE = "measure"  # the case led to a measure: kept while it is on the register, then this long
AP_NOTIFIED = "ap_notified"  # a data breach reported to the AP: the AP itself keeps it this long
CLASSES = (INCIDENT, COMPLAINT, DISPUTE, OBJECTION, MEASURE, AP_NOTIFIED)
DEFAULT_YEARS = {INCIDENT: 2, COMPLAINT: 2, DISPUTE: 5, OBJECTION: 5, MEASURE: 5, AP_NOTIFIED: 7}
MAX_YEARS = 100


@dataclass(frozen=True)
class CaseFacts:
    """What the term depends on. `measure_ends`: for each measure the case led to, the day it left
    the register (ended, met or its end date), or None while it is still in force or proposed."""

    case_type: str
    closed_at: datetime | None  # None: the case is open and has no term yet
    ap_notified: bool = False
    measure_ends: tuple[date | None, ...] = ()


@dataclass(frozen=True)
class Term:
    """A case's erasure date and the class whose term sets it (the longest that applies)."""

    erase_on: date
    retention_class: str


def add_years(day: date, years: int) -> date:
    """The same day `years` later; 29 February becomes 28 February in a year without it."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def term(facts: CaseFacts, years: Mapping[str, int]) -> Term | None:
    """The erasure date: the latest of every term that applies; None while the case is open or a
    measure it led to is still on the register (no date can be known yet)."""
    if facts.closed_at is None or any(end is None for end in facts.measure_ends):
        return None
    closed = facts.closed_at.date()
    candidates = [Term(add_years(closed, years[facts.case_type]), facts.case_type)]
    if facts.ap_notified:
        candidates.append(Term(add_years(closed, years[AP_NOTIFIED]), AP_NOTIFIED))
    if facts.measure_ends:
        last_on_register = max(max(facts.measure_ends), closed)
        candidates.append(Term(add_years(last_on_register, years[MEASURE]), MEASURE))
    # max() keeps the first of equals: on a tie the case's own type names the term.
    return max(candidates, key=lambda candidate: candidate.erase_on)


def warn_on(erase_on: date, warning_days: int) -> date:
    """The day coordinators are warned that a case reaches its term."""
    return erase_on - timedelta(days=warning_days)
