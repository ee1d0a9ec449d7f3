"""deliver_due(): real SMTP delivery, backoff on failure, giving up, and holding without a server."""

import socket
import threading
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from app import clock
from app.extensions import db
from app.notify.delivery import backoff, deliver_due, delivery_state
from app.notify.models import OutboxMessage

NOW = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)


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


def test_a_server_that_is_not_there_pauses_delivery_and_costs_no_attempt(app, dead_smtp, queue_mail):
    message = queue_mail()
    report = deliver_due()  # never raises
    assert (report.sent, report.retried, report.failed, report.held, report.paused) == (0, 0, 0, 1, True)
    stored = reload(message.id)
    assert (stored.status, stored.attempts, stored.sent_at, stored.last_error) == ("pending", 0, None, None)
    state = delivery_state()
    assert (state.failures, state.paused_until) == (1, NOW + timedelta(seconds=30))
    assert state.last_error.startswith("SMTPConnectNetworkError: ")
    assert deliver_due(NOW + timedelta(seconds=29)).paused  # not tried again before the pause ends


def test_an_unreachable_server_stops_the_run_and_spares_every_message(app, dead_smtp, queue_mail):
    ids = [queue_mail(key=f"k{i}").id for i in range(3)]
    report = deliver_due()
    assert (report.retried, report.held) == (0, 3)
    assert [reload(i).attempts for i in ids] == [0, 0, 0]


def test_the_pause_grows_holds_across_sessions_and_resets_on_success(app, dead_smtp, queue_mail, request):
    queue_mail()
    now, pauses = NOW, []
    for _ in range(7):
        assert deliver_due(now).paused
        db.session.remove()  # another process (or a restarted scheduler) reads the stored pause
        state = delivery_state()
        pauses.append((clock.as_utc(state.paused_until) - now).total_seconds())
        assert deliver_due(clock.as_utc(state.paused_until) - timedelta(seconds=1)).paused
        now = clock.as_utc(state.paused_until)
    assert pauses == [30, 60, 120, 240, 480, 900, 900]
    request.getfixturevalue("smtp_server")
    assert deliver_due(now).sent == 1
    state = delivery_state()
    assert (state.failures, state.paused_since, state.paused_until) == (0, None, None)


def test_mail_queued_while_the_server_is_away_arrives_once_it_is_back(app, dead_smtp, queue_mail, request):
    """Issue 9: with OUTBOX_MAX_ATTEMPTS=3, a mail server away for hours used up the first messages'
    attempts one run at a time, and they were marked failed and never sent."""
    app.config["OUTBOX_MAX_ATTEMPTS"] = 3
    ids = [queue_mail(key=f"ack:{i}", recipient=f"reporter{i}@example.org").id for i in range(5)]
    now = NOW
    for _ in range(12 * 60 // 5):  # twelve hours of runs, every five minutes: far past any retry schedule
        report = deliver_due(now)
        assert (report.sent, report.failed) == (0, 0)
        now += timedelta(minutes=5)
    assert [reload(i).status for i in ids] == ["pending"] * 5
    assert {reload(i).attempts for i in ids} == {0}

    server = request.getfixturevalue("smtp_server")
    for _ in range(4):  # the pause (at most 15 minutes) ends, then everything goes out
        deliver_due(now)
        now += timedelta(minutes=5)
    assert sorted(r.rcpt_tos[0] for r in server.received) == [f"reporter{i}@example.org" for i in range(5)]
    assert [(reload(i).status, reload(i).attempts) for i in ids] == [("sent", 1)] * 5
    deliver_due(now + timedelta(hours=1))
    assert len(server.received) == 5  # each exactly once


@pytest.fixture()
def refusing_smtp(app):
    """A server that answers the connection with 421 (busy) and hangs up."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    stop = threading.Event()

    def serve():
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except OSError:
                continue
            with conn:
                conn.sendall(b"421 4.3.2 Service not available, try later\r\n")

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=listener.getsockname()[1], SMTP_TIMEOUT=2)
    yield
    stop.set()
    thread.join()
    listener.close()


def test_a_421_at_connect_pauses_too(app, refusing_smtp, queue_mail):
    message = queue_mail()
    assert deliver_due().paused
    assert reload(message.id).attempts == 0
    assert "421" in delivery_state().last_error


def test_a_421_to_the_data_pauses_too(app, smtp_server, queue_mail):
    smtp_server.data_reply = "421 4.3.2 Closing, try later"
    message = queue_mail()
    report = deliver_due()
    assert report.paused and report.retried == 0
    assert reload(message.id).attempts == 0


def test_after_the_maximum_attempts_a_message_its_server_refuses_fails(app, smtp_server, queue_mail):
    smtp_server.data_reply = "451 4.3.0 Try again later"
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


def test_a_message_not_delivered_within_the_maximum_age_fails(app, dead_smtp, queue_mail):
    app.config["OUTBOX_MAX_AGE_HOURS"] = 72
    old = queue_mail(key="old")
    clock.freeze(NOW + timedelta(hours=1))
    young = queue_mail(key="young")
    report = deliver_due(NOW + timedelta(hours=72))
    assert report.expired == 1
    stored = reload(old.id)
    assert stored.status == "failed" and stored.last_error.startswith("Expired: not delivered within 72 hours")
    assert reload(young.id).status == "pending"


def test_backoff_doubles_up_to_an_hour():
    assert [backoff(n).total_seconds() for n in (1, 2, 3, 8, 20)] == [30, 60, 120, 3600, 3600]


def test_a_held_message_is_delivered_once_the_server_is_back(app, queue_mail, dead_smtp, request):
    message = queue_mail()
    deliver_due()
    server = request.getfixturevalue("smtp_server")
    assert deliver_due(NOW + timedelta(seconds=30)).sent == 1
    stored = reload(message.id)
    assert (stored.status, stored.attempts) == ("sent", 1)
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
    assert not deliver_due().paused and delivery_state() is None  # the server is fine


def test_a_temporary_recipient_refusal_costs_only_that_message_an_attempt(app, smtp_server, queue_mail):
    original = smtp_server.handle_RCPT

    async def busy_mailbox(server, session, envelope, address, rcpt_options):
        if address == "full@example.org":
            return "452 4.2.2 Mailbox full"
        return await original(server, session, envelope, address, rcpt_options)

    smtp_server.handle_RCPT = busy_mailbox
    full = queue_mail(key="full", recipient="full@example.org")
    others = [queue_mail(key=f"k{i}").id for i in range(2)]
    report = deliver_due()
    assert (report.sent, report.retried, report.failed, report.paused) == (2, 1, 0, False)
    stored = reload(full.id)
    assert (stored.status, stored.attempts) == ("pending", 1) and "452" in stored.last_error
    assert [reload(i).status for i in others] == ["sent", "sent"]


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
