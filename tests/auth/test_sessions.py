"""Login sessions live on the server: logout, a password change, deactivation and time end them, and a
copy of the cookie dies with the row."""

from datetime import timedelta

from sqlalchemy import select

from app import clock
from app.auth import sessions
from app.auth.models import AccountEvent, Role, User, UserSession
from app.extensions import db
from tests.helpers.login import PASSWORD, login
from tests.helpers.pages import csrf_token

NEW_PASSWORD = "zeven zwarte zwanen zwemmen"


def cookie(client) -> str:
    return client.get_cookie("session").value


def replay(app, value: str):
    """A second browser holding a copy of the session cookie."""
    thief = app.test_client()
    thief.set_cookie("session", value)
    return thief


def test_the_cookie_holds_a_session_token_not_the_user_id(client, make_user):
    supervisor = make_user("sam@edu-v.nl", Role.SUPERVISOR)
    login(client, "sam@edu-v.nl")
    with client.session_transaction() as session:
        token = session["_user_id"]
    assert token != str(supervisor.id) and len(token) > 30
    row = db.session.scalar(select(UserSession))
    assert (
        row.user_id == supervisor.id
        and token not in row.token_hash
        and row.token_hash == sessions.hash_session_token(token)
    )


def test_a_copy_of_the_cookie_from_before_logout_no_longer_works(app, client, make_user):
    make_user("co@edu-v.nl", Role.COORDINATOR)
    login(client, "co@edu-v.nl")
    stolen = cookie(client)
    assert replay(app, stolen).get("/behandelen").status_code == 200
    client.post("/uitloggen", data={"csrf_token": csrf_token(client, "/profiel")})
    assert replay(app, stolen).get("/behandelen").status_code == 302
    assert db.session.scalar(select(UserSession)).ended_at is not None


def test_a_forged_remember_cookie_does_not_bypass_the_session_row(app, client, make_user):
    """flask-login's remember-me cookie is never set; one made with the secret key for an ended session
    still goes through the live-session check."""
    from flask_login.utils import _cookie_digest

    make_user("sam@edu-v.nl", Role.SUPERVISOR)
    login(client, "sam@edu-v.nl")
    assert client.get_cookie("remember_token") is None
    with client.session_transaction() as session:
        token = session["_user_id"]
    with app.test_request_context():
        forged = f"{token}|{_cookie_digest(token)}"
    live = app.test_client()
    live.set_cookie("remember_token", forged)
    assert live.get("/behandelen").status_code == 200  # the forgery is well made: the session is still live
    client.post("/uitloggen", data={"csrf_token": csrf_token(client, "/profiel")})
    other = app.test_client()
    other.set_cookie("remember_token", forged)
    assert other.get("/behandelen").status_code == 302


