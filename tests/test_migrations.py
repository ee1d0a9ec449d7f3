"""An empty database upgraded to head matches the models, on SQLite and PostgreSQL."""

import os
import re
import uuid

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import CheckConstraint, create_engine, text
from sqlalchemy.engine import make_url

from app import create_app
from app.extensions import db


@pytest.fixture()
def empty_database_url(tmp_path):
    """A brand-new database: a SQLite file, or a fresh PostgreSQL database next to the test one."""
    base = os.environ.get("TEST_DATABASE_URL")
    if not base:
        yield f"sqlite:///{tmp_path / 'migrated.sqlite'}"
        return
    name = f"migrations_{uuid.uuid4().hex[:8]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(base).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _real(differences: list) -> list:
    """Drops the remove-and-add pairs of one expression index: PostgreSQL rewrites the expression
    text (casts, brackets), so Alembic cannot compare it and reports a change that is not one."""
    names = {}
    for diff in differences:
        if diff[0] in ("add_index", "remove_index"):
            names.setdefault(diff[1].name, set()).add(diff[0])
    paired = {name for name, kinds in names.items() if kinds == {"add_index", "remove_index"}}
    return [d for d in differences if not (d[0] in ("add_index", "remove_index") and d[1].name in paired)]


def _literals(sql: str) -> frozenset[str]:
    """The quoted values of a condition: PostgreSQL rewrites its text (casts, ANY (ARRAY[...])),
    but the values it allows stay the same."""
    return frozenset(re.findall(r"'([^']*)'", sql))


def _model_checks() -> dict:
    return {
        (table.name, constraint.name): _literals(str(constraint.sqltext))
        for table in db.metadata.tables.values()
        for constraint in table.constraints
        if isinstance(constraint, CheckConstraint)
    }


def _database_checks(inspector) -> dict:
    # Alembic's comparison leaves CHECK constraints out: compare their names and values here.
    return {
        (table, check["name"]): _literals(check["sqltext"])
        for table in inspector.get_table_names()
        if table != "alembic_version"
        for check in inspector.get_check_constraints(table)
    }


def _condition(sql) -> tuple:
    """A partial index's condition as what it names: its values and the columns it requires."""
    return _literals(str(sql)), frozenset(re.findall(r"(\w+)\)? IS NOT NULL", str(sql)))


def _stored_partial_indexes(inspector) -> dict:
    # Alembic compares no index conditions: compare which indexes are partial, and on what.
    found = {}
    for table in inspector.get_table_names():
        for index in inspector.get_indexes(table):
            options = index.get("dialect_options", {})
            condition = options.get("sqlite_where", options.get("postgresql_where"))
            if condition is not None:
                found[index["name"]] = _condition(condition)
    return found


def _modelled_partial_indexes() -> dict:
    return {
        index.name: _condition(index.dialect_options["sqlite"]["where"])
        for table in db.metadata.tables.values()
        for index in table.indexes
        if index.dialect_options["sqlite"]["where"] is not None
    }


def test_upgrade_to_head_matches_the_models_and_downgrades_cleanly(empty_database_url, tmp_path):
    app = create_app("test", SQLALCHEMY_DATABASE_URI=empty_database_url, INSTANCE_DIR=tmp_path)
    with app.app_context():
        upgrade()
        with db.engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True})
            differences = _real(compare_metadata(context, db.metadata))
        assert differences == [], f"the migrations and the models differ: {differences}"
        with db.engine.connect() as conn:
            inspector = db.inspect(conn)
            assert _database_checks(inspector) == _model_checks()
            assert _stored_partial_indexes(inspector) == _modelled_partial_indexes()
        downgrade(revision="base")
        with db.engine.connect() as conn:
            tables = set(db.inspect(conn).get_table_names()) - {"alembic_version"}
        assert tables == set()
        db.engine.dispose()


def _rows(conn, sql: str) -> list:
    return [tuple(row) for row in conn.execute(text(sql))]


def test_the_constraints_upgrade_keeps_every_row_and_refuses_unknown_values(empty_database_url, tmp_path, capfd):
    """Rebuilding a referenced table on SQLite neither cascades nor refuses (foreign keys are off
    meanwhile), and stored values the new constraints would refuse stop the upgrade, named."""
    app = create_app("test", SQLALCHEMY_DATABASE_URI=empty_database_url, INSTANCE_DIR=tmp_path)
    with app.app_context():
        upgrade(revision="d5654bc81649")
        with db.engine.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO cases (id, reference, type, status, title, description, reporter_name, reporter_email,"
                    " follow_up_code_hash, access_links_opt_in, created_at, updated_at) VALUES (1, 'INC-2026-00001',"
                    " 'incident', 'received', 'T', 'D', 'R', 'r@example.org', 'h', true, :now, :now)"
                ),
                {"now": "2026-03-10"},
            )
            conn.execute(
                text(
                    "INSERT INTO access_links (id, case_id, token_hash, created_at, expires_at)"
                    " VALUES (1, 1, 'x', :now, :now)"
                ),
                {"now": "2026-03-10"},
            )
            conn.execute(
                text(
                    "INSERT INTO timeline_events (id, case_id, seq, at, actor_label, kind, visibility, text, data,"
                    " prev_hash, hash) VALUES (1, 1, 1, :now, 'R', 'received', 'party:3', '', '{}', 'a', 'b')"
                ),
                {"now": "2026-03-10"},
            )
        upgrade()
        with db.engine.connect() as conn:
            assert _rows(conn, "SELECT id, case_id FROM access_links") == [(1, 1)]
            assert _rows(conn, "SELECT id, visibility FROM timeline_events") == [(1, "party:3")]

        downgrade(revision="d5654bc81649")
        with db.engine.begin() as conn:
            conn.execute(text("UPDATE cases SET status = 'archived'"))
            conn.execute(text("UPDATE timeline_events SET visibility = 'party:x'"))
        with pytest.raises(SystemExit):  # flask-migrate logs the error and exits, as the command would
            upgrade()
        said = capfd.readouterr().err
        assert "cases.status: 'archived'" in said
        assert "timeline_events.visibility: 'party:x'" in said
        with db.engine.connect() as conn:
            assert _rows(conn, "SELECT version_num FROM alembic_version") == [("d5654bc81649",)]
        db.engine.dispose()
