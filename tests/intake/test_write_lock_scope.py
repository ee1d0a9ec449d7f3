"""On SQLite a filing holds the database's one write lock only while it writes: other reporters'
filings are not kept waiting while a form is validated or an answer is built (app.db_setup.writes)."""

import sqlite3

import pytest
from sqlalchemy.engine import make_url

from app.api.controllers import incidents
from app.extensions import db
from app.intake import notices
from app.intake.controllers import reports
from app.intake.services import filing
from tests.api.helpers import breach
from tests.intake.helpers import breach_form, submit_incident


@pytest.fixture()
def lock_probe(app):
    """Records, at the moments a test marks, whether another writer could take the lock at once."""
    if db.engine.dialect.name != "sqlite":
        pytest.skip("PostgreSQL locks rows, not the database")
    path = make_url(app.config["SQLALCHEMY_DATABASE_URI"]).database
    seen: dict[str, bool] = {}

    def free(moment: str) -> None:
        other = sqlite3.connect(path, timeout=0, isolation_level=None)
        try:
            other.execute("BEGIN IMMEDIATE")
            other.execute("ROLLBACK")
            seen[moment] = True
        except sqlite3.OperationalError:
            seen[moment] = False
        finally:
            other.close()

    def around(owner, name: str, moment: str) -> None:
        original = getattr(owner, name)

        def probed(*args, **kwargs):
            free(f"before {moment}")
            result = original(*args, **kwargs)
            free(f"after {moment}")
            return result

        app.extensions.setdefault("lock_probes", []).append((owner, name, original))
        setattr(owner, name, probed)

    yield seen, around
    for owner, name, original in app.extensions.pop("lock_probes", []):
        setattr(owner, name, original)


def test_an_api_filing_locks_the_database_only_while_it_writes(client, register_with_keurmerk, lock_probe):
    seen, around = lock_probe
    org = register_with_keurmerk
    around(incidents, "optional_user", "finding the caller")  # after the body validated
    around(filing, "clock_setting", "reading the calendar and the clocks")
    around(notices, "acknowledge", "the acknowledgement")  # inside the filing
    around(incidents, "filed_case", "the answer")  # after the commit
    response = client.post("/api/v1/incidents", json=breach(org.id))
    assert response.status_code == 201
    assert seen["before finding the caller"] is True  # validating read the register, unlocked
    assert seen["after reading the calendar and the clocks"] is True  # the filing's reads: unlocked too
    assert seen["before the acknowledgement"] is False  # the filing writes under the lock
    assert seen["after the acknowledgement"] is False
    assert seen["before the answer"] is True  # committed: the answer is built unlocked
    assert seen["after the answer"] is True


def test_a_page_filing_validates_without_the_lock_and_writes_under_it(client, register_with_keurmerk, lock_probe):
    seen, around = lock_probe
    org = register_with_keurmerk
    around(reports, "checked_files", "checking the files")  # after the form validated
    around(filing, "clock_setting", "reading the calendar and the clocks")
    around(notices, "acknowledge", "the acknowledgement")
    response = submit_incident(client, breach_form(org.id))
    assert response.status_code == 302
    # Validation read the participants and the register, and took no lock for it.
    assert seen["before checking the files"] is True
    assert seen["after checking the files"] is True
    assert seen["after reading the calendar and the clocks"] is True
    assert seen["before the acknowledgement"] is False
