"""Delivery of due outbox messages over SMTP with `emails`, retrying with exponential backoff."""
import hashlib
import logging
import smtplib
from dataclasses import dataclass
from datetime import datetime, timedelta

import emails
from emails.backend.smtp import SMTPBackend
from flask import current_app
from sqlalchemy import func, select

from app import clock
from app.db_setup import writing
from app.extensions import db
from app.notify.models import OutboxMessage

log = logging.getLogger(__name__)

RETRY_BASE_SECONDS = 30
RETRY_CAP_SECONDS = 3600
# A claimed row is not due until its outcome is stored; if this process dies mid-send, the
# message is tried again after this long (so delivery is at least once, never lost).
CLAIM_SECONDS = 600
ERROR_MAX = 1000


@dataclass
class DeliveryReport:
    sent: int = 0
    retried: int = 0  # failed this time, tried again later
    failed: int = 0  # gave up after OUTBOX_MAX_ATTEMPTS (or a permanent refusal)
    held: int = 0  # due but not tried: no SMTP_HOST, or the server was unreachable


@dataclass(frozen=True)
class _Claimed:
    id: int
    key: str
    recipient: str
    subject: str
    body_text: str
    body_html: str | None


def backoff(attempts: int) -> timedelta:
    """30 s after the first failed attempt, doubling each time, at most an hour."""
    return timedelta(seconds=min(RETRY_BASE_SECONDS * 2 ** max(attempts - 1, 0), RETRY_CAP_SECONDS))


def deliver_due(now: datetime | None = None, limit: int = 50) -> DeliveryReport:
    """Sends up to `limit` due messages, committing each outcome; SMTP errors are never raised.

    Owns the session's transactions (it commits), so call it from the scheduler or the CLI.
    """
    now = now or clock.now()
    config = current_app.config
    report = DeliveryReport()
    if not config["SMTP_HOST"]:
        report.held = _count_due(now)
        return report
    backend = _backend(config)
    try:
        for _ in range(limit):
            claimed = _claim_next(now)
            if claimed is None:
                break
            error = _send(backend, claimed, config)
            outcome = _record(claimed.id, now, error, config["OUTBOX_MAX_ATTEMPTS"])
            setattr(report, outcome, getattr(report, outcome) + 1)
            if error is not None and _server_unreachable(error):
                # The others would only wait for the same timeout; they keep their attempts.
                report.held = _count_due(now)
                break
    finally:
        backend.close()
    return report


def _due(now: datetime):
    return (OutboxMessage.status == "pending", OutboxMessage.next_attempt_at <= now)


def _count_due(now: datetime) -> int:
    count = db.session.scalar(select(func.count()).select_from(OutboxMessage).where(*_due(now)))
    db.session.commit()
    return count or 0


def _claim_next(now: datetime) -> _Claimed | None:
    # SKIP LOCKED: a second scheduler (on PostgreSQL) takes the next row instead of this one.
    with writing():
        message = db.session.scalars(
            select(OutboxMessage)
            .where(*_due(now))
            .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
            .limit(1)
            .with_for_update(skip_locked=True)
        ).first()
        if message is None:
            db.session.commit()
            return None
        # Counted before sending, so a message that crashes the process cannot loop forever.
        message.attempts += 1
        message.next_attempt_at = now + timedelta(seconds=CLAIM_SECONDS)
        claimed = _Claimed(message.id, message.key, message.recipient, message.subject,
                           message.body_text, message.body_html)
        # Committed before the SMTP talk, so no transaction (or SQLite write lock) is held during it.
        db.session.commit()
        return claimed


def _backend(config) -> SMTPBackend:
    # One connection for the whole run; fail_silently turns SMTP errors into the response.
    return SMTPBackend(
        host=config["SMTP_HOST"],
        port=config["SMTP_PORT"],
        user=config["SMTP_USER"] or None,
        password=config["SMTP_PASSWORD"] or None,
        tls=config["SMTP_TLS"],
        ssl=config["SMTP_SSL"],
        timeout=config["SMTP_TIMEOUT"],
        fail_silently=True,
    )


def _send(backend: SMTPBackend, claimed: _Claimed, config) -> Exception | None:
    """Returns the error, or None once the server accepted the message."""
    try:
        message = emails.Message(
            subject=claimed.subject,
            mail_from=(config["MAIL_FROM_NAME"] or None, config["MAIL_FROM"]),
            mail_to=claimed.recipient,
            text=claimed.body_text,
            html=claimed.body_html,
            message_id=_message_id(claimed.key, config["MAIL_FROM"]),
            # RFC 3834: out-of-office robots do not answer automatic mail.
            headers={"Auto-Submitted": "auto-generated"},
        )
        response = message.send(smtp=backend)
    except Exception as error:  # a broken connection or message must not end the whole run
        backend.close()
        return error
    if response.success:
        return None
    return response.error or smtplib.SMTPResponseException(response.status_code or -1,
                                                          response.status_text or b"")


def _message_id(key: str, mail_from: str) -> str:
    # Stable per message: a retry after a crash mid-send carries the same id, so clients dedupe.
    domain = mail_from.rpartition("@")[2] or "localhost"
    return f"<{hashlib.sha256(key.encode()).hexdigest()[:32]}@{domain}>"


def _server_unreachable(error: Exception) -> bool:
    # Refusals of this one message say the server works; anything else (connect, timeout, TLS,
    # login) would hit every message alike.
    message_level = (smtplib.SMTPRecipientsRefused, smtplib.SMTPSenderRefused, smtplib.SMTPDataError)
    return isinstance(error, OSError) and not isinstance(error, message_level)


def _permanent(error: Exception) -> bool:
    # A 5xx for the recipient ("no such user") will not change by waiting.
    if isinstance(error, smtplib.SMTPRecipientsRefused) and error.recipients:
        return all(code >= 500 for code, _text in error.recipients.values())
    return False


def _describe(error: Exception) -> str:
    # emails re-raises connect errors with errno/strerror set but no args: str() adds ": None".
    text = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        text = "; ".join(f"{addr}: {code} {reply.decode(errors='replace')}"
                         for addr, (code, reply) in error.recipients.items())
    return f"{type(error).__name__}: {text}"[:ERROR_MAX]


def _record(message_id: int, now: datetime, error: Exception | None, max_attempts: int) -> str:
    """Stores the outcome and returns the DeliveryReport field it counts in."""
    with writing():
        message = db.session.get(OutboxMessage, message_id)
        if error is None:
            message.status = "sent"
            message.sent_at = clock.now()
            outcome = "sent"
        else:
            message.last_error = _describe(error)
            log.warning("outbox: message %s attempt %s failed: %s",
                        message.id, message.attempts, message.last_error)
            if message.attempts >= max_attempts or _permanent(error):
                message.status = "failed"
                outcome = "failed"
            else:
                message.next_attempt_at = now + backoff(message.attempts)
                outcome = "retried"
        db.session.commit()
    return outcome
