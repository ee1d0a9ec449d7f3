"""Logging in as a person would: the test users' password, the second factor's code, enrolling in it."""

from sqlalchemy import select

from app import clock
from app.auth.models import User
from app.extensions import db
from tests.helpers.pages import csrf_token, english

PASSWORD = "correct horse battery staple"


def totp_code(email: str) -> str:
    """The code the user's authenticator app shows now, as a phone would compute it from the stored
    secret; a time-step the user already used is skipped for the next one (still accepted, as drift)."""
    import pyotp

    from app.auth import second_factor

    db.session.expire_all()  # the app wrote the last used step in its own request
    user = db.session.scalar(select(User).where(User.email == email.strip().lower()))
    assert user is not None and user.totp_secret, f"{email} has no second factor to compute a code for"
    step = int(clock.now().timestamp()) // second_factor.STEP_SECONDS
    if user.totp_last_step is not None and user.totp_last_step >= step:
        step = user.totp_last_step + 1
    assert step <= int(clock.now().timestamp()) // second_factor.STEP_SECONDS + second_factor.DRIFT_STEPS, (
        f"{email} logged in too often within one time-step; move the clock on (clock.freeze) first"
    )
    return pyotp.TOTP(user.totp_secret).generate_otp(step)


def login(client, email: str, password: str = PASSWORD):
    """Logs in as a person would: the password, then (coordinators, administrators and whoever set one
    up) the code of the second factor. Returns the last response."""
    token = csrf_token(client, "/inloggen")
    response = client.post("/inloggen", data={"csrf_token": token, "email": email, "password": password})
    if response.status_code == 302 and response.headers["Location"].endswith("/inloggen/code"):
        token = csrf_token(client, "/inloggen/code")
        response = client.post("/inloggen/code", data={"csrf_token": token, "code": totp_code(email)})
    return response


def login_en(client, email: str):
    """Logs in and reads the pages in English from then on."""
    response = login(client, email)
    english(client)
    return response


def enrol_second_factor(user: User) -> list[str]:
    """Sets up the user's second factor through the service a user's enrolment page calls; committed.
    Returns the recovery codes."""
    import pyotp

    from app.auth import second_factor

    secret = second_factor.begin_enrolment(user)
    codes = second_factor.confirm_enrolment(user, pyotp.TOTP(secret).at(clock.now()), actor=user)
    db.session.commit()
    return codes
