"""enqueue() and enqueue_all(): rendered in the caller's locale, idempotent by key, kept only on commit."""

from datetime import UTC, datetime

import pytest
from flask_babel import force_locale
from jinja2 import TemplateNotFound
from sqlalchemy import func, select, text

from app import clock
from app.extensions import db
from app.notify import services
from app.notify.models import OutboxMessage

NOW = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)


def count() -> int:
    return db.session.scalar(select(func.count()).select_from(OutboxMessage))


def enqueue(key="probe:1", template="probe", locale="nl", **context):
    context = {"name": "Zoë", "ref": "MP-2026-0001", "link": "http://localhost/x", **context}
    with force_locale(locale):
        return services.enqueue(key, "school@example.org", "Melding ontvangen", template, **context)


def test_enqueue_renders_both_bodies_and_waits_as_pending(app, email_templates):
    clock.freeze(NOW)
    message = enqueue()
    db.session.commit()
    stored = db.session.get(OutboxMessage, message.id)
    assert stored.key == "probe:1"
    assert stored.recipient == "school@example.org"
    assert stored.subject == "Melding ontvangen"
    assert stored.body_text.startswith("Beste Zoë,")
    assert "MP-2026-0001" in stored.body_text
    assert stored.body_html == "<p>Beste Zoë,</p><p>MP-2026-0001</p>"
    assert (stored.status, stored.attempts, stored.sent_at) == ("pending", 0, None)
    assert stored.created_at == NOW and stored.next_attempt_at == NOW


def test_html_body_is_optional_but_text_is_required(app, email_templates):
    message = enqueue(template="plain_only")
    assert message.body_html is None
    assert message.body_text == "Alleen tekst voor Zoë."
    with pytest.raises(TemplateNotFound):
        enqueue(key="probe:2", template="does_not_exist")


def test_bodies_are_rendered_in_the_current_locale(app, email_templates):
    moment = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)
    assert "10 maart 2026" in enqueue(key="nl", locale="nl", moment=moment).body_text
    assert "10 March 2026" in enqueue(key="en", locale="en", moment=moment).body_text


def test_same_key_is_added_once_while_pending_in_the_session(app, email_templates):
    first = enqueue()
    with db.session.no_autoflush:
        again = enqueue(name="Someone else")
    assert again is first
    db.session.commit()
    assert count() == 1


def test_same_key_after_commit_returns_the_stored_row_unchanged(app, email_templates):
    first_id = enqueue().id
    db.session.commit()
    db.session.expunge_all()
    again = enqueue(name="Someone else")
    assert again.id == first_id
    assert "Zoë" in again.body_text
    db.session.commit()
    assert count() == 1


def store_elsewhere(key: str) -> None:
    """Commits a message with `key` from another connection, as a concurrent request would."""
    with db.engine.begin() as other:
        other.execute(
            OutboxMessage.__table__.insert().values(
                key=key,
                recipient="x@example.org",
                subject="first",
                body_text="first",
                status="pending",
                attempts=0,
                created_at=NOW,
                next_attempt_at=NOW,
            )
        )


def test_a_key_committed_concurrently_does_not_spoil_the_callers_transaction(app, email_templates, monkeypatch):
    # Another transaction stored "probe:1" after our lookup: the insert hits the unique key.
    store_elsewhere("probe:1")
    mine = enqueue(key="mine:1")
    real_find = services._find
    calls = []
    monkeypatch.setattr(
        services, "_find", lambda key: calls.append(key) or (real_find(key) if len(calls) > 1 else None)
    )
    existing = enqueue(key="probe:1")
    assert existing.subject == "first"
    db.session.commit()  # the caller's own work survives the conflict
    assert sorted(db.session.scalars(select(OutboxMessage.key))) == ["mine:1", "probe:1"]
    assert mine.id is not None


def test_nothing_is_stored_unless_the_caller_commits(app, email_templates):
    message = enqueue()
    assert message.id is not None  # flushed, so the caller can refer to it
    # Another connection sees nothing: enqueue never commits on its own.
    with db.engine.connect() as other:
        assert other.execute(text("SELECT count(*) FROM outbox_messages")).scalar() == 0
    db.session.rollback()
    assert count() == 0


def probe_mail(key: str, template: str = "probe", name: str = "Zoë") -> services.Mail:
    return services.Mail(
        key,
        "school@example.org",
        "Melding ontvangen",
        template,
        {"name": name, "ref": "MP-2026-0001", "link": "http://localhost/x"},
    )


def test_enqueue_all_queues_each_key_once_rendered_like_enqueue(app, email_templates):
    clock.freeze(NOW)
    with force_locale("nl"):
        added = services.enqueue_all(
            [probe_mail("probe:1"), probe_mail("probe:2"), probe_mail("probe:1", name="Ander")]
        )
    db.session.commit()
    assert added == 2
    stored = {m.key: m for m in db.session.scalars(select(OutboxMessage))}
    assert sorted(stored) == ["probe:1", "probe:2"]
    assert stored["probe:1"].body_text.startswith("Beste Ander,")  # the last mail for a key wins
    assert stored["probe:2"].body_html == "<p>Beste Zoë,</p><p>MP-2026-0001</p>"
    assert (stored["probe:2"].status, stored["probe:2"].attempts, stored["probe:2"].next_attempt_at) == (
        "pending",
        0,
        NOW,
    )


def test_enqueue_all_skips_keys_already_queued_without_rendering_them(app, email_templates):
    enqueue(key="probe:1")
    db.session.commit()
    # A template that does not exist would raise if the queued key were rendered again.
    added = services.enqueue_all([probe_mail("probe:1", template="does_not_exist"), probe_mail("probe:2")])
    db.session.commit()
    assert added == 1
    assert count() == 2
    assert "Zoë" in db.session.scalar(select(OutboxMessage.body_text).where(OutboxMessage.key == "probe:1"))


def test_enqueue_all_skips_a_key_committed_concurrently(app, email_templates, monkeypatch):
    # Another transaction stores "probe:1" after our lookup: the insert skips it, the rest is queued.
    store_elsewhere("probe:1")
    monkeypatch.setattr(services, "_queued_keys", lambda keys: set())
    services.enqueue_all([probe_mail("probe:1"), probe_mail("probe:2")])
    db.session.commit()
    stored = dict(db.session.execute(select(OutboxMessage.key, OutboxMessage.subject)).all())
    assert stored == {"probe:1": "first", "probe:2": "Melding ontvangen"}
