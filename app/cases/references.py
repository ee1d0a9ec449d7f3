"""Case references (INC-2026-00042): per type and year, never reused, safe under concurrency."""
import secrets

from sqlalchemy.dialects import postgresql, sqlite

from app import clock

from app.cases.models import REFERENCE_PREFIXES, ReferenceCounter
from app.extensions import db


def next_reference(case_type: str, year: int) -> str:
    """Atomically takes the next number: one upsert, so concurrent intakes never collide."""
    dialect = db.session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    table = ReferenceCounter.__table__
    statement = (
        insert(table)
        .values(case_type=case_type, year=year, last_number=1)
        .on_conflict_do_update(
            index_elements=[table.c.case_type, table.c.year],
            set_={"last_number": table.c.last_number + 1},
        )
        .returning(table.c.last_number)
    )
    number = db.session.execute(statement).scalar_one()
    return f"{REFERENCE_PREFIXES[case_type]}-{year}-{number:05d}"


def provisional() -> str:
    """A stand-in until `assign`: the counter row is locked from the moment a number is taken
    until the commit, so intake takes it last and concurrent intakes wait on each other briefly."""
    return "~" + secrets.token_hex(9)


def assign(case) -> None:
    """Gives a new case its real reference (before anything shows or mails it)."""
    if case.reference.startswith("~"):
        case.reference = next_reference(case.type, clock.local(case.created_at).year)
