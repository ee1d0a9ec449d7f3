"""The foundation's own clock policies and business calendar, stored over the defaults in code."""

from datetime import date, datetime, time

from sqlalchemy import Date, ForeignKey, String, Time, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app import clock
from app.dbtypes import UTCDateTime, one_of
from app.extensions import db
from app.sla.clocks import DEADLINE_KINDS, DEFAULT_POLICIES, Basis


class SlaPolicy(db.Model):
    """One clock of clocks.DEFAULT_POLICIES as the foundation changed it; no row means the default."""

    __tablename__ = "sla_policies"
    __table_args__ = (
        UniqueConstraint("case_type", "variant", "kind"),
        one_of("case_type", dict.fromkeys(case_type for case_type, _variant in DEFAULT_POLICIES)),
        one_of("kind", DEADLINE_KINDS),
        one_of("basis", [basis.value for basis in Basis]),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_type: Mapped[str] = mapped_column(String(20))
    # "" rather than NULL for a policy without a variant, so the unique constraint holds for it too.
    variant: Mapped[str] = mapped_column(String(20), default="")
    kind: Mapped[str] = mapped_column(String(30))
    basis: Mapped[str] = mapped_column(String(10))
    amount: Mapped[int]  # seconds for calendar and business clocks, weeks for week terms
    warn_fraction: Mapped[float]
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class CalendarSettings(db.Model):
    """The opening hours; a single row (id 1), absent until the foundation first changes them."""

    __tablename__ = "sla_calendar_settings"
    SINGLETON = 1

    id: Mapped[int] = mapped_column(primary_key=True)
    day_start: Mapped[time] = mapped_column(Time)
    day_end: Mapped[time] = mapped_column(Time)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class ClosureDay(db.Model):
    """A day the desk is closed on top of the public holidays (business clocks skip it)."""

    __tablename__ = "sla_closure_days"

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date] = mapped_column(Date, unique=True)
    reason: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
