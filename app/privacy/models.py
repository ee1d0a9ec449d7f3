"""Privacy tables: the retention term per class, and per case its legal hold, warning and erasure."""

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app import clock
from app.auth.models import User
from app.cases.models import Case
from app.dbtypes import UTCDateTime, one_of
from app.extensions import db
from app.privacy.retention import CLASSES


class RetentionSetting(db.Model):
    """A coordinator's term for one retention class; a class without a row keeps its default."""

    __tablename__ = "retention_settings"
    __table_args__ = (one_of("retention_class", CLASSES),)

    retention_class: Mapped[str] = mapped_column(String(20), primary_key=True)
    years: Mapped[int]
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class CaseRetention(db.Model):
    """One case's retention state, made when something happens to it: a hold, a warning, erasure."""

    __tablename__ = "case_retention"

    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), primary_key=True)
    hold_reason: Mapped[str | None] = mapped_column(Text)
    hold_since: Mapped[datetime | None] = mapped_column(UTCDateTime)
    hold_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # The coordinators were told the case reaches its term (once per case; erasure waits a month after).
    warned_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    erased_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    case: Mapped[Case] = relationship()
    hold_by: Mapped[User | None] = relationship()

    @property
    def held(self) -> bool:
        return self.hold_since is not None
