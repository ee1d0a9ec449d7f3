"""deliver_due(): real SMTP delivery, backoff on failure, giving up, and holding without a server."""
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from app import clock
from app.extensions import db
from app.notify.delivery import backoff, deliver_due
from app.notify.models import OutboxMessage

NOW = datetime(2026, 3, 2, 9, 30, tzinfo=timezone.utc)


@pytest.fixture(autouse=True)
def frozen(app):
    clock.freeze(NOW)


def reload(message_id: int) -> OutboxMessage:
    db.session.expire_all()
    return db.session.get(OutboxMessage, message_id)


def test_a_message_arrives_with_its_headers_and_dutch_text(app, smtp_server, queue_mail):
    message = queue_mail(subject="Uw melding is ontvangen: één stap verder", name="Zoë Brouwer")
    report = deliver_due()
    assert (report.sent, report.retried, report.failed, report.held) == (1, 0, 0, 0)

    [received] = smtp_server.received
    assert received.rcpt_tos == ["school@example.org"]
    assert received.mail_from == "meldpunt@edu-v.example"
    mail = received.message
    assert mail["To"] == "school@example.org"
    assert mail["From"].addresses[0].display_name == "Edu-V Meldpunt"
    assert mail["From"].addresses[0].addr_spec == "meldpunt@edu-v.example"
    assert mail["Subject"] == "Uw melding is ontvangen: één stap verder"
    assert mail["Auto-Submitted"] == "auto-generated"
    assert mail["Message-ID"].endswith("@edu-v.example>")
    assert mail.get_body(("plain",)).get_content().startswith("Beste Zoë Brouwer,")
    assert "<p>Beste Zoë Brouwer,</p>" in mail.get_body(("html",)).get_content()

    stored = reload(message.id)
    assert (stored.status, stored.attempts, stored.sent_at) == ("sent", 1, NOW)
    assert deliver_due().sent == 0  # sent once, never again


def test_a_text_only_message_has_no_html_part(app, smtp_server, queue_mail):
    queue_mail(template="plain_only")
    deliver_due()
    mail = smtp_server.received[0].message
    assert mail.get_body(("html",)) is None
    assert mail.get_body(("plain",)).get_content().strip() == "Alleen tekst voor Zoë."


def test_only_due_messages_go_out_oldest_first_up_to_the_limit(app, smtp_server, queue_mail):
    first = queue_mail(key="a")
    queue_mail(key="b")
    later = queue_mail(key="c")
    later.next_attempt_at = NOW + timedelta(minutes=5)
    db.session.commit()
    assert deliver_due(limit=1).sent == 1
    assert reload(first.id).status == "sent"
    assert deliver_due().sent == 1
    assert reload(later.id).status == "pending"
    assert deliver_due(NOW + timedelta(minutes=5)).sent == 1
    assert len(smtp_server.received) == 3


def test_a_server_that_is_not_there_pushes_the_message_back(app, dead_smtp, queue_mail):
    message = queue_mail()
    report = deliver_due()  # never raises
    assert (report.sent, report.retried, report.failed) == (0, 1, 0)
    stored = reload(message.id)
    assert (stored.status, stored.attempts, stored.sent_at) == ("pending", 1, None)
    assert stored.next_attempt_at == NOW + timedelta(seconds=30)
    assert stored.last_error.startswith("SMTPConnectNetworkError: ")
    assert deliver_due().retried == 0  # not due again before its backoff


def test_an_unreachable_server_stops_the_run_and_spares_the_others(app, dead_smtp, queue_mail):
    ids = [queue_mail(key=f"k{i}").id for i in range(3)]
    report = deliver_due()
    assert (report.retried, report.held) == (1, 2)
    assert [reload(i).attempts for i in ids] == [1, 0, 0]


def test_after_the_maximum_attempts_a_message_fails(app, dead_smtp, queue_mail):
    app.config["OUTBOX_MAX_ATTEMPTS"] = 3
    message = queue_mail()
    now, waits = NOW, []
    for _ in range(3):
        report = deliver_due(now)
        stored = reload(message.id)
        waits.append(stored.next_attempt_at - now)
        now = stored.next_attempt_at
    assert waits[:2] == [timedelta(seconds=30), timedelta(seconds=60)]
    assert (report.failed, stored.status, stored.attempts) == (1, "failed", 3)
    assert deliver_due(now + timedelta(days=1)).failed == 0  # failed messages are left alone


def test_backoff_doubles_up_to_an_hour():
    assert [backoff(n).total_seconds() for n in (1, 2, 3, 8, 20)] == [30, 60, 120, 3600, 3600]


def test_a_retried_message_is_delivered_once_the_server_is_back(app, queue_mail, dead_smtp, request):
    message = queue_mail()
    deliver_due()
    server = request.getfixturevalue("smtp_server")
    assert deliver_due(NOW + timedelta(seconds=30)).sent == 1
    stored = reload(message.id)
    assert (stored.status, stored.attempts) == ("sent", 2)
    assert len(server.received) == 1


def test_a_temporary_refusal_is_retried(app, smtp_server, queue_mail):
    smtp_server.data_reply = "451 4.3.0 Try again later"
    message = queue_mail()
    assert deliver_due().retried == 1
    stored = reload(message.id)
    assert stored.status == "pending" and "451" in stored.last_error


def test_an_unknown_recipient_fails_at_once_and_the_others_still_go(app, smtp_server, queue_mail):
    smtp_server.refuse_rcpt.add("nobody@example.org")
    bad = queue_mail(key="bad", recipient="nobody@example.org")
    good = queue_mail(key="good")
    report = deliver_due()
    assert (report.sent, report.failed) == (1, 1)
    stored = reload(bad.id)
    assert stored.status == "failed" and "550" in stored.last_error
    assert reload(good.id).status == "sent"


def test_without_smtp_host_messages_are_held_untouched(app, queue_mail):
    assert app.config["SMTP_HOST"] == ""
    message = queue_mail()
    report = deliver_due()
    assert (report.sent, report.held) == (0, 1)
    stored = reload(message.id)
    assert (stored.status, stored.attempts, stored.next_attempt_at) == ("pending", 0, NOW)


def test_a_row_locked_by_another_scheduler_is_skipped(app, smtp_server, queue_mail):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("row locks (FOR UPDATE SKIP LOCKED) exist on PostgreSQL only")
    message = queue_mail()
    with db.engine.connect() as other:
        with other.begin():
            other.execute(select(OutboxMessage).where(OutboxMessage.id == message.id).with_for_update())
            assert deliver_due().sent == 0  # neither blocked nor sent twice
    assert deliver_due().sent == 1
    assert len(smtp_server.received) == 1
