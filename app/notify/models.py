"""Outbox rows: e-mails written with the change that caused them, delivered later."""

from datetime import datetime

from sqlalchemy import JSON, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from app import clock
from app.dbtypes import UTCDateTime, one_of
from app.extensions import db

STATUSES = ("pending", "sent", "failed")


class OutboxMessage(db.Model):
    __tablename__ = "outbox_messages"
    __table_args__ = (
        # Delivery reads the pending messages that are due; sent ones pile up and are not indexed.
        Index(
            "ix_outbox_messages_due",
            "next_attempt_at",
            sqlite_where=text("status = 'pending'"),
            postgresql_where=text("status = 'pending'"),
        ),
        # Most messages belong to no bundle.
        Index(
            "ix_outbox_messages_bundle",
            "bundle",
            sqlite_where=text("bundle IS NOT NULL"),
            postgresql_where=text("bundle IS NOT NULL"),
        ),
        one_of("status", STATUSES),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # A unique key per notification makes every sender idempotent: the same event never mails twice.
    key: Mapped[str] = mapped_column(String(200), unique=True)
    recipient: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(300))
    body_text: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    status: Mapped[str] = mapped_column(String(10), default="pending", index=True)
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str | None] = mapped_column(Text)
    # The body carries a secret (an invitation link): never shown on the outbox page, and wiped
    # from the stored body once the message is sent.
    secret: Mapped[bool] = mapped_column(default=False)
    # News gathered while it waits (enqueue_bundled): the bundle it belongs to, and its items as
    # [key, line] pairs, so a change already in it is not added twice.
    bundle: Mapped[str | None] = mapped_column(String(200))
    bundle_items: Mapped[list | None] = mapped_column(JSON)


class DeliveryState(db.Model):
    """One row: whether delivery as a whole is paused because the mail server is unreachable.

    Stored, not kept in memory, so the pause holds across processes and scheduler restarts.
    """

    __tablename__ = "delivery_state"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Consecutive runs that could not reach the server; the pause grows with them.
    failures: Mapped[int] = mapped_column(default=0)
    paused_since: Mapped[datetime | None] = mapped_column(UTCDateTime)
    paused_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str | None] = mapped_column(Text)

    def paused(self, now: datetime) -> bool:
        return self.paused_until is not None and clock.as_utc(self.paused_until) > now
