"""The API list's floor: the staff's first page of GET /api/v1/cases as the contract shapes it, from plain SQL.

Registered on the floor app (bench/floor_app.py) and served on a desk's database. The same 50 cases
in the desk's order (nearest deadline first, then the cases without a running clock), each with its
participant, parties, assignee, deadlines, whole timeline (its texts decrypted with the desk's data
key), files and decision, read in six statements and written by json.dumps. No access decisions,
no visibility filter (staff see everything), no ORM, no token check: no desk answering this page
of the contract can be faster.
"""

from __future__ import annotations

import json
import os
from collections import defaultdict
from datetime import UTC, datetime
from functools import cache

from flask import Flask, Response
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import bindparam, text

from app.cases.services.queue import DEFAULT_LIMIT
from app.crypto import Keyring
from app.sla.clocks import state_of

CASES = text(
    "SELECT c.id, c.reference, c.type, c.category, c.status, c.severity, c.title, c.created_at,"
    " c.participant_id, o.name, u.name FROM cases c"
    " LEFT JOIN organisations o ON o.id = c.participant_id LEFT JOIN users u ON u.id = c.assignee_id"
    " ORDER BY c.next_due_at, c.id LIMIT :limit"
)


def _among(sql: str):
    return text(sql).bindparams(bindparam("ids", expanding=True))


PARTIES = _among(
    "SELECT p.case_id, p.role, o.name FROM case_parties p JOIN organisations o ON o.id = p.organisation_id"
    " WHERE p.case_id IN :ids ORDER BY p.id"
)
EVENTS = _among("SELECT case_id, id, at, kind, text FROM timeline_events WHERE case_id IN :ids ORDER BY case_id, seq")
FILES = _among(
    "SELECT case_id, id, filename, content_type, size, sha256, visibility, created_at FROM attachments"
    " WHERE case_id IN :ids ORDER BY case_id, id"
)
DEADLINES = _among(
    "SELECT subject_id, kind, due_at, met_at, breached_at, paused_since FROM deadlines"
    " WHERE subject_type = 'case' AND subject_id IN :ids ORDER BY due_at, id"
)
DECISIONS = _among("SELECT case_id, outcome, reasoning, decided_at FROM decisions WHERE case_id IN :ids")


def _moment(value: datetime | None) -> str | None:
    return None if value is None else value.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def _grouped(rows) -> dict[int, list]:
    found = defaultdict(list)
    for row in rows:
        found[row[0]].append(row)
    return found


@cache
def _keyring() -> Keyring:
    """The desk's data keys, as the desk reads them (the intake floor, on its own table, needs none)."""
    return Keyring(os.environ["MELDPUNT_DATA_KEYS"].split(","))


def _plain(token: str) -> str:
    return _keyring().decrypt(token.encode()).decode()


def register(app: Flask, db: SQLAlchemy) -> None:
    """GET /api/v1/cases on the floor app."""

    @app.get("/api/v1/cases")
    def api_cases():
        connection = db.session.connection()
        cases = connection.execute(CASES, {"limit": DEFAULT_LIMIT}).all()  # the desk's page
        ids = {"ids": [case[0] for case in cases]}
        parties, events, files, deadlines = (
            _grouped(connection.execute(query, ids)) for query in (PARTIES, EVENTS, FILES, DEADLINES)
        )
        decided = {row[0]: row for row in connection.execute(DECISIONS, ids)}
        items = []
        for case_id, reference, type_, category, status, severity, title, created, pid, pname, assignee in cases:
            decision = decided.get(case_id)
            items.append(
                {
                    "reference": reference,
                    "type": type_,
                    "category": category,
                    "status": status,
                    "severity": severity,
                    "title": title,
                    "createdAt": _moment(created),
                    "participant": {"id": pid, "name": pname} if pid else None,
                    "parties": [{"role": role, "organisation": name} for _, role, name in parties[case_id]],
                    "assignee": assignee,
                    "deadlines": [
                        {"kind": kind, "dueAt": _moment(due), "state": state_of(met, breached, paused)}
                        for _, kind, due, met, breached, paused in deadlines[case_id]
                    ],
                    "timeline": [
                        {"id": eid, "at": _moment(at), "kind": kind, "text": _plain(body)}
                        for _, eid, at, kind, body in events[case_id]
                    ],
                    "attachments": [
                        {
                            "id": fid,
                            "filename": filename,
                            "contentType": content_type,
                            "size": size,
                            "sha256": sha256,
                            "visibility": visibility,
                            "createdAt": _moment(at),
                            "url": f"/api/v1/cases/{reference}/attachments/{fid}",
                        }
                        for _, fid, filename, content_type, size, sha256, visibility, at in files[case_id]
                    ],
                    "decision": None
                    if decision is None
                    else {"outcome": decision[1], "reasoning": decision[2], "decidedAt": _moment(decision[3])},
                }
            )
        return Response(json.dumps({"items": items, "nextCursor": None}), mimetype="application/json")
