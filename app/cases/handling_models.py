"""Tables of case handling: declared conflicts of interest and the coordinator's canned replies."""

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app import clock
from app.auth.models import User
from app.dbtypes import UTCDateTime
from app.extensions import db
from app.register.models import Organisation


class ConflictOfInterest(db.Model):
    """A case handler's declared tie to an organisation: never assigned its cases automatically."""

    __tablename__ = "conflicts_of_interest"
    # The unique constraint's index serves lookups by user_id too.
    __table_args__ = (UniqueConstraint("user_id", "organisation_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    declared_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    note: Mapped[str] = mapped_column(Text, default="")

    user: Mapped[User] = relationship()
    organisation: Mapped[Organisation] = relationship()


class CannedReply(db.Model):
    """A standard text for messages to parties, kept up to date by the coordinators."""

    __tablename__ = "canned_replies"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)

    created_by: Mapped[User | None] = relationship()
