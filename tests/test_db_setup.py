"""Engine set-up: SQLite writers queue on the write lock (or give up), PostgreSQL batches executemany."""

import threading

import pytest
from sqlalchemy import create_engine
from sqlalchemy.exc import OperationalError

from app import db_setup
from app.db_setup import configure_engine_events, writing


@pytest.fixture()
def engine(tmp_path):
    engine = create_engine(f"sqlite:///{tmp_path / 'desk.sqlite'}")
    configure_engine_events(engine)
    with engine.begin() as connection:
        connection.exec_driver_sql("CREATE TABLE reports (n INTEGER)")
    yield engine
    engine.dispose()


def _write_in_thread(engine, n: int, outcome: list) -> threading.Thread:
    def write():
        try:
            with writing(), engine.begin() as connection:
                connection.exec_driver_sql(f"INSERT INTO reports VALUES ({n})")
            outcome.append("written")
        except OperationalError as error:
            outcome.append(error)

    thread = threading.Thread(target=write)
    thread.start()
    return thread


def test_a_queued_writer_writes_once_the_lock_is_free(engine):
    outcome = []
    with writing(), engine.begin() as holder:
        holder.exec_driver_sql("INSERT INTO reports VALUES (1)")
        waiting = _write_in_thread(engine, 2, outcome)
        waiting.join(0.2)
        assert outcome == []  # still queued behind the holder
    waiting.join(5)
    assert outcome == ["written"]
    with engine.connect() as connection:
        assert sorted(connection.exec_driver_sql("SELECT n FROM reports").scalars()) == [1, 2]


def test_a_writer_gives_up_after_the_busy_timeout(engine, monkeypatch):
    monkeypatch.setattr(db_setup, "BUSY_TIMEOUT_SECONDS", 0.1)
    outcome = []
    with writing(), engine.begin() as holder:
        holder.exec_driver_sql("INSERT INTO reports VALUES (1)")
        _write_in_thread(engine, 2, outcome).join(5)
    assert len(outcome) == 1 and "locked" in str(outcome[0])
    with engine.connect() as connection:
        assert list(connection.exec_driver_sql("SELECT n FROM reports").scalars()) == [1]


def test_psycopg2_engines_send_executemany_in_batches():
    # The sweep stamps hundreds of clocks in one flush: row by row that is a round trip each.
    assert db_setup.engine_options("postgresql://u@db/meldpunt") == {
        "pool_pre_ping": True,
        "hide_parameters": True,
        "executemany_mode": "values_plus_batch",
    }
    assert db_setup.engine_options("sqlite:////srv/meldpunt.sqlite") == {"pool_pre_ping": True, "hide_parameters": True}
