"""`flask sla recount`: counts every clock into the SLA dashboard's tallies afresh."""

import click
from flask.cli import AppGroup

from app.db_setup import writing
from app.extensions import db
from app.sla import tallies

sla_cli = AppGroup("sla", help="The SLA clocks and the dashboard's counts.")


@sla_cli.command("recount")
def recount_command():
    """Count every clock afresh into the dashboard's tallies (after rows were loaded around the desk)."""
    with writing():
        cells = tallies.recount(db.session)
        db.session.commit()
    click.echo(f"Counted every clock again: {cells} cells in the SLA tallies.")
