"""A sweep across a scheduler handover: real processes, the active one killed mid-sweep; no mail lost or doubled."""

import re
import time
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from app import clock
from app.auth.models import User
from app.cases.models import Case, TimelineEvent
from app.extensions import db
from app.notify.models import OutboxMessage
from app.sla import services
from app.sla.clocks import BUSINESS_DAY, Basis, ClockSpec
from app.sla.models import Deadline
from tests.helpers.login import PASSWORD
from tests.scheduler.processes import TTL, kill_all, lease_holder_pid, role_of, spawn, wait_for

DUE = 240  # overdue clocks, one per case: each owes one line in a breach mail and one timeline event
BATCH = 4  # clocks per sweep transaction, each with its own breach mail: a kill lands between many commits
ARGS = ["scheduler", "run", "--log-level", "debug"]
ENV = {"SWEEP_BATCH_SIZE": str(BATCH), "OUTBOX_INTERVAL_SECONDS": "0"}  # delivery off: only the sweep writes


def _seed() -> int:
    coordinator = User(email="coordinator@edu-v.nl", name="Coördinator", role="coordinator")
    coordinator.set_password(PASSWORD)
    db.session.add(coordinator)
    started = clock.now() - timedelta(days=30)
    cases = [
        Case(
            reference=f"INC-2026-{n:05d}",
            type="incident",
            status="in_progress",
            severity="incident",
            category="outage",
            title=f"Storing {n}",
            description="Niemand kan inloggen.",
            reporter_name="Anna de Vries",
            reporter_email="anna@example-school.nl",
            follow_up_code_hash="-",
            created_at=started,
            updated_at=started,
        )
        for n in range(1, DUE + 1)
    ]
    db.session.add_all(cases)
    db.session.flush()
    calendar = services.current_calendar()
    spec = ClockSpec("resolution", Basis.BUSINESS, BUSINESS_DAY)
    for case in cases:
        services.start("case", case.id, spec, started, calendar)
    db.session.commit()
    coordinator_id = coordinator.id
    db.session.remove()  # no snapshot kept open: the checks below read what the processes committed
    return coordinator_id


def _read(query):
    # A fresh connection each time: an open read transaction would keep seeing an old snapshot.
    with db.engine.connect() as conn:
        return conn.execute(query).all()


def _count(model, *where) -> int:
    return _read(select(func.count()).select_from(model).where(*where))[0][0]


def _mails() -> int:
    return _count(OutboxMessage)


@pytest.mark.slow
def test_a_sweep_killed_midway_is_finished_by_the_standby_without_losing_or_repeating_a_mail(app, tmp_path):
    coordinator_id = _seed()
    procs = [spawn(app, tmp_path, name, ARGS, **ENV) for name in ("a", "b")]
    try:
        assert wait_for(lambda: None not in map(role_of, procs), 20, procs), [p.log() for p in procs]
        active, standby = sorted(procs, key=role_of)
        assert [role_of(active), role_of(standby)] == ["active", "standby"]

        # The first batches are committed: kill the active process in the middle of its sweep.
        assert wait_for(_mails, 15, procs), active.log()
        active.kill()
        active.wait(5)
        killed = time.monotonic()
        done_before_kill = _mails()
        assert 0 < done_before_kill < DUE, f"the kill did not land mid-sweep ({done_before_kill} of {DUE})"
        assert "scheduler: running" not in standby.log()  # only the active one ever swept

        # Restarting the killed one: it waits too, and one of the two takes the lease when it expires.
        procs.append(spawn(app, tmp_path, "restarted", ARGS, **ENV))
        living = [standby, procs[-1]]
        assert wait_for(lambda: "active" in map(role_of, living), 2 * TTL + 5, living), [p.log() for p in living]
        assert time.monotonic() - killed < 2 * TTL + 5
        assert wait_for(lambda: not _count(Deadline, Deadline.breached_at.is_(None)), 30, living), (
            f"{_mails()} of {DUE // BATCH} mails"
        )
        time.sleep(1.5)  # another sweep or two: nothing more to send

        # Every case is listed in exactly one breach mail to the coordinator.
        mails = _read(select(OutboxMessage.key, OutboxMessage.recipient, OutboxMessage.body_text))
        assert len(mails) == DUE // BATCH
        assert {(key.rsplit(":", 1)[0], recipient) for key, recipient, _ in mails} == {
            (f"sla:breach:{coordinator_id}", "coordinator@edu-v.nl")
        }
        listed = [ref for *_, body in mails for ref in re.findall(r"^- (\S+) \(", body, re.M)]
        assert sorted(listed) == [f"INC-2026-{n:05d}" for n in range(1, DUE + 1)]
        # The timeline has no unique key to hide a repeat: one breach event per case proves none.
        assert _count(TimelineEvent, TimelineEvent.kind == "deadline_breached") == DUE
        assert _read(select(func.count(func.distinct(TimelineEvent.case_id))))[0][0] == DUE
        # One of the two holds the lease. On a busy machine a late heartbeat (the lease lasts 3 s here)
        # can move it between them once more, so both may have been active in turn; the mails and
        # events above are what such a move must never lose or repeat.
        assert "active" in map(role_of, living), [p.log() for p in living]
        assert lease_holder_pid() in {p.pid for p in living}
    finally:
        kill_all(procs)
