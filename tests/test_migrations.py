"""An empty database upgraded to head matches the models, on SQLite and PostgreSQL."""
import os
import uuid

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import create_engine, text
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


def test_upgrade_to_head_matches_the_models_and_downgrades_cleanly(empty_database_url, tmp_path):
    app = create_app("test", SQLALCHEMY_DATABASE_URI=empty_database_url, INSTANCE_DIR=tmp_path)
    with app.app_context():
        upgrade()
        with db.engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True})
            differences = _real(compare_metadata(context, db.metadata))
        assert differences == [], f"the migrations and the models differ: {differences}"
        downgrade(revision="base")
        with db.engine.connect() as conn:
            tables = set(db.inspect(conn).get_table_names()) - {"alembic_version"}
        assert tables == set()
        db.engine.dispose()
