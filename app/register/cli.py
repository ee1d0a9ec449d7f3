"""`flask demo load`: the demo register and one demo account per role (local demo only); `flask demo code`
prints the second factor's current code of a demo coordinator or administrator."""
import click
import pyotp
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy import select

from app import clock
from app.auth import second_factor
from app.auth import services as auth
from app.auth.models import User
from app.extensions import db
from app.register import demo, demo_history
from app.register.models import Organisation

demo_cli = AppGroup("demo", help="The local demo register and accounts.")

# Known passwords are fine here only because the command refuses outside the demo setup.
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


def _demo_only() -> None:
    if not current_app.config["DEMO_MODE"]:
        raise click.ClickException("Demo data is only for the local demo setup (MELDPUNT_ENV=development).")


@demo_cli.command("load")
def load_command():
    """Load the demo register and demo accounts once (refused outside the demo setup)."""
    _demo_only()
    result = demo.load()
    created = _ensure_accounts()
    db.session.flush()
    decided = demo_history.load()
    db.session.commit()
    if result.skipped:
        click.echo("Demo register already present: nothing changed.")
    else:
        click.echo(f"Demo register: {result.participants} participants, {result.school_boards} school boards, "
                   f"{result.keurmerken} keurmerken (invented demo data).")
    if created:
        click.echo(f"Created {created} demo accounts.")
    if decided:
        click.echo(f"Decided {decided} demo complaints with measures, so the Keurmerkregister shows other statuses.")


@demo_cli.command("accounts")
def accounts_command():
    """Print the demo accounts (with the second factor's key of the coordinators and administrator)."""
    _demo_only()
    click.echo(f"Demo accounts (password for all: {DEMO_PASSWORD}):")
    keys = dict(db.session.execute(select(User.email, User.totp_secret)).all())
    for email, _name, role, org in DEMO_ACCOUNTS:
        line = f"  {role:<12} {email}" + (f"  ({org})" if org else "")
        if keys.get(email):
            line += f"  second factor key: {keys[email]}"
        click.echo(line)
    click.echo("Coordinators and the administrator also type a 6-digit code after the password: add the key to an")
    click.echo("authenticator app, or print the current code with:")
    click.echo("  MELDPUNT_ENV=development .venv/bin/flask --app wsgi demo code EMAIL")


@demo_cli.command("code")
@click.argument("email")
def code_command(email):
    """Print the current second-factor code of a demo account (demo setup only)."""
    _demo_only()
    user = db.session.scalar(select(User).where(User.email == auth.normalise_email(email)))
    if user is None or not user.has_second_factor:
        raise click.ClickException(f"{email} is no demo account with a second factor.")
    step = int(clock.now().timestamp()) // second_factor.STEP_SECONDS
    click.echo(pyotp.TOTP(user.totp_secret).generate_otp(step))


def _ensure_accounts() -> int:
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
        secret = second_factor.begin_enrolment(user)
        step = int(clock.now().timestamp()) // second_factor.STEP_SECONDS
        second_factor.confirm_enrolment(user, pyotp.TOTP(secret).generate_otp(step), actor=user)
        user.totp_last_step = None  # the demo's own set-up code does not use up the first login's code
