"""The SLA tallies as stored, for tests that compare them with a count."""

from collections import Counter

from sqlalchemy import select

from app.extensions import db
from app.sla.models import SlaTally


def stored_tallies() -> Counter:
    """Each non-empty cell of sla_tallies, keyed as tallies.KEY orders it."""
    rows = db.session.scalars(select(SlaTally))
    return Counter({(r.bucket, r.outcome, r.subject_type, r.case_type, r.kind): r.count for r in rows if r.count})
