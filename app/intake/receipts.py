"""The follow-up code on its way to the receipt page, split so that no single store holds it.

The code is shown once, on the page after filing. Between the filing and that page it lives split
in two: the database keeps the code XOR a random pad, the visitor's session cookie keeps the pad.
Neither half reveals anything alone (a one-time pad), and showing the receipt deletes the row.
"""

import secrets
from datetime import datetime, timedelta

from sqlalchemy import ForeignKey, String, delete
from sqlalchemy.orm import Mapped, mapped_column

from app import clock
from app.dbtypes import UTCDateTime
from app.extensions import db

# A receipt not shown within this time (the browser closed) is dropped, code and all.
KEPT_FOR = timedelta(hours=1)


class PendingReceipt(db.Model):
    __tablename__ = "pending_receipts"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    masked_code: Mapped[str] = mapped_column(String(128))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)


def _xor(data: bytes, pad: bytes) -> bytes:
    return bytes(a ^ b for a, b in zip(data, pad, strict=True))


def hold(case_id: int, code: str) -> dict:
    """Stores the masked half; returns the other half for the session. Never commits."""
    now = clock.now()
    db.session.execute(delete(PendingReceipt).where(PendingReceipt.created_at < now - KEPT_FOR))
    pad = secrets.token_bytes(len(code.encode()))
    receipt_id = secrets.token_urlsafe(18)
    db.session.add(
        PendingReceipt(id=receipt_id, case_id=case_id, masked_code=_xor(code.encode(), pad).hex(), created_at=now)
    )
    return {"id": receipt_id, "pad": pad.hex()}


def take(half: dict) -> str | None:
    """The code, once: joins the session's half with the stored one and deletes the stored one."""
    try:
        row = db.session.get(PendingReceipt, str(half["id"]))
        pad = bytes.fromhex(half["pad"])
    except (KeyError, TypeError, ValueError):
        return None
    if row is None or clock.now() - clock.as_utc(row.created_at) > KEPT_FOR:
        return None
    db.session.delete(row)
    masked = bytes.fromhex(row.masked_code)
    if len(masked) != len(pad):
        return None
    return _xor(masked, pad).decode()
