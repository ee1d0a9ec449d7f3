"""Issue 9: an invitation link is a key to an account. Its token is stored only hashed, the
outbox page never shows it (not even to administrators), and the stored mail forgets it once sent."""

from sqlalchemy import String, Text, select, text

from app.auth.models import Role
from app.extensions import db
from app.notify.delivery import deliver_due
from app.notify.models import OutboxMessage
from tests.helpers.login import login
from tests.helpers.pages import csrf_token


def _invite_as_admin(client, make_user, make_org) -> tuple[str, OutboxMessage]:
    vodix = make_org("Vodix")
    make_user("beheer@edu-v.example", Role.ADMIN)
    login(client, "beheer@edu-v.example")
    page = f"/beheer/organisaties/{vodix.id}"
    response = client.post(
        f"/organisaties/{vodix.id}/uitnodigen",
        data={"csrf_token": csrf_token(client, page), "name": "Nina", "email": "nina@vodix.example"},
    )
    assert response.status_code == 302
    message = db.session.scalar(select(OutboxMessage).where(OutboxMessage.key.like("invitation:%")))
    token = message.body_text.split("/uitnodiging/", 1)[1].split()[0]
    assert len(token) >= 40
    return token, message


def _stored_text() -> str:
    """Every text value in every table, for a search the whole database."""
    values = []
    with db.engine.connect() as conn:
        for table in db.metadata.sorted_tables:
            columns = [c.name for c in table.columns if isinstance(c.type, (String, Text))]
            if columns:
                names = ", ".join(f'"{name}"' for name in columns)
                for row in conn.execute(text(f'SELECT {names} FROM "{table.name}"')):  # nosec B608: names from the models
                    values.extend(str(value) for value in row if value is not None)
    return "\n".join(values)


def test_the_outbox_page_never_shows_an_invitation_link(client, make_user, make_org):
    token, message = _invite_as_admin(client, make_user, make_org)
    assert message.secret
    listing = client.get("/beheer/outbox").get_data(as_text=True)
    detail = client.get(f"/beheer/outbox/{message.id}").get_data(as_text=True)
    assert message.subject.split(":")[0][:20] in listing  # the row is there...
    for html in (listing, detail):
        assert token not in html  # ...its link is not
        assert "/uitnodiging/" not in html
    assert "personal link" in detail or "persoonlijke link" in detail


def test_the_database_keeps_no_plain_token_once_the_mail_is_sent(client, make_user, make_org, smtp_server):
    token, message = _invite_as_admin(client, make_user, make_org)
    assert deliver_due().sent == 1
    [received] = smtp_server.received
    assert token in received.message.get_body(("plain",)).get_content()  # the invitee gets the link
    db.session.expire_all()
    stored = db.session.get(OutboxMessage, message.id)
    assert stored.status == "sent" and "/uitnodiging/" not in stored.body_text
    assert token not in _stored_text()
    # The link still works: the invitation row holds the token's hash.
    client.post("/uitloggen", data={"csrf_token": csrf_token(client, "/")})
    assert client.get(f"/uitnodiging/{token}").status_code == 200
