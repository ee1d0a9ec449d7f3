"""Delivery of due outbox messages over SMTP with `emails`, retrying with exponential backoff.

Two kinds of failure are kept apart. A mail server that cannot be reached (refused, timed out,
unknown host, a 4xx or a hang-up before any message was handed over, a failed login) would fail
every message alike: it pauses delivery as a whole, with a growing pause stored in the database,
and costs no message an attempt. Only a message's own refusal (its recipient or its data
refused) counts as an attempt; a 5xx for its recipient fails it at once. A message that could
not be delivered within OUTBOX_MAX_AGE_HOURS fails too, so a notice never arrives weeks late.
"""

import hashlib
import logging
import smtplib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TypeVar

import emails
from emails.backend.smtp import SMTPBackend
from flask import current_app
from sqlalchemy import func, select

from app import clock
from app.db_setup import writing
from app.extensions import db
from app.notify.models import DeliveryState, OutboxMessage

log = logging.getLogger(__name__)
T = TypeVar("T")

RETRY_BASE_SECONDS = 30
RETRY_CAP_SECONDS = 3600
# A claimed row is not due until its outcome is stored; if this process dies mid-send, the
# message is tried again after this long (so delivery is at least once, never lost).
CLAIM_SECONDS = 600
ERROR_MAX = 1000
# The pause after a run that could not reach the server: 30 s, doubling, at most 15 minutes,
# so delivery resumes soon after the server is back.
PAUSE_CAP_SECONDS = 900
STATE_ID = 1
# What a sent message's body becomes when it carried a secret (an invitation link).
WIPED_BODY = "[removed after sending: this message contained a personal link]"
# A 421 reply to any command: the service is closing, for every message alike.
SERVICE_UNAVAILABLE = 421


@dataclass
class DeliveryReport:
    sent: int = 0
    retried: int = 0  # failed this time, tried again later
    failed: int = 0  # gave up after OUTBOX_MAX_ATTEMPTS (or a permanent refusal)
    held: int = 0  # due but not tried: no SMTP_HOST, or the server was unreachable
    expired: int = 0  # failed for age: not delivered within OUTBOX_MAX_AGE_HOURS
    paused: bool = False  # the server was unreachable (now or in an earlier run): not tried


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


def pause_for(failures: int) -> timedelta:
    """How long delivery waits after `failures` runs in a row could not reach the server."""
    return timedelta(seconds=min(RETRY_BASE_SECONDS * 2 ** max(failures - 1, 0), PAUSE_CAP_SECONDS))


def delivery_state() -> DeliveryState | None:
    """The stored pause, if delivery ever failed to reach the server (for the outbox page)."""
    return db.session.get(DeliveryState, STATE_ID)


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
    report.expired = _expire(now, timedelta(hours=config["OUTBOX_MAX_AGE_HOURS"]))
    report.failed += report.expired
    if _paused(now):
        report.paused = True
        report.held = _count_due(now)
        return report
    backend = _backend(config)
    try:
        for _ in range(limit):
            claimed = _claim_next(now)
            if claimed is None:
                break
            error = _send(backend, claimed, config)
            if error is not None and server_unreachable(error):
                # Not this message's fault: it gets its attempt back, and nobody tries again
                # before the pause ends (the others would only wait for the same timeout).
                _release(claimed.id, now)
                _pause(now, error)
                report.paused = True
                report.held = _count_due(now)
                break
            _resume()
            outcome = _record(claimed.id, now, error, config["OUTBOX_MAX_ATTEMPTS"])
            setattr(report, outcome, getattr(report, outcome) + 1)
    finally:
        backend.close()
    return report


def _due(now: datetime):
    return (OutboxMessage.channel == "email", OutboxMessage.status == "pending", OutboxMessage.next_attempt_at <= now)


def _count_due(now: datetime) -> int:
    count = db.session.scalar(select(func.count()).select_from(OutboxMessage).where(*_due(now)))
    db.session.commit()
    return count or 0


def _expire(now: datetime, max_age: timedelta) -> int:
    """Fails the pending messages older than the maximum age; returns how many."""
    with writing():
        old = list(
            db.session.scalars(
                select(OutboxMessage)
                .where(
                    OutboxMessage.channel == "email",
                    OutboxMessage.status == "pending",
                    OutboxMessage.created_at <= now - max_age,
                )
                .with_for_update(skip_locked=True)
            )
        )
        for message in old:
            message.status = "failed"
            message.last_error = (
                f"Expired: not delivered within {max_age.total_seconds() / 3600:g} hours"
                + (f" (last error: {message.last_error})" if message.last_error else "")
            )[:ERROR_MAX]
            log.warning("outbox: message %s expired undelivered", message.id)
        db.session.commit()
    return len(old)


def _state() -> DeliveryState:
    state = db.session.get(DeliveryState, STATE_ID, with_for_update=True)
    if state is None:
        state = DeliveryState(id=STATE_ID, failures=0)
        db.session.add(state)
    return state


def _paused(now: datetime) -> bool:
    state = db.session.get(DeliveryState, STATE_ID)
    paused = state is not None and state.paused(now)
    db.session.commit()
    return paused


