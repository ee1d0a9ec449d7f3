"""Command-line commands: users, tokens, demo register, scheduler, timeline check, data keys, SLA tallies."""

from flask import Flask


def register_cli(app: Flask) -> None:
    from app.auth.cli import token_cli, user_cli
    from app.cases.cli import timeline_cli
    from app.demo.cli import demo_cli
    from app.key_rotation import keys_cli
    from app.sla.cli import sla_cli

    app.cli.add_command(user_cli)
    app.cli.add_command(token_cli)
    app.cli.add_command(demo_cli)
    app.cli.add_command(timeline_cli)
    app.cli.add_command(keys_cli)
    app.cli.add_command(sla_cli)

    from app.scheduler.cli import scheduler_cli, serve_command

    app.cli.add_command(scheduler_cli)
    app.cli.add_command(serve_command)
