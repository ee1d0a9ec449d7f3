"""The demo accounts: one per role with a known password, and a second factor for coordinators and the administrator."""

import pyotp
from sqlalchemy import select

from app import clock
from app.auth import second_factor
from app.auth import services as auth
from app.auth.models import User
from app.extensions import db
from app.register.models import Organisation

# Known passwords are fine here only because the demo commands refuse outside the demo setup.
DEMO_ACCOUNTS = (
    ("admin@demo.edu-v.nl", "Demo Beheerder", "admin", None),
    ("coordinator@demo.edu-v.nl", "Demo Coördinator", "coordinator", None),
    ("coordinator2@demo.edu-v.nl", "Demo Coördinator Twee", "coordinator", None),
    ("behandelaar@demo.edu-v.nl", "Demo Behandelaar", "supervisor", None),
    ("behandelaar2@demo.edu-v.nl", "Demo Behandelaar Twee", "supervisor", None),
    ("leverancier@demo.edu-v.nl", "Demo Leverancier (Magister)", "participant", "Magister"),
    ("leverancier2@demo.edu-v.nl", "Demo Leverancier (Vodix)", "participant", "Vodix"),
    ("school@demo.edu-v.nl", "Demo Schoolbestuur", "participant", "Stichting Demo Primair Onderwijs Rijnland"),
)
DEMO_PASSWORD = "demo-wachtwoord-2026"


def current_code(user: User) -> str:
    """The second factor's code of this moment, as the user's authenticator app shows it."""
    step = int(clock.now().timestamp()) // second_factor.STEP_SECONDS
    return pyotp.TOTP(user.totp_secret).generate_otp(step)


def ensure() -> int:
    """Adds the demo accounts that are missing; returns how many it created."""
    created = 0
    for email, name, role, org_name in DEMO_ACCOUNTS:
        existing = db.session.scalar(select(User).where(User.email == email))
        if existing is not None:
            _enrol(existing)  # demo databases made before the second factor existed
            continue
        org = db.session.scalar(select(Organisation).where(Organisation.name == org_name)) if org_name else None
        user = auth.create_user(email, name, role, password=DEMO_PASSWORD, organisation=org)
        # Each demo organisation's user is its administrator, so invitations can be tried out.
        user.is_org_admin = org is not None
        _enrol(user)
        created += 1
    return created


def _enrol(user: User) -> None:
    """Coordinators and the administrator need a second factor: the demo sets one up for them, with a
    random key that `flask demo accounts` prints and `flask demo code` turns into the current code."""
    if user.needs_second_factor and not user.has_second_factor:
        second_factor.begin_enrolment(user)
        second_factor.confirm_enrolment(user, current_code(user), actor=user)
        user.totp_last_step = None  # the demo's own set-up code does not use up the first login's code
