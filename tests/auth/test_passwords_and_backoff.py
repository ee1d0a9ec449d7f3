"""One password rule on every path (12+ characters, zxcvbn score 3+), and the per-account back-off
after failed logins."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from app import clock
from app.auth.models import AccountEvent, LoginBackoff, Role, User
from app.auth.passwords import check_password_strength
from app.errors_domain import DomainError
from app.extensions import db
from tests.helpers.login import PASSWORD, login
from tests.helpers.pages import csrf_token, nl

WAIT = "Too many failed attempts. Wait a few minutes, then try again."
MISMATCH = "This e-mail address and password do not match."


@pytest.mark.parametrize(
    "password", ["kort", "password1234", "aaaaaaaaaaaaaaaa", "qwertyuiopasdf", "nina@vodix.example"]
)
def test_short_weak_and_common_passwords_are_refused(app, password):
    with app.test_request_context(), pytest.raises(DomainError) as refused:
        check_password_strength(password, ("nina@vodix.example",))
    assert refused.value.field == "password"


def test_the_feedback_of_zxcvbn_is_given_in_dutch(app):
    with app.test_request_context(), pytest.raises(DomainError) as refused:
        check_password_strength("password1234")
    assert nl("This is a very common password.") in refused.value.message
    assert nl("This password is too easy to guess.") in refused.value.message


def test_a_long_passphrase_passes(app):
    with app.test_request_context():
        check_password_strength(PASSWORD)
        check_password_strength("x" * 5 + " lange zin met veel woorden " * 4)  # longer than zxcvbn reads


def test_the_cli_refuses_a_weak_password(app):
    result = app.test_cli_runner().invoke(
        args=["user", "create", "sam@edu-v.nl", "--role", "supervisor", "--password", "password1234"]
    )
    assert result.exit_code != 0 and db.session.scalar(select(User)) is None


def failed(client, email: str):
    return login(client, email, "not the password")


def test_five_failures_make_the_account_wait_and_unknown_addresses_answer_the_same(app, make_user):
    make_user("sam@edu-v.nl", Role.SUPERVISOR)
    clock.freeze(clock.now())
    client = app.test_client()
    for _n in range(5):
        assert nl(MISMATCH) in failed(client, "sam@edu-v.nl").get_data(as_text=True)
        assert nl(MISMATCH) in failed(client, "niemand@edu-v.nl").get_data(as_text=True)
    known = login(client, "sam@edu-v.nl")  # even the right password waits
    unknown = failed(client, "niemand@edu-v.nl")
    for response in (known, unknown):
        assert response.status_code == 429 and nl(WAIT) in response.get_data(as_text=True)
    assert client.get("/behandelen").status_code == 302
    lockout = db.session.scalar(select(AccountEvent).where(AccountEvent.kind == "locked_out"))
    assert lockout is not None and "60" in lockout.detail
    # Another account is not affected: no shared budget to exhaust.
    make_user("kim@edu-v.nl", Role.SUPERVISOR)
    assert login(client, "kim@edu-v.nl").status_code == 302

    clock.freeze(clock.now() + timedelta(seconds=61))
    assert nl(MISMATCH) in failed(client, "sam@edu-v.nl").get_data(as_text=True)  # 6th: waits 2 minutes now
    clock.freeze(clock.now() + timedelta(seconds=61))
    assert login(client, "sam@edu-v.nl").status_code == 429
    clock.freeze(clock.now() + timedelta(seconds=60))
    assert login(client, "sam@edu-v.nl").status_code == 302  # success resets the count
    db.session.expire_all()
    assert [row.failures for row in db.session.scalars(select(LoginBackoff))] == [5]  # only the unknown address
    client.post("/uitloggen", data={"csrf_token": csrf_token(client, "/profiel")})
    assert nl(MISMATCH) in failed(client, "sam@edu-v.nl").get_data(as_text=True)
    assert login(client, "sam@edu-v.nl").status_code == 302


def test_the_wait_doubles_up_to_the_maximum(app, make_user):
    app.config.update(LOGIN_BACKOFF_AFTER=2, LOGIN_BACKOFF_SECONDS=60, LOGIN_BACKOFF_MAX_SECONDS=150)
    make_user("sam@edu-v.nl", Role.SUPERVISOR)
    clock.freeze(clock.now())
    client = app.test_client()
    waits = []
    for _n in range(5):
        failed(client, "sam@edu-v.nl")
        db.session.expire_all()
        row = db.session.scalar(select(LoginBackoff))
        if row.locked_until:
            wait = (clock.as_utc(row.locked_until) - clock.now()).total_seconds()
            waits.append(wait)
            clock.freeze(clock.now() + timedelta(seconds=wait))
    assert waits == [60, 120, 150, 150]


def test_wrong_codes_of_the_second_step_count_too(app, make_user):
    make_user("co@edu-v.nl", Role.COORDINATOR)
    clock.freeze(clock.now())
    client = app.test_client()
    for _n in range(5):
        token = csrf_token(client, "/inloggen")
        client.post("/inloggen", data={"csrf_token": token, "email": "co@edu-v.nl", "password": PASSWORD})
        token = csrf_token(client, "/inloggen/code")
        client.post("/inloggen/code", data={"csrf_token": token, "code": "000000"})
    assert login(client, "co@edu-v.nl").status_code == 429


def test_failures_a_day_apart_do_not_add_up(app, make_user):
    make_user("sam@edu-v.nl", Role.SUPERVISOR)
    start = clock.now()
    client = app.test_client()
    for day in range(6):  # one typo a day
        clock.freeze(start + timedelta(days=day, hours=day))
        assert nl(MISMATCH) in failed(client, "sam@edu-v.nl").get_data(as_text=True)
    assert login(client, "sam@edu-v.nl").status_code == 302
    db.session.expire_all()
    assert db.session.scalar(select(LoginBackoff)) is None