def test_a_password_change_ends_the_other_sessions_and_keeps_this_one(app, make_user):
    make_user("sam@edu-v.nl", Role.SUPERVISOR)
    laptop, phone = app.test_client(), app.test_client()
    login(laptop, "sam@edu-v.nl")
    login(phone, "sam@edu-v.nl")
    assert phone.get("/behandelen").status_code == 200
    token = csrf_token(laptop, "/profiel")
    response = laptop.post(
        "/profiel/wachtwoord",
        data={"csrf_token": token, "current_password": PASSWORD, "password": NEW_PASSWORD, "confirm": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert laptop.get("/behandelen").status_code == 200
    assert phone.get("/behandelen").status_code == 302
    kinds = {e.kind for e in db.session.scalars(select(AccountEvent))}
    assert {"password_changed", "sessions_ended"} <= kinds
    db.session.expire_all()
    assert db.session.scalar(select(User)).check_password(NEW_PASSWORD)


def test_the_password_change_needs_the_current_password_and_a_strong_new_one(client, make_user):
    make_user("sam@edu-v.nl", Role.SUPERVISOR)
    login(client, "sam@edu-v.nl")
    token = csrf_token(client, "/profiel")
    wrong = client.post(
        "/profiel/wachtwoord",
        data={"csrf_token": token, "current_password": "not it", "password": NEW_PASSWORD, "confirm": NEW_PASSWORD},
    )
    assert wrong.status_code == 422
    weak = client.post(
        "/profiel/wachtwoord",
        data={"csrf_token": token, "current_password": PASSWORD, "password": "password1234", "confirm": "password1234"},
    )
    assert weak.status_code == 422
    db.session.expire_all()
    assert db.session.scalar(select(User)).check_password(PASSWORD)


def test_staff_sessions_end_after_idle_time_and_after_the_maximum(app, make_user):
    make_user("sam@edu-v.nl", Role.SUPERVISOR)
    start = clock.now()
    clock.freeze(start)
    client = app.test_client()
    login(client, "sam@edu-v.nl")
    clock.freeze(start + timedelta(minutes=29))
    assert client.get("/behandelen").status_code == 200  # active again: idle time starts over
    clock.freeze(start + timedelta(minutes=58))
    assert client.get("/behandelen").status_code == 200
    clock.freeze(start + timedelta(minutes=58 + 31))
    assert client.get("/behandelen").status_code == 302  # 31 minutes idle

    again = app.test_client()
    clock.freeze(start)
    login(again, "sam@edu-v.nl")
    for minutes in range(20, 12 * 60, 20):  # busy all day, never idle for long
        clock.freeze(start + timedelta(minutes=minutes))
        assert again.get("/behandelen").status_code == 200
    clock.freeze(start + timedelta(hours=12, minutes=1))
    assert again.get("/behandelen").status_code == 302


def test_idle_and_maximum_are_configurable(app, make_user):
    app.config.update(STAFF_SESSION_IDLE_MINUTES=5)
    make_user("sam@edu-v.nl", Role.SUPERVISOR)
    start = clock.now()
    clock.freeze(start)
    client = app.test_client()
    login(client, "sam@edu-v.nl")
    clock.freeze(start + timedelta(minutes=6))
    assert client.get("/behandelen").status_code == 302


def test_participants_keep_the_session_lifetime(app, make_user, make_org):
    make_user("pia@vodix.example", Role.PARTICIPANT, organisation=make_org("Vodix"))
    start = clock.now()
    clock.freeze(start)
    client = app.test_client()
    login(client, "pia@vodix.example")
    clock.freeze(start + timedelta(hours=3))  # idle for longer than staff may be
    assert client.get("/mijn/zaken").status_code == 200
    clock.freeze(start + app.permanent_session_lifetime + timedelta(minutes=1))
    assert client.get("/mijn/zaken").status_code == 302


def test_last_seen_is_written_at_most_once_a_minute(app, make_user):
    make_user("sam@edu-v.nl", Role.SUPERVISOR)
    start = clock.now()
    clock.freeze(start)
    client = app.test_client()
    login(client, "sam@edu-v.nl")
    clock.freeze(start + timedelta(seconds=30))
    client.get("/behandelen")
    db.session.expire_all()
    assert clock.as_utc(db.session.scalar(select(UserSession)).last_seen_at) == start
    clock.freeze(start + timedelta(seconds=61))
    client.get("/behandelen")
    db.session.expire_all()
    assert clock.as_utc(db.session.scalar(select(UserSession)).last_seen_at) == start + timedelta(seconds=61)


def test_an_administrator_deactivating_a_user_ends_their_sessions(app, make_user):
    make_user("admin@edu-v.nl", Role.ADMIN)
    sam = make_user("sam@edu-v.nl", Role.SUPERVISOR)
    admin, victim = app.test_client(), app.test_client()
    login(admin, "admin@edu-v.nl")
    login(victim, "sam@edu-v.nl")
    stolen = cookie(victim)
    token = csrf_token(admin, f"/beheer/gebruikers/{sam.id}")
    assert admin.post(f"/beheer/gebruikers/{sam.id}/deactiveren", data={"csrf_token": token}).status_code == 302
    assert victim.get("/behandelen").status_code == 302
    assert replay(app, stolen).get("/behandelen").status_code == 302
    db.session.expire_all()
    assert db.session.scalar(select(UserSession).where(UserSession.user_id == sam.id)).ended_at is not None
    assert {"deactivated", "sessions_ended"} <= {e.kind for e in db.session.scalars(select(AccountEvent))}
    # Reactivated, the old session stays ended.
    admin.post(f"/beheer/gebruikers/{sam.id}/heractiveren", data={"csrf_token": token})
    assert replay(app, stolen).get("/behandelen").status_code == 302


def test_the_administrator_ends_all_sessions_of_a_user(app, make_user):
    make_user("admin@edu-v.nl", Role.ADMIN)
    sam = make_user("sam@edu-v.nl", Role.SUPERVISOR)
    admin, victim = app.test_client(), app.test_client()
    login(admin, "admin@edu-v.nl")
    login(victim, "sam@edu-v.nl")
    token = csrf_token(admin, f"/beheer/gebruikers/{sam.id}")
    admin.post(f"/beheer/gebruikers/{sam.id}/sessies-beeindigen", data={"csrf_token": token})
    assert victim.get("/behandelen").status_code == 302
    assert admin.get("/behandelen").status_code == 200


def test_a_removed_organisation_member_loses_the_session(app, make_user, make_org):
    vodix = make_org("Vodix")
    boss = make_user("boss@vodix.example", Role.PARTICIPANT, organisation=vodix)
    boss.is_org_admin = True
    db.session.commit()
    piet = make_user("piet@vodix.example", Role.PARTICIPANT, organisation=vodix)
    admin, member = app.test_client(), app.test_client()
    login(admin, "boss@vodix.example")
    login(member, "piet@vodix.example")
    assert member.get("/mijn/zaken").status_code == 200
    token = csrf_token(admin, "/organisatie")
    admin.post(f"/organisaties/{vodix.id}/leden/{piet.id}/verwijderen", data={"csrf_token": token})
    assert member.get("/mijn/zaken").status_code == 302


def test_the_cli_deactivates_a_user_and_ends_the_sessions(app, client, make_user):
    make_user("sam@edu-v.nl", Role.SUPERVISOR)
    login(client, "sam@edu-v.nl")
    result = app.test_cli_runner().invoke(args=["user", "deactivate", "sam@edu-v.nl"])
    assert result.exit_code == 0 and "1 sessions ended" in result.output
    assert client.get("/behandelen").status_code == 302
