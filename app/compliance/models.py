"""Compliance tables: a case's decision, the measures it carries, objections, and the register's change log."""

from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app import clock
from app.auth.models import User
from app.cases.models import Case
from app.compliance.ladder import OUTCOMES
from app.compliance.status import KEURMERK_STATUSES, MEASURE_KINDS, MEASURE_STATUSES
from app.dbtypes import UTCDateTime, one_of
from app.extensions import db
from app.register.models import Keurmerk, Organisation

# The measure's clock in `sla` (subject type), next to the cases' own clocks.
MEASURE_SUBJECT = "measure"


class Decision(db.Model):
    """The outcome of a case, with its reasons; one per case."""

    __tablename__ = "decisions"
    __table_args__ = (one_of("outcome", dict.fromkeys(o for outcomes in OUTCOMES.values() for o in outcomes)),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), unique=True)
    outcome: Mapped[str] = mapped_column(String(20))
    reasoning: Mapped[str] = mapped_column(Text)
    # Incidents: what caused it, and what the participant did about it.
    cause: Mapped[str | None] = mapped_column(Text)
    remedial_action: Mapped[str | None] = mapped_column(Text)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)

    case: Mapped[Case] = relationship()
    decided_by: Mapped[User | None] = relationship()
    measures: Mapped[list["Measure"]] = relationship(back_populates="decision", order_by="Measure.id")


class Measure(db.Model):
    """A step of the sanction ladder against a participant or one of its keurmerken."""

    __tablename__ = "measures"
    __table_args__ = (
        Index("ix_measures_participant_status", "participant_id", "status"),
        # The register reads only the kinds and statuses that can decide a keurmerk's status.
        Index("ix_measures_kind_status", "kind", "status"),
        # Most measures are against a participant as a whole, not one keurmerk.
        Index(
            "ix_measures_keurmerk_id",
            "keurmerk_id",
            sqlite_where=text("keurmerk_id IS NOT NULL"),
            postgresql_where=text("keurmerk_id IS NOT NULL"),
        ),
        one_of("kind", MEASURE_KINDS),
        one_of("status", MEASURE_STATUSES),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    decision_id: Mapped[int | None] = mapped_column(ForeignKey("decisions.id"), index=True)
    kind: Mapped[str] = mapped_column(String(30))
    participant_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    keurmerk_id: Mapped[int | None] = mapped_column(ForeignKey("keurmerken.id"))
    reasoning: Mapped[str] = mapped_column(Text)
    # What the public register says about it; the reasoning itself stays with the parties.
    public_reason: Mapped[str] = mapped_column(String(300), default="")
    publish: Mapped[bool] = mapped_column(default=False)
    status: Mapped[str] = mapped_column(String(20))
    starts_on: Mapped[date]
    ends_on: Mapped[date | None]  # exclusive, as in compliance.status
    due_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    proposed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    proposed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    approved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    rejection_reason: Mapped[str | None] = mapped_column(Text)
    met_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The measure whose missed deadline this one follows up (the next step on the ladder).
    follows_id: Mapped[int | None] = mapped_column(ForeignKey("measures.id"))

    case: Mapped[Case] = relationship()
    decision: Mapped[Decision | None] = relationship(back_populates="measures")
    participant: Mapped[Organisation] = relationship()
    keurmerk: Mapped[Keurmerk | None] = relationship()
    proposed_by: Mapped[User | None] = relationship(foreign_keys=[proposed_by_id])
    approved_by: Mapped[User | None] = relationship(foreign_keys=[approved_by_id])
    follows: Mapped["Measure | None"] = relationship(remote_side=[id])

    @property
    def decided_at(self) -> datetime:
        """When it was decided: approval for four-eyes measures, else when it was recorded."""
        return clock.as_utc(self.approved_at or self.proposed_at)


class Objection(db.Model):
    """A participant's objection (bezwaar) to a measure: its own case with its own decision."""

    __tablename__ = "objections"

    id: Mapped[int] = mapped_column(primary_key=True)
    measure_id: Mapped[int] = mapped_column(ForeignKey("measures.id"), unique=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), unique=True)
    filed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)

    measure: Mapped[Measure] = relationship()
    case: Mapped[Case] = relationship()


class RegisterEvent(db.Model):
    """A change of a keurmerk's public status, as the register's feed announces it (append-only)."""

    __tablename__ = "register_events"
    __table_args__ = (
        Index("ix_register_events_keurmerk", "keurmerk_id", "id"),
        one_of("status", KEURMERK_STATUSES),
        one_of("previous", KEURMERK_STATUSES),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now, index=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    keurmerk_id: Mapped[int] = mapped_column(ForeignKey("keurmerken.id"))
    status: Mapped[str] = mapped_column(String(20))
    previous: Mapped[str | None] = mapped_column(String(20))
    measure_id: Mapped[int | None] = mapped_column(ForeignKey("measures.id"))

    participant: Mapped[Organisation] = relationship()
    keurmerk: Mapped[Keurmerk] = relationship()
    measure: Mapped[Measure | None] = relationship()
