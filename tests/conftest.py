"""Shared fixtures: the app on SQLite or PostgreSQL, a clean database per test, users, a frozen clock, the API doc."""

import os
from pathlib import Path

import flask_babel
import pytest
from flask import g
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from app import clock, create_app, db_setup
from app.auth.models import SECOND_FACTOR_ROLES, Role, User
from app.extensions import db
from app.register.models import Keurmerk, Organisation, Product
from app.sla import tallies
from tests.helpers.clock import freeze
from tests.helpers.login import PASSWORD, enrol_second_factor
from tests.helpers.sla_tallies import stored_tallies

pytest_plugins = ["tests.mailserver"]  # the SMTP server fixtures, for every test


def _database_url(tmp_dir: Path) -> str:
    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        # A file, not :memory:, so a live server thread and the test share one database.
        return f"sqlite:///{tmp_dir / 'test.sqlite'}"
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    # Parallel workers (pytest-xdist, `make test`) each empty tables per test: each needs its own database.
    return _own_database(url, f"{make_url(url).database}_{worker}") if worker else url


def _own_database(url: str, name: str) -> str:
    """The URL of database `name` on the server of `url`, created when it does not exist yet."""
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        if conn.scalar(text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": name}) is None:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return make_url(url).set(database=name).render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def _session_app(tmp_path_factory):
    tmp_dir = tmp_path_factory.mktemp("meldpunt")
    app = create_app(
        "test",
        SQLALCHEMY_DATABASE_URI=_database_url(tmp_dir),
        INSTANCE_DIR=tmp_dir,
        UPLOAD_DIR=tmp_dir / "uploads",
    )
    with app.app_context():
        db.drop_all()
        db.create_all()

    @app.teardown_request
    def _end_request_as_in_production(_exc):
        # Requests in a test share the test's app context. In production each request has its own,
        # whose end closes the session and empties `g`; do the same here, or a transaction begun late
        # in one request would hold SQLite's write lock, and flask-wtf's cache in `g` would hand one
        # client's CSRF token to the next client.
        g.pop("csrf_token", None)
        g.pop("_login_user", None)  # flask-login's current user, or the next client would act as this one
        g.pop("rate_token_hash", None)  # app.api.rate_keys: the next request may carry another token
        flask_babel.refresh()  # the chosen language is cached on the context too
        db.session.rollback()

    yield app
    with app.app_context():
        db.session.remove()
        db.drop_all()
        db.engine.dispose()


def _clear_tables() -> None:
    db.session.remove()
    tables = list(reversed(db.metadata.sorted_tables))
    with db.engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            names = ", ".join(f'"{t.name}"' for t in tables)
            conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        else:
            for table in tables:
                if table.info.get("append_only"):
                    db_setup.empty_append_only(conn, table)
                else:
                    conn.execute(table.delete())


def _tallies_agree_with_a_recount() -> None:
    """After every test, whatever it did through the desk: the SLA dashboard's tallies, kept commit by
    commit, are what counting every clock afresh gives."""
    db.session.rollback()
    kept = stored_tallies()
    tallies.recount(db.session)
    recounted = stored_tallies()
    db.session.rollback()
    assert kept == recounted, "the SLA tallies drifted from the clocks"


@pytest.fixture()
def app(_session_app, request):
    """The app with an empty database, an unfrozen clock and default settings for each test."""
    saved = dict(_session_app.config)
    with _session_app.app_context():
        _clear_tables()
        yield _session_app
        if request.node.get_closest_marker("writes_around_the_desk") is None:
            _tallies_agree_with_a_recount()
        db.session.remove()
    _session_app.config.clear()
    _session_app.config.update(saved)
    clock.freeze(None)


@pytest.fixture()
def client(app):
    return app.test_client()


@pytest.fixture()
def frozen_clock(app):
    """The clock stopped at tests.helpers.clock.NOW for the test (the `app` fixture starts it again);
    modules whose every test needs it say `pytestmark = pytest.mark.usefixtures("frozen_clock")`."""
    freeze()


@pytest.fixture()
def doc(client):
    """The OpenAPI document the app serves, checked to be served."""
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200 and response.headers["API-Version"] == "1.2.0"
    return response.get_json()


@pytest.fixture()
def make_org(app):
    def _make(name: str = "Vodix", kind: str = "supplier", **fields) -> Organisation:
        org = Organisation(name=name, kind=kind, is_participant=kind == "supplier", **fields)
        db.session.add(org)
        db.session.commit()
        return org

    return _make


@pytest.fixture()
def make_user(app):
    def _make(email: str, role: Role | str = Role.SUPERVISOR, organisation=None, name=None) -> User:
        role_value = role.value if isinstance(role, Role) else role
        user = User(email=email, name=name or email.split("@")[0].title(), role=role_value, organisation=organisation)
        user.set_password(PASSWORD)
        db.session.add(user)
        db.session.commit()
        # Coordinators and administrators cannot log in without one. (Decided on the role given, not by
        # reading the committed user: that read would open a transaction, and a browser test's reads
        # would not see what the live server writes afterwards.)
        if role_value in SECOND_FACTOR_ROLES:
            enrol_second_factor(user)
        return user

    return _make


@pytest.fixture()
def register_with_keurmerk(make_org):
    """A supplier with one product and keurmerk, the smallest register an incident needs."""
    from datetime import date

    org = make_org("Vodix", category="Leermiddelen- en toetsaanbieder", stage="Deelnemersovereenkomst")
    product = Product(organisation=org, name="Vodix Toets", referentiecomponent="Digitaal toetssysteem")
    product.keurmerken.append(Keurmerk(gegevensdienst="Leerresultaten", granted_on=date(2026, 3, 1)))
    db.session.add(product)
    db.session.commit()
    return org
