"""Invitations to an organisation account: a link that works once and expires."""

import hashlib
import secrets
from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app import clock
from app.auth.models import User
from app.dbtypes import UTCDateTime
from app.extensions import db
from app.register.models import Organisation


def hash_invitation(token: str) -> str:
    """The link's token is long and random, so a plain SHA-256 is enough to store it safely."""
    return hashlib.sha256(token.encode()).hexdigest()


class Invitation(db.Model):
    __tablename__ = "invitations"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    email: Mapped[str] = mapped_column(String(254))
    name: Mapped[str] = mapped_column(String(200))
    # The first user of an organisation administers its accounts; others only when chosen so.
    grants_admin: Mapped[bool] = mapped_column(default=False)
    invited_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Withdrawn by an administrator, or replaced by a newer invitation to the same address.
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    organisation: Mapped[Organisation] = relationship()
    invited_by: Mapped[User | None] = relationship()

    @staticmethod
    def new_token() -> str:
        return secrets.token_urlsafe(32)

    def state(self, now: datetime) -> str:
        """used | withdrawn | expired | pending"""
        if self.used_at is not None:
            return "used"
        if self.withdrawn_at is not None:
            return "withdrawn"
        if clock.as_utc(self.expires_at) <= now:
            return "expired"
        return "pending"
