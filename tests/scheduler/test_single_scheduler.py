"""Exactly one scheduler: the service in-process, then real competing `flask` processes."""

import logging
import signal
import socket
import sys
import time
import types
import urllib.error
import urllib.request
from datetime import UTC, datetime, timedelta

import pytest

from app import clock
from app.extensions import db
from app.scheduler import jobs, lease, runner
from app.scheduler.models import SchedulerLease
from app.scheduler.runner import LEASE_NAME, SchedulerService
from tests.scheduler.processes import TTL, kill_all, lease_holder_pid, role_of, spawn, wait_for


def test_job_registry_and_builtin_jobs(app, monkeypatch):
    keys = {job.name: job.seconds_config_key for job in runner.JOBS}
    assert keys == {
        "sla-sweep": "SWEEP_INTERVAL_SECONDS",
        "outbox-delivery": "OUTBOX_INTERVAL_SECONDS",
        "webhook-delivery": "WEBHOOK_INTERVAL_SECONDS",
        "measure-ends": "MEASURE_END_INTERVAL_SECONDS",
        "idempotency-purge": "IDEMPOTENCY_PURGE_INTERVAL_SECONDS",
        "retention": "RETENTION_INTERVAL_SECONDS",
    }
    calls = []
    monkeypatch.setitem(
        sys.modules, "app.sla.sweep", types.SimpleNamespace(sweep_until_done=lambda now, *_: calls.append(now))
    )
    monkeypatch.setitem(sys.modules, "app.notify.delivery", types.SimpleNamespace(deliver_due=calls.append))
    clock.freeze(datetime(2026, 5, 4, 9, 30, tzinfo=UTC))
    jobs.sweep_deadlines()
    jobs.deliver_outbox()
    assert calls == [clock.now(), clock.now()]
    monkeypatch.setattr(runner, "JOBS", [])
    runner.register_job("x", print, "A")
    runner.register_job("x", repr, "B")  # a re-imported module replaces, never doubles, its job
    assert runner.JOBS == [runner.Job("x", repr, "B")]


def test_one_service_is_active_and_a_second_stands_by_until_release(app, caplog):
    caplog.set_level(logging.INFO, logger="app.scheduler")
    first, second = SchedulerService(app), SchedulerService(app)
    first.heartbeat()
    second.heartbeat()
    assert first.active and not second.active
    assert lease.current(LEASE_NAME).holder == first.holder
    first.stop()  # releases the lease, so the standby need not wait for it to expire
    second.heartbeat()
    assert second.active
    roles = [r.getMessage().split(" as ")[0] for r in caplog.records if " as " in r.getMessage()]
    assert roles == ["scheduler: active", "scheduler: standby", "scheduler: active"]


def _probe_job(name="probe", fail=False):
    def func():
        now = clock.now()
        db.session.add(SchedulerLease(name=name, holder="job", acquired_at=now, expires_at=now))
        if fail:
            raise RuntimeError("boom")

    return runner.Job(name, func, "SWEEP_INTERVAL_SECONDS")


def test_jobs_run_only_while_the_lease_is_held_commit_and_survive_errors(app, monkeypatch, caplog):
    service = SchedulerService(app)
    service.run_job(_probe_job("early"))
    assert lease.current("early") is None  # not holding yet: skipped
    service.heartbeat()
    service.run_job(_probe_job("broken", fail=True))
    assert lease.current("broken") is None  # rolled back
    assert "scheduler: job broken failed" in caplog.text
    monkeypatch.setitem(sys.modules, "app.notify.delivery", None)  # its import now fails
    service.run_job(runner.Job("outbox-delivery", jobs.deliver_outbox, "OUTBOX_INTERVAL_SECONDS"))
    assert "scheduler: job outbox-delivery failed" in caplog.text
    service.run_job(_probe_job())
    assert lease.current("probe").holder == "job"  # committed, seen by another connection
    # Another process saw the lease expired (we were paused too long) and took it over.
    later = lease.wall_now() + timedelta(seconds=service.ttl + 1)
    assert lease.try_acquire(LEASE_NAME, "other", service.ttl, now=later)
    service.run_job(_probe_job("late"))
    assert lease.current("late") is None
    assert "scheduler: lost the lease" in caplog.text
    assert not service.active


def test_start_embedded_starts_once_per_process_and_not_in_a_reloader_parent(app, monkeypatch):
    monkeypatch.setattr(runner, "_embedded", None)
    monkeypatch.setattr(runner.atexit, "register", lambda func: None)
    monkeypatch.delenv("WERKZEUG_RUN_MAIN", raising=False)
    assert runner.start_embedded(app, use_reloader=True) is None
    service = runner.start_embedded(app)
    try:
        assert runner.start_embedded(app) is service
        assert service.scheduler.running and service.active
        assert {job.id for job in service.scheduler.get_jobs()} >= {"lease-heartbeat", "sla-sweep"}
    finally:
        service.stop()
    assert lease.current(LEASE_NAME) is None


@pytest.mark.slow
def test_two_scheduler_processes_one_runs_and_the_other_takes_over_when_it_dies(app, tmp_path):
    args = ["scheduler", "run", "--log-level", "debug"]
    procs = [spawn(app, tmp_path, name, args) for name in ("a", "b")]
    try:
        assert wait_for(lambda: None not in map(role_of, procs), 20, procs), [p.log() for p in procs]
        active, standby = sorted(procs, key=role_of)
        assert [role_of(active), role_of(standby)] == ["active", "standby"], [p.log() for p in procs]
        assert lease_holder_pid() == active.pid

        # The active one runs the jobs; the standby runs none and stays standby.
        assert wait_for(lambda: "scheduler: running" in active.log(), 5, procs)
        time.sleep(1.5)
        assert "scheduler: running" not in standby.log() and role_of(standby) == "standby"

        active.kill()  # SIGKILL: no chance to release the lease, the standby must wait it out
        active.wait(5)
        took_over = wait_for(lambda: role_of(standby) == "active", 2 * TTL, [standby])
        assert took_over, f"no handover within {2 * TTL}s:\n{standby.log()}"
        assert lease_holder_pid() == standby.pid
        assert wait_for(lambda: "scheduler: running" in standby.log(), 3)

        # SIGTERM stops cleanly and hands the lease back at once.
        standby.send_signal(signal.SIGTERM)
        assert standby.wait(10) == 0, standby.log()
        assert lease.current(LEASE_NAME) is None
        assert "lease released" in standby.log()
    finally:
        kill_all(procs)


def _answers(url):
    try:
        return bool(urllib.request.urlopen(url, timeout=2))
    except urllib.error.HTTPError:
        return True  # any HTTP answer means the server runs; the pages are tested elsewhere
    except OSError:
        return False


@pytest.mark.slow
def test_serve_runs_the_web_server_with_the_embedded_scheduler(app, tmp_path):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    args = ["serve", "--host", "127.0.0.1", "--port", str(port)]
    proc = spawn(app, tmp_path, "serve", args, MELDPUNT_ENV="development", SCHEDULER_ENABLED="1")
    try:
        assert wait_for(lambda: _answers(f"http://127.0.0.1:{port}/"), 20, [proc])
        assert "scheduler: embedded" in proc.log()  # the banner
        assert wait_for(lambda: "scheduler: active" in proc.log(), 5)
        assert lease_holder_pid() == proc.pid
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(10) == 0, proc.log()
        assert lease.current(LEASE_NAME) is None
    finally:
        kill_all([proc])
