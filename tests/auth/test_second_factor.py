"""The second factor: required for coordinators and administrators, optional for the others; the login in
two steps, enrolment with a QR code, codes used once, recovery codes, and the administrator's reset."""

import re
from datetime import timedelta

import pyotp
import pytest
from sqlalchemy import select

from app import clock
from app.auth import second_factor
from app.auth.models import AccountEvent, RecoveryCode, Role, User, UserSession
from app.extensions import db
from tests.helpers.login import PASSWORD, enrol_second_factor, login, totp_code
from tests.helpers.pages import csrf_token


def password_step(client, email: str, next_path: str | None = None):
    token = csrf_token(client, "/inloggen")
    path = f"/inloggen?next={next_path}" if next_path else "/inloggen"
    return client.post(path, data={"csrf_token": token, "email": email, "password": PASSWORD})


def code_step(client, code: str, path: str = "/inloggen/code"):
    token = csrf_token(client, path)
    return client.post(path, data={"csrf_token": token, "code": code})


def user(email: str) -> User:
    db.session.expire_all()
    return db.session.scalar(select(User).where(User.email == email))


def new_coordinator(email="co@edu-v.nl") -> User:
    """A coordinator created as `flask user create` does: no second factor yet."""
    coordinator = User(email=email, name="Co", role=Role.COORDINATOR.value)
    coordinator.set_password(PASSWORD)
    db.session.add(coordinator)
    db.session.commit()
    return coordinator


def test_a_coordinator_without_a_second_factor_must_enrol_before_anything_else(client):
    new_coordinator()
    response = password_step(client, "co@edu-v.nl")
    assert response.status_code == 302 and response.headers["Location"].endswith("/inloggen/tweede-factor")
    # Not logged in: every page behind the login still sends to the login.
    assert client.get("/behandelen").status_code == 302
    assert "/inloggen" in client.get("/profiel").headers["Location"]

    page = client.get("/inloggen/tweede-factor").get_data(as_text=True)
    assert re.search(r'<img src="data:image/svg\+xml[^"]+"', page)  # the QR code, no script, no inline style
    secret = user("co@edu-v.nl").totp_secret
    assert secret and re.sub(r"\s", "", re.search(r'id="totp-secret">([^<]+)<', page).group(1)) == secret
    assert user("co@edu-v.nl").totp_enrolled_at is None  # unconfirmed until one valid code

    assert code_step(client, "000000", "/inloggen/tweede-factor").status_code == 422
    assert client.get("/behandelen").status_code == 302

    done = code_step(client, pyotp.TOTP(secret).now(), "/inloggen/tweede-factor")
    html = done.get_data(as_text=True)
    codes = re.findall(r'<code class="secret">([a-z0-9-]{14})</code>', html)
    assert done.status_code == 200 and len(codes) == 10
    assert client.get("/behandelen").status_code == 200  # now logged in
    stored = list(db.session.scalars(select(RecoveryCode)))
    assert len(stored) == 10 and all(code not in {row.code_hash for row in stored} for code in codes)
    assert user("co@edu-v.nl").has_second_factor
    kinds = [e.kind for e in db.session.scalars(select(AccountEvent))]
    assert kinds == ["second_factor_enrolled"]
    # Shown once: the profile never shows them again.
    assert codes[0] not in client.get("/profiel").get_data(as_text=True)


def test_login_is_two_steps_and_the_user_is_not_logged_in_between(client, make_user):
    make_user("co@edu-v.nl", Role.COORDINATOR)
    response = password_step(client, "co@edu-v.nl", next_path="/sla")
    assert response.headers["Location"].endswith("/inloggen/code")
    assert client.get("/behandelen").status_code == 302
    with client.session_transaction() as session:
        pending = session["login_pending"]
        assert "_user_id" not in session
        # Only who and since when: no secret, no code, no password.
        assert set(pending) == {"user", "at", "next"}
        assert user("co@edu-v.nl").totp_secret not in str(pending)
    assert code_step(client, "123").status_code == 422
    done = code_step(client, totp_code("co@edu-v.nl"))
    assert done.status_code == 302 and done.headers["Location"].endswith("/sla")
    assert client.get("/behandelen").status_code == 200
    assert db.session.scalar(select(UserSession).where(UserSession.ended_at.is_(None))) is not None


