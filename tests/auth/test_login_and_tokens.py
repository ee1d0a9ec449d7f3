"""Staff and participant login, API tokens on the profile page, and the CLI for both."""

import re

from sqlalchemy import select

from app.auth.models import ApiToken, User
from app.extensions import db
from tests.helpers.login import PASSWORD, login
from tests.helpers.pages import csrf_token, nl


def test_staff_login_leads_to_the_queue_and_logout_ends_the_session(client, make_user):
    make_user("behandelaar@edu-v.nl")
    response = login(client, "Behandelaar@Edu-V.nl")
    assert response.status_code == 302 and response.headers["Location"].endswith("/behandelen")
    assert client.get("/behandelen").status_code == 200
    token = csrf_token(client, "/profiel")
    client.post("/uitloggen", data={"csrf_token": token})
    assert client.get("/behandelen").status_code == 302


def test_wrong_password_and_unknown_user_get_the_same_message(client, make_user):
    make_user("behandelaar@edu-v.nl")
    wrong = login(client, "behandelaar@edu-v.nl", "not the password").get_data(as_text=True)
    unknown = login(client, "niemand@edu-v.nl", "not the password").get_data(as_text=True)
    message = nl("This e-mail address and password do not match.")
    assert message in wrong and message in unknown
    assert 'value="niemand@edu-v.nl"' in unknown  # what was typed stays


def test_password_is_stored_hashed(make_user):
    user = make_user("coordinator@edu-v.nl", role="coordinator")
    assert PASSWORD not in user.password_hash and user.password_hash.startswith(("scrypt:", "pbkdf2:"))


def test_login_does_not_redirect_off_site(client, make_user):
    make_user("behandelaar@edu-v.nl")
    token = csrf_token(client, "/inloggen")
    response = client.post(
        "/inloggen?next=//evil.example/x",
        data={"csrf_token": token, "email": "behandelaar@edu-v.nl", "password": PASSWORD},
    )
    assert response.headers["Location"].endswith("/behandelen")


def test_inactive_user_cannot_log_in(client, make_user):
    user = make_user("oud@edu-v.nl")
    user.active = False
    db.session.commit()
    assert login(client, "oud@edu-v.nl").status_code == 200


def test_profile_creates_a_token_shown_once_and_revokes_it(client, make_org, make_user):
    org = make_org("Magister")
    make_user("dev@magister.nl", role="participant", organisation=org)
    login(client, "dev@magister.nl")
    token = csrf_token(client, "/profiel")
    html = client.post("/profiel", data={"csrf_token": token, "name": "koppeling"}).get_data(as_text=True)
    secret = re.search(r'<code class="secret">([^<]+)</code>', html).group(1)
    stored = db.session.scalar(select(ApiToken))
    assert secret not in stored.token_hash and stored.name == "koppeling"
    assert client.get("/api/v1/cases", headers={"Authorization": f"Bearer {secret}"}).status_code == 200
    assert secret not in client.get("/profiel").get_data(as_text=True)

    token = csrf_token(client, "/profiel")
    client.post(f"/profiel/tokens/{stored.id}/intrekken", data={"csrf_token": token})
    assert client.get("/api/v1/cases", headers={"Authorization": f"Bearer {secret}"}).status_code == 401


def test_cli_creates_users_and_tokens(app, make_org):
    make_org("Magister")
    runner = app.test_cli_runner()
    result = runner.invoke(
        args=[
            "user",
            "create",
            "dev@magister.nl",
            "--role",
            "participant",
            "--organisation",
            "Magister",
            "--password",
            "een lang wachtwoord",
        ]
    )
    assert result.exit_code == 0, result.output
    user = db.session.scalar(select(User).where(User.email == "dev@magister.nl"))
    assert user.organisation.name == "Magister" and user.check_password("een lang wachtwoord")

    result = runner.invoke(args=["token", "create", "dev@magister.nl"])
    secret = result.output.strip()
    assert result.exit_code == 0 and secret.startswith("mp_")

    refused = runner.invoke(args=["user", "create", "x@y.nl", "--role", "participant", "--organisation", "Onbekend"])
    assert refused.exit_code != 0 and "No organisation" in refused.output
    duplicate = runner.invoke(args=["user", "create", "dev@magister.nl", "--role", "supervisor"])
    assert duplicate.exit_code != 0 and "already exists" in duplicate.output
