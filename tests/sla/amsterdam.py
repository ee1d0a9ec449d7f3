"""Amsterdam wall-clock time for the pure calendar and clock tests, which run without an app."""

from datetime import datetime
from zoneinfo import ZoneInfo

AMS = ZoneInfo("Europe/Amsterdam")


def local(*args) -> datetime:
    """datetime(*args) on the Amsterdam wall clock."""
    return datetime(*args, tzinfo=AMS)


def as_local(moment: datetime) -> datetime:
    return moment.astimezone(AMS)
