"""The outbox pages: admins read held mail and retry failures; others learn nothing."""

import re

import pytest

from app.auth.models import Role
from app.extensions import db
from app.notify.delivery import deliver_due
from app.notify.models import OutboxMessage
from tests.helpers.login import login
from tests.helpers.pages import csrf_token


@pytest.fixture()
def admin_client(client, make_user):
    make_user("beheer@edu-v.example", Role.ADMIN)
    login(client, "beheer@edu-v.example")
    with client.session_transaction() as session:
        session["lang"] = "en"  # the assertions read the English msgids, whatever the catalog holds
    return client


def fail(message: OutboxMessage) -> OutboxMessage:
    message.status, message.attempts, message.last_error = "failed", 8, "SMTPConnectNetworkError: refused"
    db.session.commit()
    return message


def test_anonymous_visitors_are_sent_to_the_login(client, queue_mail):
    message = queue_mail()
    for path in ("/beheer/outbox", f"/beheer/outbox/{message.id}"):
        response = client.get(path)
        assert response.status_code == 302
        assert "/inloggen" in response.headers["Location"]


@pytest.mark.parametrize("role", [Role.SUPERVISOR, Role.COORDINATOR, Role.PARTICIPANT])
def test_other_roles_get_not_found(client, make_user, make_org, queue_mail, role):
    org = make_org() if role is Role.PARTICIPANT else None
    make_user("someone@example.org", role, organisation=org)
    login(client, "someone@example.org")
    message = fail(queue_mail())
    token = csrf_token(client, "/profiel")
    assert client.get("/beheer/outbox").status_code == 404
    assert client.get(f"/beheer/outbox/{message.id}").status_code == 404
    assert client.post(f"/beheer/outbox/{message.id}/opnieuw", data={"csrf_token": token}).status_code == 404
    assert db.session.get(OutboxMessage, message.id).status == "failed"


def test_held_mail_is_readable_by_an_admin(admin_client, queue_mail):
    message = queue_mail(subject="Melding MP-2026-0001 ontvangen", recipient="zoe@school.example")
    assert deliver_due().held == 1  # no SMTP_HOST in the tests
    html = admin_client.get("/beheer/outbox").get_data(as_text=True)
    assert "Melding MP-2026-0001 ontvangen" in html and "zoe@school.example" in html
    assert "Pending" in html
    assert 'href="/beheer/outbox"' in html  # the admin's menu links here

    page = admin_client.get(f"/beheer/outbox/{message.id}").get_data(as_text=True)
    assert re.search(r"<pre>Beste Zoë,\s+Your report MP-2026-0001 was received.", page)


def test_the_html_body_is_shown_as_escaped_source(admin_client, queue_mail):
    message = queue_mail()
    message.body_html = '<p>Hoi</p><script>alert("x")</script>'
    db.session.commit()
    page = admin_client.get(f"/beheer/outbox/{message.id}").get_data(as_text=True)
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in page


def test_filter_by_status(admin_client, queue_mail):
    queue_mail(key="a", subject="Still waiting")
    fail(queue_mail(key="b", subject="Gave up"))
    failed = admin_client.get("/beheer/outbox?status=failed").get_data(as_text=True)
    assert "Gave up" in failed and "Still waiting" not in failed
    assert "SMTPConnectNetworkError: refused" in failed
    everything = admin_client.get("/beheer/outbox?status=nonsense").get_data(as_text=True)
    assert "Gave up" in everything and "Still waiting" in everything


def test_pages_of_fifty_newest_first(admin_client, queue_mail):
    for i in range(51):
        queue_mail(key=f"k{i}", subject=f"Subject number {i:02d}")
    first = admin_client.get("/beheer/outbox").get_data(as_text=True)
    assert first.count("Subject number") == 50
    assert first.index("Subject number 50") < first.index("Subject number 49")
    assert "Subject number 00" not in first and "page=2" in first
    second = admin_client.get("/beheer/outbox?page=2").get_data(as_text=True)
    assert second.count("Subject number") == 1 and "Subject number 00" in second
    assert admin_client.get("/beheer/outbox?page=99").status_code == 200


def test_unknown_message_is_not_found(admin_client):
    assert admin_client.get("/beheer/outbox/12345").status_code == 404


def test_retry_puts_a_failed_message_back_in_the_queue(admin_client, queue_mail):
    message = fail(queue_mail())
    path = f"/beheer/outbox/{message.id}"
    assert admin_client.post(f"{path}/opnieuw").status_code == 400  # no CSRF token: refused
    assert db.session.get(OutboxMessage, message.id).status == "failed"

    response = admin_client.post(f"{path}/opnieuw", data={"csrf_token": csrf_token(admin_client, path)})
    assert response.status_code == 302 and response.headers["Location"].endswith(path)
    db.session.expire_all()
    stored = db.session.get(OutboxMessage, message.id)
    assert (stored.status, stored.attempts) == ("pending", 0)
    page = admin_client.get(path).get_data(as_text=True)
    assert "will be sent again" in page and "Send again" not in page


def test_retry_refuses_a_message_that_has_not_failed(admin_client, queue_mail):
    message = queue_mail()
    token = csrf_token(admin_client, "/beheer/outbox")
    admin_client.post(f"/beheer/outbox/{message.id}/opnieuw", data={"csrf_token": token})
    page = admin_client.get(f"/beheer/outbox/{message.id}").get_data(as_text=True)
    assert "Only a failed message can be sent again." in page


def test_an_admin_sends_every_failed_message_again_at_once(admin_client, queue_mail):
    failed = [fail(queue_mail(key=f"f{i}")).id for i in range(3)]
    sent = queue_mail(key="s")
    sent.status = "sent"
    db.session.commit()
    assert admin_client.post("/beheer/outbox/opnieuw").status_code == 400  # no CSRF token: refused
    html = admin_client.get("/beheer/outbox").get_data(as_text=True)
    assert "Send all 3 failed messages again" in html
    response = admin_client.post(
        "/beheer/outbox/opnieuw", data={"csrf_token": csrf_token(admin_client, "/beheer/outbox")}
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert [(db.session.get(OutboxMessage, i).status, db.session.get(OutboxMessage, i).attempts) for i in failed] == [
        ("pending", 0)
    ] * 3
    assert db.session.get(OutboxMessage, sent.id).status == "sent"
    page = admin_client.get("/beheer/outbox").get_data(as_text=True)
    assert "3 failed messages will be sent again" in page and "failed messages again" not in page


@pytest.mark.parametrize("role", [Role.SUPERVISOR, Role.COORDINATOR, Role.PARTICIPANT])
def test_other_roles_cannot_send_everything_again(client, make_user, make_org, queue_mail, role):
    org = make_org() if role is Role.PARTICIPANT else None
    make_user("someone@example.org", role, organisation=org)
    login(client, "someone@example.org")
    message = fail(queue_mail())
    token = csrf_token(client, "/profiel")
    assert client.post("/beheer/outbox/opnieuw", data={"csrf_token": token}).status_code == 404
    assert db.session.get(OutboxMessage, message.id).status == "failed"


def test_the_page_says_when_and_why_delivery_is_paused(admin_client, queue_mail, dead_smtp):
    queue_mail()
    assert deliver_due().paused
    html = admin_client.get("/beheer/outbox").get_data(as_text=True)
    assert "Delivery is paused until" in html and "the mail server could not be reached" in html
    assert "SMTPConnectNetworkError" in html
