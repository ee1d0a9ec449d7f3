"""`flask user create`, `flask user reset-second-factor`, `flask user deactivate` and `flask token create`."""

import secrets

import click
from flask.cli import AppGroup
from sqlalchemy import select

from app.auth import second_factor, services
from app.auth.models import Role, User
from app.errors_domain import DomainError
from app.extensions import db

user_cli = AppGroup("user", help="Manage users.")
token_cli = AppGroup("token", help="Manage API tokens.")


@user_cli.command("create")
@click.argument("email")
@click.option("--role", type=click.Choice([r.value for r in Role]), required=True)
@click.option("--organisation", "organisation", default=None, help="Organisation id or exact name.")
@click.option("--password", default=None, help="Omit to generate one, printed once.")
@click.option("--name", default=None, help="Display name (defaults to the e-mail address).")
def create_user(email, role, organisation, password, name):
    """Create a user with a role (and an organisation for participants)."""
    generated = password is None
    password = password or secrets.token_urlsafe(12)
    try:
        org = services.find_organisation(organisation) if organisation else None
        user = services.create_user(email, name or email, role, password=password, organisation=org)
    except DomainError as error:
        raise click.ClickException(error.message) from error
    db.session.commit()
    click.echo(f"Created {user.role} {user.email} (id {user.id}).")
    if generated:
        click.echo(f"Password: {password}")


def _user(email: str) -> User:
    user = db.session.scalar(select(User).where(User.email == services.normalise_email(email)))
    if user is None:
        raise click.ClickException(f"No user with e-mail {email}.")
    return user


@user_cli.command("reset-second-factor")
@click.argument("email")
def reset_second_factor(email):
    """Remove a user's lost second factor (logged on the account); a new one is set up at the next login."""
    user = _user(email)
    second_factor.reset(user, actor=None, detail="flask user reset-second-factor")
    db.session.commit()
    click.echo(f"Second factor of {user.email} reset; their sessions are ended.")


@user_cli.command("deactivate")
@click.argument("email")
def deactivate(email):
    """End a user's access: no login, API tokens revoked, every session ended."""
    user = _user(email)
    ended = services.deactivate(user, actor=None)
    db.session.commit()
    click.echo(f"Deactivated {user.email}; {ended} sessions ended.")


@token_cli.command("create")
@click.argument("email")
@click.option("--name", default="cli", help="A name to recognise the token by.")
def create_token(email, name):
    """Print a new API token for a user (shown once)."""
    user = _user(email)
    _token, secret = services.create_token(user, name)
    db.session.commit()
    click.echo(secret)
