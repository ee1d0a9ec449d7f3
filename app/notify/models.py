"""Outbox rows: e-mails and webhook deliveries written with the change that caused them, delivered later;
the webhook endpoints they go to and each delivery attempt."""

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from app import clock, crypto
from app.crypto import EncryptedJSON, EncryptedText
from app.dbtypes import UTCDateTime, one_of
from app.extensions import db

STATUSES = ("pending", "sent", "failed")
# An outbox row is an e-mail, or one event's POST to one webhook endpoint (app/notify/webhooks.py).
CHANNELS = ("email", "webhook")


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
        # The retention job blanks the bodies of sent messages once they are old: it reads only those kept.
        Index(
            "ix_outbox_messages_body_kept",
            "sent_at",
            sqlite_where=text("status = 'sent' AND body_expired_at IS NULL"),
            postgresql_where=text("status = 'sent' AND body_expired_at IS NULL"),
        ),
        one_of("status", STATUSES),
        one_of("channel", CHANNELS),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[str] = mapped_column(String(10), default="email", server_default="email")
    # A webhook delivery's endpoint (recipient then holds its URL, subject the event type, body_text the JSON).
    endpoint_id: Mapped[int | None] = mapped_column(ForeignKey("webhook_endpoints.id"), index=True)
    # A unique key per notification makes every sender idempotent: the same event never mails twice.
    key: Mapped[str] = mapped_column(String(200), unique=True)
    # The address and the bodies are encrypted at rest (an acknowledgement names the reporter); the
    # subject never carries what a filer typed. recipient_index finds a person's messages (matches()).
    recipient: Mapped[str] = mapped_column(EncryptedText)
    recipient_index: Mapped[str | None] = mapped_column(
        String(64), index=True, info=crypto.blind_index_of("recipient", email=True)
    )
    subject: Mapped[str] = mapped_column(String(300))
    body_text: Mapped[str] = mapped_column(EncryptedText)
    body_html: Mapped[str | None] = mapped_column(EncryptedText)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    status: Mapped[str] = mapped_column(String(10), default="pending", index=True)
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # When the body was blanked (sent long enough ago, or erased): encrypted, a blank body cannot be told in SQL.
    body_expired_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str | None] = mapped_column(EncryptedText)  # a server's refusal may quote the address
    # The body carries a secret (an invitation link): never shown on the outbox page, and wiped
    # from the stored body once the message is sent.
    secret: Mapped[bool] = mapped_column(default=False)
    # News gathered while it waits (enqueue_bundled): the bundle it belongs to, and its items as
    # [key, line] pairs, so a change already in it is not added twice.
    bundle: Mapped[str | None] = mapped_column(String(200))
    bundle_items: Mapped[list | None] = mapped_column(EncryptedJSON)


def addressed_to(address: str):
    """A condition: the messages to this address (through its blind index: the address is encrypted)."""
    return crypto.matches(OutboxMessage.recipient_index, crypto.normalised_email(address))


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


class WebhookEndpoint(db.Model):
    """A URL an organisation's system (or, without organisation, the foundation's own) receives events at."""

    __tablename__ = "webhook_endpoints"

    id: Mapped[int] = mapped_column(primary_key=True)
    # None: the foundation's own systems, which see what staff see.
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"), index=True)
    url: Mapped[str] = mapped_column(String(500))
    event_types: Mapped[list] = mapped_column(JSON)
    # Kept readable to the desk (every delivery is signed with it: Standard Webhooks, "whsec_" + base64),
    # but encrypted at rest: a database copy alone cannot sign a delivery.
    secret: Mapped[str] = mapped_column(EncryptedText)
    # The administrator who registered it: told by e-mail when the endpoint is paused.
    contact_email: Mapped[str] = mapped_column(String(254))
    created_by_label: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    # Consecutive failed attempts; at WEBHOOK_PAUSE_AFTER_FAILURES the endpoint pauses until resumed.
    failures: Mapped[int] = mapped_column(default=0)
    paused_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str | None] = mapped_column(Text)


class WebhookAttempt(db.Model):
    """One POST of a delivery: the history the endpoint's administrator reads."""

    __tablename__ = "webhook_attempts"
    __table_args__ = (Index("ix_webhook_attempts_endpoint_at", "endpoint_id", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    endpoint_id: Mapped[int] = mapped_column(ForeignKey("webhook_endpoints.id"))
    message_id: Mapped[int] = mapped_column(ForeignKey("outbox_messages.id"), index=True)
    event_id: Mapped[str] = mapped_column(String(40))
    event_type: Mapped[str] = mapped_column(String(40))
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    status_code: Mapped[int | None]
    error: Mapped[str | None] = mapped_column(Text)
    duration_ms: Mapped[int] = mapped_column(default=0)
