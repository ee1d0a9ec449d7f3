"""The rows floor: the desk's own intake rows written with Core, and nothing else.

POST /api/v1/incidents takes a reference number and inserts copies of the rows that one real
filing of the desk wrote (the case, its incident details and parties, its timeline events, its
deadlines and the acknowledgement in the outbox), with the desk's tables and engine set-up. It
validates, computes and renders nothing. So no desk that stores what the desk stores can file
faster on this stack and machine: floor to rows floor is what storing those rows costs, rows
floor to desk what the desk's own logic costs.

    ROWS_DATABASE_URL=... ROWS_TEMPLATE=/tmp/rows.pickle gunicorn -w 2 bench.rows_floor_app:app
"""

import json
import os
import pickle
import secrets

from flask import Flask, Response, request
from sqlalchemy import Table, select

from app import clock, crypto, worker
from app.cases import references
from app.cases.models import Case, CaseParty, IncidentDetails, TimelineEvent
from app.extensions import db
from app.notify.models import OutboxMessage
from app.sla.models import Deadline
from bench.floor_app import bare_app
from bench.settings import DATA_KEY

CASES: Table = Case.__table__
# Each table with the column that points at the case, in the order the rows are inserted.
CHILDREN: tuple[tuple[Table, str], ...] = (
    (IncidentDetails.__table__, "case_id"),
    (CaseParty.__table__, "case_id"),
    (TimelineEvent.__table__, "case_id"),
    (Deadline.__table__, "subject_id"),
    (OutboxMessage.__table__, ""),  # the acknowledgement names the reference, not the id
)


def capture(case_id: int) -> dict[str, list[dict]]:
    """The rows the desk wrote for one filed case, by table, without their own ids (a desk app
    context must be active)."""
    case = db.session.execute(select(CASES).where(CASES.c.id == case_id)).mappings().one()
    rows = {CASES.name: [_without_id(case)]}
    for table, link in CHILDREN:
        where = (table.c[link] == case_id) if link else (table.c.key == f"ack:{case['reference']}")
        if table is Deadline.__table__:
            where = where & (table.c.subject_type == "case")
        rows[table.name] = [_without_id(row) for row in db.session.execute(select(table).where(where)).mappings()]
    return rows


def _without_id(row) -> dict:
    return {key: value for key, value in row.items() if key != "id"}


def create_app(url: str | None = None, template_path: str | None = None) -> Flask:
    app = bare_app(db, url or os.environ["ROWS_DATABASE_URL"])
    # The desk's columns encrypt what they store, as the desk does: with the run's data key.
    crypto.install(crypto.Keyring(crypto.load_keys(os.environ.get("MELDPUNT_DATA_KEYS") or DATA_KEY, None)))
    with open(template_path or os.environ["ROWS_TEMPLATE"], "rb") as file:
        template = pickle.load(file)  # written by bench/phases/intake.py itself

    @app.post("/api/v1/incidents")
    def file_incident():
        body = request.get_json()
        reference = references.next_reference("incident", clock.local(clock.now()).year)
        case = dict(
            template[CASES.name][0],
            reference=reference,
            title=str(body.get("title", ""))[:200],
            description=str(body.get("description", "")),
            follow_up_code_hash=secrets.token_hex(32),
        )
        connection = db.session.connection()
        case_id = connection.execute(CASES.insert().returning(CASES.c.id), case).scalar_one()
        for table, link in CHILDREN:
            rows = [
                dict(row, **({link: case_id} if link else {"key": f"ack:{reference}"})) for row in template[table.name]
            ]
            connection.execute(table.insert(), rows)
        db.session.commit()
        payload = json.dumps({"id": case_id, "reference": reference, "status": "received"})
        return Response(payload, status=201, mimetype="application/json")

    return app


if os.environ.get("ROWS_DATABASE_URL"):
    app = create_app()
    worker.settle()  # served as the desk is (wsgi.py), so the difference is the desk's own work