def _pause(now: datetime, error: Exception) -> None:
    with writing():
        state = _state()
        state.failures = (state.failures or 0) + 1
        state.paused_since = state.paused_since or now
        state.paused_until = now + pause_for(state.failures)
        state.last_error = _describe(error)
        log.warning(
            "outbox: mail server unreachable (%s in a row), delivery paused until %s: %s",
            state.failures,
            state.paused_until.isoformat(),
            _for_log(error),
        )
        db.session.commit()


def _resume() -> None:
    """The server answered: any pause is over, and the next one starts short again."""
    state = db.session.get(DeliveryState, STATE_ID)
    idle = state is None or (not state.failures and state.paused_until is None)
    db.session.commit()  # ends the read, so the write below starts as a writer (SQLite)
    if idle:
        return
    with writing():
        state = _state()
        state.failures, state.paused_since, state.paused_until = 0, None, None
        db.session.commit()


def _release(message_id: int, now: datetime) -> None:
    """Undoes a claim: the attempt is not counted and the message is due again (after the pause)."""
    with writing():
        message = db.session.get(OutboxMessage, message_id)
        message.attempts = max(message.attempts - 1, 0)
        message.next_attempt_at = now
        db.session.commit()


def _claim_next(now: datetime) -> _Claimed | None:
    return claim_next(
        now,
        _due(now),
        lambda m: _Claimed(m.id, m.key, m.recipient, m.subject, m.body_text, m.body_html),
    )


def claim_next(now: datetime, due: tuple, snapshot: Callable[[OutboxMessage], T]) -> T | None:
    """Claims the next row matching `due` (the oldest due first) for one attempt and commits; returns
    `snapshot` of it, taken before the commit, or None when nothing is due. E-mail and webhook
    delivery share it, so both count attempts and survive a crash mid-send alike."""
    # SKIP LOCKED: a second scheduler (on PostgreSQL) takes the next row instead of this one.
    with writing():
        message = db.session.scalars(
            select(OutboxMessage)
            .where(*due)
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
        claimed = snapshot(message)
        # Committed before the SMTP or HTTP talk, so no transaction (or SQLite write lock) is held during it.
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
    except Exception as error:  # noqa: BLE001 - a broken connection or message must not end the whole run
        backend.close()
        return error
    if response.success:
        return None
    return response.error or smtplib.SMTPResponseException(response.status_code or -1, response.status_text or b"")


def _message_id(key: str, mail_from: str) -> str:
    # Stable per message: a retry after a crash mid-send carries the same id, so clients dedupe.
    domain = mail_from.rpartition("@")[2] or "localhost"
    return f"<{hashlib.sha256(key.encode()).hexdigest()[:32]}@{domain}>"


def server_unreachable(error: Exception) -> bool:
    """True for what would hit every message alike: no connection (refused, timeout, DNS, TLS),
    a refusal at connect, HELO or login, a hang-up, a 421 or a refused sender (the sender is the
    same for every message). False for a refusal of this one message (its recipient or data)."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return bool(error.recipients) and all(code == SERVICE_UNAVAILABLE for code, _ in error.recipients.values())
    if isinstance(error, smtplib.SMTPDataError):
        return error.smtp_code == SERVICE_UNAVAILABLE
    # A message that could not even be built is no fault of the server.
    return isinstance(error, OSError)


def _permanent(error: Exception) -> bool:
    # A 5xx for the recipient ("no such user") will not change by waiting.
    if isinstance(error, smtplib.SMTPRecipientsRefused) and error.recipients:
        return all(code >= 500 for code, _text in error.recipients.values())
    return False


def _for_log(error: Exception) -> str:
    """What the log says of a failure: its kind and SMTP codes, never the addresses a reply may quote
    (the outbox page shows the whole reply to administrators)."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = sorted({code for code, _reply in error.recipients.values()})
        return f"{type(error).__name__}: {', '.join(str(code) for code in codes)}"
    if isinstance(error, smtplib.SMTPResponseException):
        return f"{type(error).__name__}: {error.smtp_code}"
    if isinstance(error, OSError) and error.strerror:
        return f"{type(error).__name__}: {error.strerror}"
    return type(error).__name__


def _describe(error: Exception) -> str:
    # emails re-raises connect errors with errno/strerror set but no args: str() adds ": None".
    text = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        text = "; ".join(
            f"{addr}: {code} {reply.decode(errors='replace')}" for addr, (code, reply) in error.recipients.items()
        )
    return f"{type(error).__name__}: {text}"[:ERROR_MAX]


def _record(message_id: int, now: datetime, error: Exception | None, max_attempts: int) -> str:
    """Stores the outcome and returns the DeliveryReport field it counts in."""
    with writing():
        message = db.session.get(OutboxMessage, message_id)
        if error is None:
            message.status = "sent"
            message.sent_at = clock.now()
            if message.secret:
                # The link did its job in the recipient's mailbox; the outbox keeps no copy.
                message.body_text, message.body_html = WIPED_BODY, None
            outcome = "sent"
        else:
            message.last_error = _describe(error)
            log.warning("outbox: message %s attempt %s failed: %s", message.id, message.attempts, _for_log(error))
            if message.attempts >= max_attempts or _permanent(error):
                message.status = "failed"
                outcome = "failed"
            else:
                message.next_attempt_at = now + backoff(message.attempts)
                outcome = "retried"
        db.session.commit()
    return outcome
