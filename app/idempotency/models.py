"""The stored first answer to a request sent with an Idempotency-Key."""

from datetime import datetime

from sqlalchemy import JSON, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from app import clock
from app.crypto import EncryptedBytes
from app.dbtypes import UTCDateTime
from app.extensions import db


class IdempotentRequest(db.Model):
    """One caller's key: the request it was first sent with and, once answered, that answer.

    The unique key_hash is what stops two concurrent requests with the same key from both running:
    the second one's insert waits for the first transaction and then fails."""

    __tablename__ = "idempotent_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    # SHA-256 of the caller (token or client address) and the key: neither is stored in plain text.
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    # SHA-256 of the method, path, query and body: the same key with another request is refused.
    fingerprint: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now, index=True)
    # None while the first request is still being handled.
    status: Mapped[int | None] = mapped_column(Integer)
    headers: Mapped[dict] = mapped_column(JSON, default=dict)
    # The answer may show a reporter's details: encrypted at rest like the case itself.
    body: Mapped[bytes | None] = mapped_column(EncryptedBytes)
