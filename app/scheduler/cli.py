"""Commands: `flask scheduler run|status` and `flask serve` (development server plus embedded scheduler)."""

import logging
import signal
import sys
import threading

import click
from flask import current_app
from flask.cli import AppGroup, ScriptInfo, pass_script_info

from app.scheduler import lease
from app.scheduler.runner import LEASE_NAME, SchedulerService, start_embedded

scheduler_cli = AppGroup("scheduler", help="The one scheduler process (guarded by a lease).")


def _configure_logging(level: str) -> None:
    # Our own handler on stderr: a bare process has no logging setup, and the role changes
    # (`scheduler: active` / `scheduler: standby`) are what an operator looks for.
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
    # APScheduler logs every run at INFO; only its warnings (missed or overlapping runs) matter.
    quiet = "DEBUG" if level.upper() == "DEBUG" else "WARNING"
    for name, name_level in (("app.scheduler", level.upper()), ("apscheduler", quiet)):
        logger = logging.getLogger(name)
        logger.setLevel(name_level)
        if not logger.handlers:
            logger.addHandler(handler)
            logger.propagate = False


@scheduler_cli.command("run")
@click.option(
    "--log-level",
    default="info",
    show_default=True,
    type=click.Choice(["debug", "info", "warning"], case_sensitive=False),
)
def run_command(log_level: str) -> None:
    """Run the scheduler in the foreground (production: its own process, any number of standbys)."""
    _configure_logging(log_level)
    stop = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stop.set())
    service = SchedulerService(current_app._get_current_object())
    service.start()
    try:
        # A timed wait keeps the main thread responsive to signals on every platform.
        while not stop.wait(0.25):
            pass
    finally:
        service.stop()


@scheduler_cli.command("status")
def status_command() -> None:
    """Print who holds the scheduler lease; exit status 1 when no live scheduler holds it."""
    info = lease.current(LEASE_NAME)
    if info is None:
        click.echo("no scheduler holds the lease")
        sys.exit(1)
    left = (info.expires_at - lease.wall_now()).total_seconds()
    click.echo(f"holder:   {info.holder}")
    click.echo(f"acquired: {info.acquired_at.isoformat()}")
    state = f"in {left:.0f}s" if left >= 0 else f"EXPIRED {-left:.0f}s ago"
    click.echo(f"expires:  {info.expires_at.isoformat()} ({state})")
    if left < 0:
        sys.exit(1)


def _interrupt(*_):
    raise KeyboardInterrupt


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@pass_script_info
def serve_command(info: ScriptInfo, host: str, port: int) -> None:
    """Run the development server with the embedded scheduler (`make run`)."""
    from werkzeug.serving import run_simple

    app = info.load_app()
    _configure_logging("info")
    service = None
    if app.config["SCHEDULER_ENABLED"]:
        service = start_embedded(app, use_reloader=False)
    where = f"http://{host}:{port}/"
    role = "embedded" if service else "off (SCHEDULER_ENABLED=0)"
    click.echo(f" * Edu-V Meldpunt on {where}  scheduler: {role}  (Ctrl+C stops)")
    # SIGTERM stops like Ctrl+C, so the lease is released rather than left to expire; SIGINT is
    # set too because a shell starting us in the background would otherwise leave it ignored.
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, _interrupt)
    try:
        # Not app.run(): Flask ignores it inside a `flask` command. No reloader: it would fork a
        # second process, and the scheduler belongs in exactly one.
        run_simple(host, port, app, use_reloader=False, threaded=True)
    finally:
        if service is not None:
            service.stop()
