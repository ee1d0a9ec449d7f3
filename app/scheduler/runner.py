"""SchedulerService: fixed interval jobs in APScheduler, run only while this process holds the lease."""

import atexit
import logging
import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.interval import IntervalTrigger
from flask import Flask

from app.db_setup import writing
from app.extensions import db
from app.scheduler import lease

log = logging.getLogger(__name__)
LEASE_NAME = "scheduler"


@dataclass(frozen=True)
class Job:
    name: str
    func: Callable[[], object]
    seconds_config_key: str


JOBS: list[Job] = []


def register_job(name: str, func: Callable[[], object], seconds_config_key: str) -> None:
    """Adds a fixed interval job; its interval is read from the config key at start."""
    # Re-registering a name replaces it, so a re-imported module does not double its job.
    JOBS[:] = [job for job in JOBS if job.name != name]
    JOBS.append(Job(name, func, seconds_config_key))


class SchedulerService:
    """Owns one BackgroundScheduler; its heartbeat keeps the lease, its jobs run only while held."""

    def __init__(self, app: Flask):
        from app.scheduler import jobs  # noqa: F401  (registers the built-in jobs)

        self.app = app
        self.ttl = float(app.config["SCHEDULER_LEASE_SECONDS"])
        self.holder = lease.new_holder()
        self._lock = threading.Lock()
        self._state: str | None = None  # "active" or "standby", to log changes only
        self._valid_until = 0.0  # time.monotonic() after which our lease may have lapsed
        self._stopped = False
        self.scheduler = BackgroundScheduler(
            timezone="UTC",
            # One run at a time, missed runs folded into one and never dropped for being late.
            job_defaults={"max_instances": 1, "coalesce": True, "misfire_grace_time": None},
        )

    @property
    def active(self) -> bool:
        with self._lock:
            return self._state == "active" and time.monotonic() < self._valid_until

    def start(self) -> None:
        # A third of the lease: two heartbeats may fail before a standby can take over.
        beat = max(self.ttl / 3, 0.5)
        self.scheduler.add_job(self.heartbeat, IntervalTrigger(seconds=beat), id="lease-heartbeat")
        for job in JOBS:
            seconds = self.app.config[job.seconds_config_key]
            if not seconds or seconds <= 0:  # an interval of 0 switches a job off
                log.info("scheduler: job %s off (%s=%s)", job.name, job.seconds_config_key, seconds)
                continue
            trigger = IntervalTrigger(seconds=seconds)
            self.scheduler.add_job(self.run_job, trigger, args=[job], id=job.name, name=job.name)
        self.heartbeat()  # take the lease (or report standby) before the first job is due
        self.scheduler.start()

    def heartbeat(self) -> None:
        """Renews the lease, or tries to take it over; logs only when the role changes."""
        started = time.monotonic()
        try:
            with self.app.app_context():
                held = lease.try_acquire(LEASE_NAME, self.holder, self.ttl)
                other = None if held else lease.current(LEASE_NAME)
        except Exception:
            # Jobs stop by themselves once _valid_until passes; the next heartbeat retries.
            log.exception("scheduler: lease heartbeat failed")
            return
        with self._lock:
            previous = self._state
            self._state = "active" if held else "standby"
            if held:
                # Measured from before the write, so we stop before the row's expiry does.
                self._valid_until = started + self.ttl
        if held and previous != "active":
            log.info("scheduler: active as %s (lease %ss)", self.holder, self.ttl)
        elif not held and previous != "standby":
            who = f"{other.holder} until {other.expires_at:%H:%M:%S}Z" if other else "nobody"
            log.info("scheduler: standby as %s, lease held by %s", self.holder, who)

    def run_job(self, job: Job) -> None:
        """Runs one job in its own app context and transaction; errors are logged, never raised."""
        if not self.active:
            return
        with self.app.app_context():
            try:
                # The in-memory view may be stale (a paused process); the row is the truth.
                if not lease.holds(LEASE_NAME, self.holder):
                    with self._lock:
                        self._state = None  # the next heartbeat logs the new role
                    log.warning("scheduler: lost the lease, skipping %s", job.name)
                    return
                log.debug("scheduler: running %s", job.name)
                started = time.monotonic()
                with writing():
                    result = job.func()
                    db.session.commit()
                log.debug(
                    "scheduler: %s done in %.2fs %s",
                    job.name,
                    time.monotonic() - started,
                    "" if result is None else result,
                )
            except Exception:
                db.session.rollback()
                log.exception("scheduler: job %s failed", job.name)
            finally:
                db.session.remove()

    def stop(self) -> None:
        """Waits for running jobs, then releases the lease so a standby takes over at once."""
        if self._stopped:
            return
        self._stopped = True
        if self.scheduler.running:
            self.scheduler.shutdown(wait=True)
        try:
            with self.app.app_context():
                if lease.release(LEASE_NAME, self.holder):
                    log.info("scheduler: stopped, lease released")
        except Exception:
            log.exception("scheduler: could not release the lease (it expires by itself)")
        with self._lock:
            self._state = None


_embedded: SchedulerService | None = None
_embedded_pid: int | None = None
_embedded_lock = threading.Lock()


def start_embedded(app: Flask, use_reloader: bool = False) -> SchedulerService | None:
    """Starts the scheduler inside this (development server) process, once per process."""
    global _embedded, _embedded_pid
    # With the Werkzeug reloader the parent only watches files; the serving child has this set.
    if use_reloader and os.environ.get("WERKZEUG_RUN_MAIN") != "true":
        return None
    with _embedded_lock:
        # The pid check keeps a forked child from believing its parent's scheduler is its own.
        if _embedded is not None and _embedded_pid == os.getpid():
            return _embedded
        service = SchedulerService(app)
        service.start()
        # Ctrl+C and SIGTERM reach `flask serve`'s own cleanup; this covers any other clean exit.
        atexit.register(service.stop)
        _embedded, _embedded_pid = service, os.getpid()
        return service