def test_the_half_done_login_expires_after_a_few_minutes(client, make_user):
    make_user("co@edu-v.nl", Role.COORDINATOR)
    clock.freeze(clock.now())
    password_step(client, "co@edu-v.nl")
    token = csrf_token(client, "/inloggen/code")
    clock.freeze(clock.now() + timedelta(minutes=6))
    response = client.post("/inloggen/code", data={"csrf_token": token, "code": totp_code("co@edu-v.nl")})
    assert response.status_code == 302 and response.headers["Location"].endswith("/inloggen")
    assert client.get("/behandelen").status_code == 302


def test_a_code_is_not_accepted_twice(app, make_user):
    make_user("co@edu-v.nl", Role.COORDINATOR)
    clock.freeze(clock.now())
    first, second = app.test_client(), app.test_client()
    coordinator = user("co@edu-v.nl")
    step = int(clock.now().timestamp()) // second_factor.STEP_SECONDS
    code = pyotp.TOTP(coordinator.totp_secret).generate_otp(step + 1)  # the enrolment used this step
    password_step(first, "co@edu-v.nl")
    assert code_step(first, code).status_code == 302
    password_step(second, "co@edu-v.nl")
    assert code_step(second, code).status_code == 422  # the same code again: refused
    assert second.get("/behandelen").status_code == 302


def test_a_recovery_code_works_once(app, make_user):
    coordinator = make_user("co@edu-v.nl", Role.COORDINATOR)
    coordinator.totp_secret = coordinator.totp_secret  # enrolled by make_user; take fresh codes
    codes = second_factor.new_recovery_codes(coordinator)
    db.session.commit()
    client = app.test_client()
    password_step(client, "co@edu-v.nl")
    assert code_step(client, codes[3].upper()).status_code == 302
    assert client.get("/behandelen").status_code == 200
    again = app.test_client()
    password_step(again, "co@edu-v.nl")
    assert code_step(again, codes[3]).status_code == 422
    assert "recovery_code_used" in [e.kind for e in db.session.scalars(select(AccountEvent))]


def test_supervisors_log_in_with_the_password_alone_and_may_opt_in(client, make_user):
    make_user("sam@edu-v.nl", Role.SUPERVISOR)
    response = password_step(client, "sam@edu-v.nl")
    assert response.headers["Location"].endswith("/behandelen")
    page = client.get("/profiel/tweede-factor")
    assert page.status_code == 200
    secret = user("sam@edu-v.nl").totp_secret
    done = code_step(client, pyotp.TOTP(secret).now(), "/profiel/tweede-factor")
    assert done.status_code == 200 and user("sam@edu-v.nl").has_second_factor
    token = csrf_token(client, "/profiel")
    client.post("/uitloggen", data={"csrf_token": token})
    # From now on the supervisor's login asks for the code too.
    assert password_step(client, "sam@edu-v.nl").headers["Location"].endswith("/inloggen/code")
    assert code_step(client, totp_code("sam@edu-v.nl")).status_code == 302
    # ...until switched off again, with the password.
    token = csrf_token(client, "/profiel/tweede-factor/uitzetten")
    wrong = client.post("/profiel/tweede-factor/uitzetten", data={"csrf_token": token, "password": "nope"})
    assert wrong.status_code == 422 and user("sam@edu-v.nl").has_second_factor
    client.post("/profiel/tweede-factor/uitzetten", data={"csrf_token": token, "password": PASSWORD})
    assert not user("sam@edu-v.nl").has_second_factor


def test_coordinators_cannot_switch_the_second_factor_off(client, make_user):
    make_user("co@edu-v.nl", Role.COORDINATOR)
    login(client, "co@edu-v.nl")
    token = csrf_token(client, "/profiel")
    client.post("/profiel/tweede-factor/uitzetten", data={"csrf_token": token, "password": PASSWORD})
    assert user("co@edu-v.nl").has_second_factor


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.ADMIN])
def test_the_conftest_login_completes_the_real_second_step(client, make_user, role):
    make_user("staff@edu-v.nl", role)
    response = login(client, "staff@edu-v.nl")
    assert response.status_code == 302 and response.headers["Location"].endswith("/behandelen")
    assert client.get("/behandelen").status_code == 200


