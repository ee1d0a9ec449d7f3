"""Writing e-mails into the outbox, inside the caller's transaction, and links for them."""

from dataclasses import dataclass, field
from datetime import timedelta

from flask import render_template
from jinja2 import TemplateNotFound
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from app import clock, crypto, db_setup
from app.extensions import db
from app.notify.models import OutboxMessage

SUBJECT_MAX = OutboxMessage.__table__.c.subject.type.length
KEYS_PER_QUERY = 500  # SQLite bounds the parameters of one statement


@dataclass(frozen=True)
class Mail:
    """One e-mail for enqueue_all(): what enqueue() takes, as a value."""

    key: str
    recipient: str
    subject: str
    template: str
    context: dict = field(default_factory=dict)
    secret: bool = False


def enqueue(key: str, recipient: str, subject: str, template: str, *, secret: bool = False, **context) -> OutboxMessage:
    """Adds one e-mail to the outbox (flushed, never committed); the same key is added only once.

    The bodies are rendered now, in the current locale, from `emails/<template>.txt` and the
    optional `emails/<template>.html`, so later template changes never rewrite a queued mail.
    `secret`: the body carries a secret (a personal link): the outbox page never shows it, and
    delivery wipes it from the stored body once sent.
    """
    existing = _find(key)
    if existing is not None:
        return existing
    message = _message(key, recipient, subject, template, context, secret)
    try:
        # A savepoint: when a concurrent transaction committed the same key first, only this
        # insert is undone and the caller's own change still commits.
        with db.session.begin_nested():
            db.session.add(message)
    except IntegrityError:
        existing = _find(key)
        if existing is None:
            raise
        return existing
    return message


def enqueue_new(
    key: str, recipient: str, subject: str, template: str, *, secret: bool = False, **context
) -> OutboxMessage:
    """Like enqueue(), for a key no other transaction can hold: one naming a case reference this
    transaction took. Nothing to look up and no savepoint; the caller's next flush writes it."""
    message = _message(key, recipient, subject, template, context, secret)
    db.session.add(message)
    return message


def enqueue_all(mails: list[Mail]) -> int:
    """Adds many e-mails at once (a sweep's batch), rendered like enqueue()'s; returns how many.

    Keys already queued are read in one query and skipped unrendered; the rest go in one insert
    that also skips a key a concurrent transaction queued meanwhile. enqueue() spends a lookup,
    a savepoint and an insert on every mail, which made most of a sweep's time.
    """
    unique = list({mail.key: mail for mail in mails}.values())
    queued = _queued_keys([mail.key for mail in unique])
    rows = [
        _values(m.key, m.recipient, m.subject, m.template, m.context, m.secret) for m in unique if m.key not in queued
    ]
    if rows:
        insert = db_setup.upsert(OutboxMessage)
        db.session.execute(insert.on_conflict_do_nothing(index_elements=[OutboxMessage.key]), rows)
    return len(rows)


def enqueue_bundled(
    bundle: str, key: str, recipient: str, subject: str, template: str, line: str, *, hold: timedelta, **context
) -> OutboxMessage:
    """News that gathers: the first change opens a message that waits `hold` before it is sent;
    each later change in the same `bundle` (one case and recipient) before then adds its `line`,
    so a busy minute on a case reaches each recipient as one e-mail, listing every change.

    The template receives `lines`. `key` names this change: a repeated call adds nothing. The
    caller holds a lock that orders writers of the bundle (the case row, as timeline.append takes).
    """
    now = clock.now()
    waiting = db.session.scalar(
        select(OutboxMessage)
        .where(OutboxMessage.bundle == bundle, OutboxMessage.status == "pending", OutboxMessage.next_attempt_at > now)
        .order_by(OutboxMessage.id)
        .limit(1)
        .with_for_update()
    )
    if waiting is None:
        existing = _find(key)
        if existing is not None:
            return existing
        message = _message(key, recipient, subject, template, {**context, "lines": [line]})
        message.bundle, message.bundle_items, message.next_attempt_at = bundle, [[key, line]], now + hold
        db.session.add(message)
        db.session.flush()
        return message
    items = list(waiting.bundle_items or [])
    if key not in {item_key for item_key, _line in items}:
        items.append([key, line])
        lines = [item_line for _key, item_line in items]
        waiting.bundle_items = items
        waiting.body_text = render_text(template, {**context, "lines": lines})
        waiting.body_html = _render_optional(f"emails/{template}.html", {**context, "lines": lines})
        db.session.flush()
    return waiting


def _queued_keys(keys: list[str]) -> set[str]:
    queued = set()
    for low in range(0, len(keys), KEYS_PER_QUERY):
        chunk = keys[low : low + KEYS_PER_QUERY]
        queued.update(db.session.scalars(select(OutboxMessage.key).where(OutboxMessage.key.in_(chunk))))
    return queued


def _message(
    key: str, recipient: str, subject: str, template: str, context: dict, secret: bool = False
) -> OutboxMessage:
    return OutboxMessage(**_values(key, recipient, subject, template, context, secret))


def _values(key: str, recipient: str, subject: str, template: str, context: dict, secret: bool = False) -> dict:
    now = clock.now()
    return dict(
        key=key,
        recipient=recipient,
        recipient_index=crypto.blind_index(crypto.normalised_email(recipient)),
        # A long case title must not fail the change that caused the mail.
        subject=str(subject)[:SUBJECT_MAX],
        body_text=render_text(template, context),
        body_html=_render_optional(f"emails/{template}.html", context),
        status="pending",
        attempts=0,
        created_at=now,
        next_attempt_at=now,
        secret=secret,
    )


def render_text(template: str, context: dict) -> str:
    """The plain-text body of an e-mail as the outbox stores it (a preview shows the same text)."""
    return render_template(f"emails/{template}.txt", **context)


def _find(key: str) -> OutboxMessage | None:
    # Pending objects first: the caller may have turned autoflush off.
    for obj in db.session.new:
        if isinstance(obj, OutboxMessage) and obj.key == key:
            return obj
    return db.session.scalar(select(OutboxMessage).where(OutboxMessage.key == key))


def _render_optional(name: str, context: dict) -> str | None:
    try:
        return render_template(name, **context)
    except TemplateNotFound as error:
        # Only a missing HTML template is optional; a missing include inside it is a bug.
        if error.name != name:
            raise
        return None


def requeue(message: OutboxMessage) -> bool:
    """Gives a failed message a fresh round of attempts; False when it had not failed."""
    if message.status != "failed":
        return False
    message.status = "pending"
    message.attempts = 0
    message.next_attempt_at = clock.now()
    db.session.flush()
    return True


def requeue_failed() -> int:
    """Gives every failed message a fresh round of attempts (after the mail server was fixed);
    returns how many. One statement, so a large backlog costs no row-by-row round trips."""
    result = db.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.status == "failed")
        .values(status="pending", attempts=0, next_attempt_at=clock.now())
        .execution_options(synchronize_session="fetch")
    )
    return result.rowcount or 0
