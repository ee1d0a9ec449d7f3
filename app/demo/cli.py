"""`flask demo load`: the demo register, one demo account per role and a decided history (local demo only);
`flask demo accounts` lists the accounts; `flask demo code` prints a demo account's current second-factor code."""

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy import select

from app.auth import services as auth
from app.auth.models import User
from app.demo import accounts, history, register, rfcs
from app.extensions import db

demo_cli = AppGroup("demo", help="The local demo register and accounts.")


def _demo_only() -> None:
    if not current_app.config["DEMO_MODE"]:
        raise click.ClickException("Demo data is only for the local demo setup (MELDPUNT_ENV=development).")


@demo_cli.command("load")
def load_command():
    """Load the demo register and demo accounts once (refused outside the demo setup)."""
    _demo_only()
    result = register.load()
    created = accounts.ensure()
    db.session.flush()
    decided = history.load()
    submitted = rfcs.load()
    db.session.commit()
    if result.skipped:
        click.echo("Demo register already present: nothing changed.")
    else:
        click.echo(
            f"Demo register: {result.participants} participants, {result.school_boards} school boards, "
            f"{result.keurmerken} keurmerken (invented demo data)."
        )
    if created:
        click.echo(f"Created {created} demo accounts.")
    if decided:
        click.echo(f"Decided {decided} demo complaints with measures, so the Keurmerkregister shows other statuses.")
    if submitted:
        click.echo(f"Submitted {submitted} demo RFCs, so the RFC register, the CAB agenda and a release show them.")


@demo_cli.command("accounts")
def accounts_command():
    """Print the demo accounts (with the second factor's key of the coordinators and administrator)."""
    _demo_only()
    click.echo(f"Demo accounts (password for all: {accounts.DEMO_PASSWORD}):")
    keys = dict(db.session.execute(select(User.email, User.totp_secret)).all())
    for email, _name, role, org in accounts.DEMO_ACCOUNTS:
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
    click.echo(accounts.current_code(user))
