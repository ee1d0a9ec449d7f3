"""The database away: 503 with Retry-After instead of 500, and the desk recovers by itself (issue 9)."""

import pytest
from sqlalchemy import func, select

from app import create_app, db_setup
from app.auth.models import Role
from app.cases.models import Case
from app.errors import database_unavailable
from app.extensions import db
from tests.api.helpers import breach
from tests.helpers.clock import freeze
from tests.helpers.login import login
from tests.helpers.pages import nl


@pytest.fixture()
def unreachable(app, monkeypatch):
    """The engine's connect fails as a stopped database server's does; undo() brings it back."""
    dialect = db.engine.dialect

    def refuse(*_args, **_kwargs):
        raise dialect.loaded_dbapi.OperationalError(
            "unable to open database file: could not connect to server: Connection refused"
        )

    def stop():
        db.session.remove()
        db.engine.dispose()  # no pooled connection survives: every request must connect anew
        monkeypatch.setattr(dialect, "connect", refuse)

    def start():
        monkeypatch.undo()

    return stop, start


def _cases() -> int:
    return db.session.scalar(select(func.count()).select_from(Case))


def test_filing_answers_503_while_the_database_is_away_and_works_once_it_is_back(
    client, register_with_keurmerk, unreachable
):
    freeze()
    stop, start = unreachable
    org_id = register_with_keurmerk.id
    stop()
    response = client.post("/api/v1/incidents", json=breach(org_id))
    assert response.status_code == 503
    assert response.mimetype == "application/problem+json"
    assert response.headers["Retry-After"] == "30"
    assert response.get_json()["status"] == 503
    assert client.get("/api/v1/register").status_code == 503

    start()
    response = client.post("/api/v1/incidents", json=breach(org_id))
    assert response.status_code == 201
    assert _cases() == 1


def test_pages_answer_an_html_503_with_retry_after(client, make_user, unreachable):
    stop, start = unreachable
    make_user("sam@edu-v.example", Role.COORDINATOR)
    login(client, "sam@edu-v.example")
    stop()
    for path in ("/keurmerkregister", "/behandelen"):
        response = client.get(path)
        assert response.status_code == 503
        assert response.mimetype == "text/html"
        assert response.headers["Retry-After"] == "30"
        assert nl("The desk cannot reach its database just now. Please try again in a minute.") in response.get_data(
            as_text=True
        )
    start()
    assert client.get("/behandelen").status_code == 200


def test_an_app_pointed_at_a_dead_port_answers_503():
    dead = create_app("test", SQLALCHEMY_DATABASE_URI="postgresql://meldpunt@127.0.0.1:9/meldpunt")
    client = dead.test_client()
    with dead.app_context():
        response = client.post("/api/v1/incidents", json=breach(1))
        assert response.status_code == 503
        assert response.headers["Retry-After"] == "30"
        assert client.get("/keurmerkregister").status_code == 503
        db.engine.dispose()


def test_sqlite_lock_waited_for_in_vain_is_503(app, client, register_with_keurmerk, monkeypatch):
    if db.engine.dialect.name != "sqlite":
        pytest.skip("SQLite's write lock")
    freeze()
    org_id = register_with_keurmerk.id
    monkeypatch.setattr(db_setup, "BUSY_TIMEOUT_SECONDS", 0.2)
    db.session.remove()
    holder = db.engine.connect()
    with db_setup.writing():
        holder.exec_driver_sql("UPDATE organisations SET name = name")
    try:
        response = client.post("/api/v1/incidents", json=breach(org_id))
    finally:
        holder.rollback()
        holder.close()
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "30"
    assert client.post("/api/v1/incidents", json=breach(org_id)).status_code == 201


def test_a_wrong_statement_is_no_503():
    import sqlite3

    from sqlalchemy import exc

    wrong = exc.OperationalError("SELECT nope", None, sqlite3.OperationalError("no such table: nope"))
    locked = exc.OperationalError("BEGIN IMMEDIATE", None, sqlite3.OperationalError("database is locked"))
    assert not database_unavailable(wrong)
    assert database_unavailable(locked)
    assert not database_unavailable(ValueError("x"))