def test_an_administrator_resets_a_lost_second_factor_and_it_is_on_the_history(app, make_user):
    make_user("admin@edu-v.nl", Role.ADMIN)
    make_user("co@edu-v.nl", Role.COORDINATOR)
    coordinator_client, admin = app.test_client(), app.test_client()
    login(coordinator_client, "co@edu-v.nl")
    login(admin, "admin@edu-v.nl")
    target = user("co@edu-v.nl")
    assert "co@edu-v.nl" in admin.get("/beheer/gebruikers?q=co@").get_data(as_text=True)
    token = csrf_token(admin, f"/beheer/gebruikers/{target.id}")
    response = admin.post(f"/beheer/gebruikers/{target.id}/tweede-factor-resetten", data={"csrf_token": token})
    assert response.status_code == 302
    target = user("co@edu-v.nl")
    assert not target.has_second_factor and target.totp_secret is None
    assert db.session.scalar(select(RecoveryCode).where(RecoveryCode.user_id == target.id)) is None
    # The coordinator's session ended; the next login sets up a new second factor.
    assert coordinator_client.get("/behandelen").status_code == 302
    assert password_step(coordinator_client, "co@edu-v.nl").headers["Location"].endswith("/inloggen/tweede-factor")
    page = admin.get(f"/beheer/gebruikers/{target.id}").get_data(as_text=True)
    assert "account-event-second_factor_reset" in page
    reset = db.session.scalar(select(AccountEvent).where(AccountEvent.kind == "second_factor_reset"))
    assert reset.actor.email == "admin@edu-v.nl"


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.SUPERVISOR, Role.PARTICIPANT])
def test_only_administrators_reach_the_account_pages(client, make_user, make_org, role):
    other = make_user("x@edu-v.nl", Role.SUPERVISOR)
    org = make_org("Vodix") if role == Role.PARTICIPANT else None
    make_user("me@example.org", role, organisation=org)
    login(client, "me@example.org")
    assert client.get("/beheer/gebruikers").status_code == 404
    token = csrf_token(client, "/profiel")
    assert (
        client.post(f"/beheer/gebruikers/{other.id}/tweede-factor-resetten", data={"csrf_token": token}).status_code
        == 404
    )


def test_the_cli_resets_a_second_factor(app, make_user):
    make_user("co@edu-v.nl", Role.COORDINATOR)
    result = app.test_cli_runner().invoke(args=["user", "reset-second-factor", "co@edu-v.nl"])
    assert result.exit_code == 0, result.output
    assert not user("co@edu-v.nl").has_second_factor
    assert db.session.scalar(select(AccountEvent).where(AccountEvent.kind == "second_factor_reset")) is not None


def test_the_account_history_is_append_only(make_user):
    coordinator = make_user("co@edu-v.nl", Role.COORDINATOR)
    row = db.session.scalar(select(AccountEvent).where(AccountEvent.user_id == coordinator.id))
    row.detail = "changed"
    with pytest.raises(RuntimeError):
        db.session.flush()
    db.session.rollback()


def test_enrol_helper_gives_ten_codes(make_user):
    supervisor = make_user("sam@edu-v.nl", Role.SUPERVISOR)
    assert len(enrol_second_factor(supervisor)) == 10 and supervisor.has_second_factor


def test_new_recovery_codes_replace_the_old_ones_after_a_valid_code(app, make_user):
    coordinator = make_user("co@edu-v.nl", Role.COORDINATOR)
    old_codes = second_factor.new_recovery_codes(coordinator)
    db.session.commit()
    client = app.test_client()
    login(client, "co@edu-v.nl")
    assert code_step(client, "000000", "/profiel/herstelcodes").status_code == 422
    clock.freeze(clock.now() + timedelta(seconds=60))  # the next code of the app
    done = code_step(client, totp_code("co@edu-v.nl"), "/profiel/herstelcodes")
    new_codes = re.findall(r'<code class="secret">([a-z0-9-]{14})</code>', done.get_data(as_text=True))
    assert len(new_codes) == 10 and not set(new_codes) & set(old_codes)
    other = app.test_client()
    password_step(other, "co@edu-v.nl")
    assert code_step(other, old_codes[0]).status_code == 422
    assert code_step(other, new_codes[0]).status_code == 302
    assert "recovery_codes_renewed" in [e.kind for e in db.session.scalars(select(AccountEvent))]
