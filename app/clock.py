"""The one seam through which the application reads the time (always aware, UTC)."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

LOCAL_TZ = ZoneInfo("Europe/Amsterdam")
_frozen: datetime | None = None


def now() -> datetime:
    """The current time in UTC; tests may freeze it with `freeze()`."""
    return _frozen if _frozen is not None else datetime.now(UTC)


def freeze(moment: datetime | None) -> None:
    """Fix the time for tests and benchmarks; `None` lets it run again."""
    global _frozen
    if moment is not None and moment.tzinfo is None:
        raise ValueError("A frozen time must be timezone-aware.")
    _frozen = moment.astimezone(UTC) if moment is not None else None


def as_utc(moment: datetime) -> datetime:
    """Stored times come back naive from SQLite: they are UTC by convention."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def local(moment: datetime) -> datetime:
    return as_utc(moment).astimezone(LOCAL_TZ)
