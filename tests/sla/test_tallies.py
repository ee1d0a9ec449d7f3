"""The SLA dashboard's tallies follow every committed change of a clock or a case, and only committed ones."""

import threading
import time
from collections import Counter
from datetime import timedelta

import pytest
from flask_migrate import downgrade, upgrade
from sqlalchemy import select

from app import clock, create_app
from app.cases.models import Case
from app.cases.services import handling
from app.db_setup import writing
from app.extensions import db
from app.sla import dashboard, services, tallies
from app.sla.models import Deadline, SlaTally
from app.sla.sweep import run_sweep
from tests import test_migrations
from tests.helpers.sla_tallies import stored_tallies
from tests.sla.helpers import TUESDAY_14, incident

BEFORE_TALLIES = "c3a9d5e1f7b2"


def _counted_by_hand() -> Counter:
    """The cells worked out from the rows themselves, the way a coordinator would count them."""
    cells: Counter = Counter()
    for deadline in db.session.scalars(select(Deadline)):
        case = db.session.get(Case, deadline.subject_id)
        if case.is_open and deadline.state != "met":
            cells[("open", deadline.state, "case", case.type, deadline.kind)] += 1
        if case.is_open and deadline.state == "running" and deadline.warned_at is not None:
            cells[("open", "at_risk", "case", case.type, deadline.kind)] += 1
        if deadline.breached_at is not None:
            cells[(tallies.month_key(deadline.breached_at), "breached", "case", case.type, deadline.kind)] += 1
        elif deadline.met_at is not None:
            cells[(tallies.month_key(deadline.met_at), "met", "case", case.type, deadline.kind)] += 1
    return cells


def _agree():
    db.session.expire_all()
    assert stored_tallies() == _counted_by_hand()


@pytest.fixture()
def supervisor(make_user):
    return make_user("behandelaar@edu-v.nl")


def test_every_commit_that_moves_a_clock_moves_the_tallies(app, supervisor):
    first, second, third = incident(), incident(), incident()
    _agree()  # filed: their clocks run, the acknowledgement is met at once

    clock.freeze(TUESDAY_14 + timedelta(hours=1))
    handling.transition(first, "triage", actor=supervisor)  # first response met
    db.session.commit()
    _agree()

    handling.transition(first, "in_progress", actor=supervisor)
    handling.transition(first, "waiting", "Wij wachten op de logbestanden.", actor=supervisor)  # paused
    db.session.commit()
    _agree()
    assert dashboard.open_by_state()["paused"] == 1

    run_sweep(TUESDAY_14 + timedelta(hours=22, minutes=1))  # Wednesday 12:01: first responses warned
    db.session.commit()
    _agree()
    with app.test_request_context():
        assert dashboard.at_risk(TUESDAY_14 + timedelta(hours=22, minutes=1))[1] == 2  # the first's was met

    second.type = "complaint"  # its clocks move to another case type
    db.session.commit()
    _agree()

    run_sweep(TUESDAY_14 + timedelta(days=10))  # the clocks still running are breached
    db.session.commit()
    _agree()
    assert dashboard.open_by_state()["breached"] > 0

    clock.freeze(TUESDAY_14 + timedelta(days=11))
    handling.transition(third, "withdrawn", "De melder trekt de melding in.", actor=supervisor)  # closed
    db.session.commit()
    _agree()
    assert stored_tallies() == _recounted()


def _recounted() -> Counter:
    tallies.recount(db.session)
    db.session.commit()
    return stored_tallies()


def test_a_rolled_back_change_leaves_the_tallies_as_they_were(app, supervisor):
    case = incident()
    before = stored_tallies()
    clock.freeze(TUESDAY_14 + timedelta(hours=1))
    handling.transition(case, "triage", actor=supervisor)
    db.session.flush()
    db.session.rollback()
    assert stored_tallies() == before

    savepoint = db.session.begin_nested()
    services.pause("case", case.id, ("resolution",))
    savepoint.rollback()
    services.meet("case", case.id, "first_response")  # outside the savepoint: this one counts
    db.session.commit()
    _agree()


def test_recount_rebuilds_tallies_that_were_lost(app, supervisor):
    incident()
    handling.transition(incident(), "withdrawn", "Dubbel gemeld.", actor=supervisor)
    db.session.commit()
    kept = stored_tallies()
    db.session.execute(SlaTally.__table__.delete())
    db.session.commit()
    assert _recounted() == kept


def test_the_dashboard_reads_the_tallies(app, supervisor):
    incident()
    run_sweep(TUESDAY_14 + timedelta(days=10))
    db.session.commit()
    march = dashboard.month_start(TUESDAY_14)
    assert dashboard.open_by_state() == {"running": 0, "paused": 0, "breached": 2}  # first response and resolution
    assert dashboard.breaches_since(march) == {"incident": 2}
    _types, months = dashboard.monthly_share(TUESDAY_14 + timedelta(days=10))
    assert months[-1].ended == {"incident": (0, 2)}  # the met acknowledgement is not counted


def test_two_writers_of_one_case_at_once_are_both_counted_once(app):
    """One meets a clock while the other pauses another clock of the same case, each in its own
    transaction: the second counts the case's clocks only after the first has committed."""
    case_id = incident().id
    db.session.commit()  # ends this read: on SQLite it would go on seeing the rows as they were
    first_flushed, second_started = threading.Event(), threading.Event()
    errors = []

    def writer(work, before=None, after=None):
        with app.app_context(), writing():
            try:
                if before is not None:
                    before.wait(10)
                work()
                if after is not None:
                    after.set()
                    second_started.wait(10)
                    time.sleep(0.3)  # the second writer is now waiting for this one
                db.session.commit()
            except Exception as error:  # noqa: BLE001 - reported below
                errors.append(error)
            finally:
                db.session.remove()

    def second():
        second_started.set()
        services.pause("case", case_id, ("resolution",))

    threads = [
        threading.Thread(
            target=writer, args=(lambda: services.meet("case", case_id, "first_response"), None, first_flushed)
        ),
        threading.Thread(target=writer, args=(second, first_flushed)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    _agree()
    assert dashboard.open_by_state() == {"running": 0, "paused": 1, "breached": 0}


empty_database_url = test_migrations.empty_database_url


def test_the_migration_that_adds_the_tallies_counts_the_clocks_already_stored(empty_database_url, tmp_path):
    app = create_app("test", SQLALCHEMY_DATABASE_URI=empty_database_url, INSTANCE_DIR=tmp_path)
    with app.app_context():
        upgrade()
        try:
            incident()
            run_sweep(TUESDAY_14 + timedelta(days=10))
            db.session.commit()
            kept = stored_tallies()
            assert kept[("open", "breached", "case", "incident", "resolution")] == 1
            db.session.remove()  # the migration works in its own connection
            downgrade(revision=BEFORE_TALLIES)  # as a desk stood before the tallies existed
            upgrade()
            db.session.remove()
            assert stored_tallies() == kept
        finally:
            db.session.remove()
            db.engine.dispose()
