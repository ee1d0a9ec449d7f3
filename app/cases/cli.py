"""`flask timeline verify`: checks every case's hash chain."""

import click
from flask.cli import AppGroup

from app.cases import timeline

timeline_cli = AppGroup("timeline", help="The append-only case timeline.")


@timeline_cli.command("verify")
def verify_command():
    """Verify the hash chain of every case; exits 1 when anything was tampered with."""
    problems = timeline.verify_all()
    if not problems:
        click.echo("Every timeline is intact.")
        return
    for reference, items in problems.items():
        for item in items:
            click.echo(f"{reference}: {item}", err=True)
    raise SystemExit(1)
