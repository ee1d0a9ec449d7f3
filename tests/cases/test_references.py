"""References under concurrent intake: every one unique, numbered per type and year."""

import threading

from app.cases.references import next_reference
from app.db_setup import writing
from app.extensions import db


def test_numbering_is_per_type_and_year(app):
    with writing():
        assert next_reference("incident", 2026) == "INC-2026-00001"
        assert next_reference("incident", 2026) == "INC-2026-00002"
        assert next_reference("complaint", 2026) == "KLA-2026-00001"
        assert next_reference("dispute", 2027) == "GES-2027-00001"
        assert next_reference("incident", 2027) == "INC-2027-00001"
        db.session.commit()


def test_concurrent_intakes_never_share_a_reference(app):
    """Eight writers at once, each in its own connection and transaction (PostgreSQL or SQLite)."""
    taken, errors = [], []
    start = threading.Barrier(8)

    def take_five():
        with app.app_context(), writing():
            try:
                start.wait()
                for _ in range(5):
                    taken.append(next_reference("incident", 2026))
                    db.session.commit()
            except Exception as error:  # noqa: BLE001 - reported below
                errors.append(error)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=take_five) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert len(taken) == 40 and len(set(taken)) == 40
    assert sorted(taken)[-1] == "INC-2026-00040"
