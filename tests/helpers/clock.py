"""The moment the tests freeze the clock at: a Tuesday morning, so deadlines fall in business hours."""

from datetime import UTC, datetime

from app import clock

# Tuesday 10 March 2026, 11:00 in Amsterdam: every deadline in these tests is computed from this moment.
NOW = datetime(2026, 3, 10, 10, 0, tzinfo=UTC)


def freeze() -> None:
    clock.freeze(NOW)
