"""Derives a keurmerk's status from the measures against it, as a pure function of the facts.

Kept free of Flask and SQLAlchemy so the register, the API and the public feed all share one
rule set that can be tested exhaustively (see tests/compliance) without a database.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

MEASURE_KINDS = (
    "request_explanation",
    "warning",
    "improvement_plan",
    "notice_of_default",
    "suspension",
    "emergency_suspension",
    "revocation",
    "reinstatement",
)
MEASURE_STATUSES = ("proposed", "in_force", "met", "ended", "rejected")
KEURMERK_STATUSES = ("valid", "conditional", "suspended", "revoked")

# A revocation or reinstatement is an event, not a period: once approved it took effect, and
# marking it met/ended afterwards must not erase it (only a reinstatement undoes a revocation).
APPROVED = frozenset({"in_force", "met", "ended"})
SUSPENDING = frozenset({"suspension", "emergency_suspension"})
CONDITIONING = frozenset({"improvement_plan", "notice_of_default"})


@dataclass(frozen=True)
class MeasureFact:
    """What the status derivation needs to know about one measure (no ORM object, no session).

    keurmerk_id None means the measure is against the whole participant, so all its keurmerken.
    """

    id: int
    kind: str
    status: str
    starts_on: date
    ends_on: date | None  # exclusive: the measure no longer holds on this date
    decided_at: datetime
    keurmerk_id: int | None
    participant_id: int

    def __post_init__(self):
        # Fail loudly on bad facts: a typo'd kind would otherwise silently count as "valid".
        if self.kind not in MEASURE_KINDS:
            raise ValueError(f"unknown measure kind {self.kind!r}")
        if self.status not in MEASURE_STATUSES:
            raise ValueError(f"unknown measure status {self.status!r}")
        if self.decided_at.tzinfo is None or self.decided_at.utcoffset() is None:
            raise ValueError("decided_at must be timezone-aware")


@dataclass(frozen=True)
class KeurmerkStatus:
    """A status plus the measure that decides it, so every status on screen links its decision."""

    status: str
    cause: MeasureFact | None


def _applies(m: MeasureFact, keurmerk_id: int, participant_id: int) -> bool:
    if m.keurmerk_id is None:
        return m.participant_id == participant_id
    return m.keurmerk_id == keurmerk_id


def _in_force(m: MeasureFact, on: date) -> bool:
    """A period measure holds from starts_on up to (not including) ends_on, once in force."""
    return m.status == "in_force" and m.starts_on <= on and (m.ends_on is None or on < m.ends_on)


def _took_effect(m: MeasureFact, on: date) -> bool:
    """An approved event measure (revocation, reinstatement); its ends_on is deliberately ignored."""
    return m.status in APPROVED and m.starts_on <= on


def _decisive(m: MeasureFact) -> tuple:
    # Ties go to the most recent decision, then the highest id: a total order, so the result
    # never depends on the order in which measures were recorded or loaded.
    return (m.decided_at, m.id)


def _derive(applicable: list[MeasureFact], on: date) -> KeurmerkStatus:
    revocations = [m for m in applicable if m.kind == "revocation" and _took_effect(m, on)]
    reinstatements = [m for m in applicable if m.kind == "reinstatement" and _took_effect(m, on)]
    reinstated_by = None
    if revocations:
        latest = max(revocations, key=lambda m: (m.starts_on, *_decisive(m)))
        after = [r for r in reinstatements if r.starts_on >= latest.starts_on]
        if not after:
            # Nothing but a reinstatement lifts a revocation; other measures ending don't.
            return KeurmerkStatus("revoked", latest)
        # The reinstatement that ended it is the first to take effect after the revocation.
        first_day = min(r.starts_on for r in after)
        reinstated_by = max((r for r in after if r.starts_on == first_day), key=_decisive)

    for kinds, status in ((SUSPENDING, "suspended"), (CONDITIONING, "conditional")):
        holding = [m for m in applicable if m.kind in kinds and _in_force(m, on)]
        if holding:
            return KeurmerkStatus(status, max(holding, key=_decisive))
    # Warnings and requests for explanation are on record but don't change the status.
    return KeurmerkStatus("valid", reinstated_by)


def derive_status(keurmerk_id: int, participant_id: int, measures: Iterable[MeasureFact], on: date) -> KeurmerkStatus:
    """The keurmerk's status on `on`: revoked > suspended > conditional > valid.

    Proposed (awaiting four eyes) and rejected measures never count; a period measure counts
    only while in force, so it restores the status by itself when it ends.
    """
    applicable = [m for m in measures if _applies(m, keurmerk_id, participant_id)]
    return _derive(applicable, on)


def timeline(
    keurmerk_id: int, participant_id: int, measures: Iterable[MeasureFact], start: date, end: date
) -> list[tuple[date, KeurmerkStatus]]:
    """The status on `start`, then each date up to `end` (inclusive) on which it changes.

    A change of cause (another decision taking over) counts as a change, because the feed shows
    which decision explains the status. The status can only change on a measure's starts_on or
    ends_on, so only those dates are evaluated rather than every day in the range.
    """
    if end < start:
        raise ValueError("end must not be before start")
    applicable = [m for m in measures if _applies(m, keurmerk_id, participant_id)]
    boundaries = {d for m in applicable for d in (m.starts_on, m.ends_on) if d is not None and start < d <= end}
    result = [(start, _derive(applicable, start))]
    for day in sorted(boundaries):
        current = _derive(applicable, day)
        if current != result[-1][1]:
            result.append((day, current))
    return result
