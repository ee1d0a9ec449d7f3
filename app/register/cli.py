"""`flask demo load`: the demo register and one demo account per role (local demo only)."""
import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy import select

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


@demo_cli.command("load")
def load_command():
    """Load the demo register and demo accounts once (refused outside the demo setup)."""
    if not current_app.config["DEMO_MODE"]:
        raise click.ClickException("Demo data is only for the local demo setup (MELDPUNT_ENV=development).")
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
    """Print the demo accounts."""
    click.echo(f"Demo accounts (password for all: {DEMO_PASSWORD}):")
    for email, _name, role, org in DEMO_ACCOUNTS:
        click.echo(f"  {role:<12} {email}" + (f"  ({org})" if org else ""))


def _ensure_accounts() -> int:
    created = 0
    for email, name, role, org_name in DEMO_ACCOUNTS:
        if db.session.scalar(select(User.id).where(User.email == email)):
            continue
        org = db.session.scalar(select(Organisation).where(Organisation.name == org_name)) if org_name else None
        user = auth.create_user(email, name, role, password=DEMO_PASSWORD, organisation=org)
        # Each demo organisation's user is its administrator, so invitations can be tried out.
        user.is_org_admin = org is not None
        created += 1
    return created
