"""Real scheduler processes on the test database: starting them, waiting on them, reading their role and the lease."""

import os
import subprocess
import sys
import time
from pathlib import Path

from app.scheduler import lease
from app.scheduler.runner import LEASE_NAME

ROOT = Path(__file__).resolve().parents[2]
TTL = 3  # seconds: short, so a handover takes seconds, not minutes


def spawn(app, tmp_path, name, args, **env):
    """`flask --app wsgi *args` on the test database with a short lease; its output in tmp_path/<name>.log."""
    env = {
        **os.environ,
        "MELDPUNT_ENV": "production",
        "SECRET_KEY": "scheduler-test",
        "MELDPUNT_DATA_KEYS": app.config["DATA_KEYS"],  # the test's data key: they read the same rows
        "DATABASE_URL": str(app.config["SQLALCHEMY_DATABASE_URI"]),
        "INSTANCE_DIR": str(tmp_path),
        "SCHEDULER_LEASE_SECONDS": str(TTL),
        "SWEEP_INTERVAL_SECONDS": "1",
        "OUTBOX_INTERVAL_SECONDS": "1",
        "PYTHONUNBUFFERED": "1",
        **env,
    }
    log_path = tmp_path / f"{name}.log"
    with open(log_path, "w") as log_file:
        proc = subprocess.Popen(
            [sys.executable, "-m", "flask", "--app", "wsgi", *args],
            cwd=ROOT,
            env=env,
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
    proc.log = log_path.read_text  # stdout and stderr together, polled by the test
    return proc


def wait_for(predicate, timeout, procs=()):
    """The predicate's first true value, or None once the timeout has passed."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if value := predicate():
            return value
        for proc in procs:
            assert proc.poll() is None, f"process exited early:\n{proc.log()}"
        time.sleep(0.05)


def lease_holder_pid():
    """The pid of the process holding the scheduler lease."""
    return int(lease.current(LEASE_NAME).holder.split(":")[-2])  # host:pid:token


def kill_all(procs):
    """SIGKILL to every process, each waited for."""
    for proc in procs:
        proc.kill()  # a no-op for a process already reaped
        proc.wait(10)


def role_of(proc):
    """active or standby, as the process logged it; None before it said."""
    return next((r for r in ("active", "standby") if f"scheduler: {r}" in proc.log()), None)
