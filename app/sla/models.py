"""Deadline rows: one per running clock, with the moments the sweep must act on."""

from datetime import datetime

from sqlalchemy import JSON, Index, String, text
from sqlalchemy.orm import Mapped, mapped_column

from app.dbtypes import UTCDateTime, one_of
from app.extensions import db
from app.sla.clocks import DEADLINE_KINDS, Basis, state_of

# Every answer of Deadline.state.
DEADLINE_STATES = ("running", "paused", "met", "breached")
# SQL: a running clock the sweep has warned about (tallies.AT_RISK counts them).
AT_RISK = "met_at IS NULL AND paused_since IS NULL AND breached_at IS NULL AND warned_at IS NOT NULL"


class Deadline(db.Model):
    """A clock on a subject (a case or a measure); `sla` knows subjects only by type and id."""

    __tablename__ = "deadlines"
    __table_args__ = (
        Index("ix_deadlines_subject", "subject_type", "subject_id"),
        # The sweep reads only rows whose next action is due: its cost follows the due clocks. Most
        # clocks are done (NULL), so only those with something left are indexed.
        Index(
            "ix_deadlines_next_check",
            "next_check_at",
            sqlite_where=text("next_check_at IS NOT NULL"),
            postgresql_where=text("next_check_at IS NOT NULL"),
        ),
        # The SLA dashboard counts this month's breaches; few clocks are ever breached.
        Index(
            "ix_deadlines_breached",
            "breached_at",
            sqlite_where=text("breached_at IS NOT NULL"),
            postgresql_where=text("breached_at IS NOT NULL"),
        ),
        # The dashboard's clocks at risk (running, and warned about by the sweep), due soonest first:
        # only those are indexed, so ranking them reads no other clock.
        Index(
            "ix_deadlines_at_risk",
            "due_at",
            "id",
            sqlite_where=text(AT_RISK),
            postgresql_where=text(AT_RISK),
        ),
        one_of("kind", DEADLINE_KINDS),
        one_of("basis", [basis.value for basis in Basis]),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    subject_type: Mapped[str] = mapped_column(String(20))
    subject_id: Mapped[int]
    kind: Mapped[str] = mapped_column(String(30))
    basis: Mapped[str] = mapped_column(String(10))
    amount: Mapped[int]
    warn_fraction: Mapped[float] = mapped_column(default=0.75)
    reminders: Mapped[list] = mapped_column(JSON, default=list)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime)
    due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    warn_at: Mapped[datetime] = mapped_column(UTCDateTime)
    paused_since: Mapped[datetime | None] = mapped_column(UTCDateTime)
    paused_seconds: Mapped[int] = mapped_column(default=0)
    warned_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    breached_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    met_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reminders_sent: Mapped[int] = mapped_column(default=0)
    # Earliest moment the sweep has something to do for this clock; NULL when nothing is left.
    next_check_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    @property
    def state(self) -> str:
        return state_of(self.met_at, self.breached_at, self.paused_since)


class SlaTally(db.Model):
    """How many clocks stand in one cell of the SLA dashboard, kept by app/sla/tallies.py as clocks change.

    `bucket` is "open" for clocks still counting on an open subject (outcome running, paused or
    breached), else the local month a clock ended in, "2026-03" (outcome met or breached).
    """

    __tablename__ = "sla_tallies"

    bucket: Mapped[str] = mapped_column(String(7), primary_key=True)
    outcome: Mapped[str] = mapped_column(String(10), primary_key=True)
    subject_type: Mapped[str] = mapped_column(String(20), primary_key=True)
    case_type: Mapped[str] = mapped_column(String(30), primary_key=True)
    kind: Mapped[str] = mapped_column(String(30), primary_key=True)
    count: Mapped[int] = mapped_column(default=0)
