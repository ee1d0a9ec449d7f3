"""Column types and constraints shared by every domain: UTC-aware datetimes, CHECKs of allowed values."""

from collections.abc import Iterable
from datetime import UTC, datetime

from sqlalchemy import CheckConstraint, DateTime, types


class UTCDateTime(types.TypeDecorator):
    """Stores UTC and always hands back an aware UTC datetime (SQLite forgets the offset)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("Naive datetimes are not stored; use app.clock.")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def one_of(column: str, values: Iterable[str]) -> CheckConstraint:
    """A CHECK that the column holds one of the values the domain declares (NULL passes, where the
    column allows it). Named after the column: the naming convention makes it ck_<table>_<column>."""
    return CheckConstraint(f"{column} IN ({', '.join(quoted(v) for v in values)})", name=column)


def quoted(value: str) -> str:
    """A string as an SQL literal, for DDL (the values come from the code, never from users)."""
    return "'" + value.replace("'", "''") + "'"
