"""Case references (INC-2026-00042): per type and year, never reused, safe under concurrency."""

import secrets

from sqlalchemy import text

from app import clock
from app.cases.models import REFERENCE_PREFIXES, ReferenceCounter
from app.extensions import db

# One upsert, in the syntax SQLite and PostgreSQL share. Written out: SQLAlchemy's dialect
# upserts cannot be cached, so they were compiled anew for every filing.
_COUNTERS = ReferenceCounter.__tablename__
# bandit B608 (SQL built from a string): the only thing formatted in is the model's own table name;
# the values are bound parameters.
_TAKE_NUMBER = text(
    f"INSERT INTO {_COUNTERS} (case_type, year, last_number) VALUES (:case_type, :year, 1) "  # nosec B608
    f"ON CONFLICT (case_type, year) DO UPDATE SET last_number = {_COUNTERS}.last_number + 1 RETURNING last_number"
)


def next_reference(case_type: str, year: int) -> str:
    """Atomically takes the next number: one upsert, so concurrent intakes never collide."""
    number = db.session.execute(_TAKE_NUMBER, {"case_type": case_type, "year": year}).scalar_one()
    return f"{REFERENCE_PREFIXES[case_type]}-{year}-{number:05d}"


def provisional() -> str:
    """A stand-in until `assign`: the counter row is locked from the moment a number is taken
    until the commit, so intake takes it last and concurrent intakes wait on each other briefly."""
    return "~" + secrets.token_hex(9)


def assign(case) -> None:
    """Gives a new case its real reference (before anything shows or mails it)."""
    if case.reference.startswith("~"):
        case.reference = next_reference(case.type, clock.local(case.created_at).year)
