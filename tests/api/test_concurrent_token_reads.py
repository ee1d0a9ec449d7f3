"""Readers with one token and filers at the same time: no read fails (issue 9, SQLite "database is locked").

Before the fix every read stamped the token's last use in its own transaction; on SQLite such a
read needs the write lock, and 106 of 120 reads answered 500 while three clients filed.
"""

import json
import threading
import urllib.error
import urllib.request
from datetime import timedelta

import pytest
from werkzeug.serving import make_server

from app import clock
from app.auth.models import ApiToken, Role
from app.extensions import db
from tests.api.helpers import breach, token_for

READERS, FILERS, READS_EACH, FILINGS_EACH = 3, 3, 40, 8


@pytest.fixture()
def server(app):
    live = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=live.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{live.server_port}"
    live.shutdown()
    live.server_close()
    thread.join(5)


def _call(url: str, body: dict | None = None, headers: dict | None = None) -> int:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, headers={"Content-Type": "application/json", **(headers or {})})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            response.read()
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def _run_together(server, headers, participant_id) -> dict:
    outcome = {"reads": [], "filings": []}
    lock, start = threading.Lock(), threading.Barrier(READERS + FILERS)

    def read():
        start.wait()
        for _ in range(READS_EACH):
            status = _call(f"{server}/api/v1/cases", headers=headers)
            with lock:
                outcome["reads"].append(status)

    def write():
        start.wait()
        for _ in range(FILINGS_EACH):
            status = _call(f"{server}/api/v1/incidents", body=breach(participant_id))
            with lock:
                outcome["filings"].append(status)

    threads = [threading.Thread(target=read) for _ in range(READERS)]
    threads += [threading.Thread(target=write) for _ in range(FILERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(180)
    return outcome


def test_readers_with_one_token_never_fail_while_others_file(app, server, register_with_keurmerk, make_user):
    # Stamping on every use is the worst case: each read tries to write the token's last use.
    app.config["API_TOKEN_LAST_USE_SECONDS"] = 0
    member = make_user("pat@vodix.example", Role.PARTICIPANT, organisation=register_with_keurmerk)
    headers, participant_id = token_for(member), register_with_keurmerk.id
    db.session.remove()

    outcome = _run_together(server, headers, participant_id)

    errors = [s for s in outcome["reads"] + outcome["filings"] if s >= 500]
    assert len(outcome["reads"]) == READERS * READS_EACH
    assert errors == []
    assert set(outcome["reads"]) == {200}
    assert set(outcome["filings"]) == {201}
    assert db.session.scalar(db.select(ApiToken.last_used_at)) is not None


def test_the_last_use_is_stamped_at_most_once_per_interval(app, client, make_user, register_with_keurmerk):
    member = make_user("pat@vodix.example", Role.PARTICIPANT, organisation=register_with_keurmerk)
    headers = token_for(member)
    start = clock.now().replace(microsecond=0)
    clock.freeze(start)
    assert client.get("/api/v1/cases", headers=headers).status_code == 200
    clock.freeze(start + timedelta(seconds=120))
    assert client.get("/api/v1/cases", headers=headers).status_code == 200
    db.session.expire_all()
    assert db.session.scalar(db.select(ApiToken.last_used_at)) == start  # within five minutes: not again
    clock.freeze(start + timedelta(seconds=301))
    assert client.get("/api/v1/cases", headers=headers).status_code == 200
    db.session.expire_all()
    assert db.session.scalar(db.select(ApiToken.last_used_at)) == start + timedelta(seconds=301)


def test_a_busy_lock_skips_the_stamp_and_the_read_succeeds(app, client, make_user, register_with_keurmerk):
    from app import db_setup

    member = make_user("pat@vodix.example", Role.PARTICIPANT, organisation=register_with_keurmerk)
    headers = token_for(member)
    db.session.remove()
    holder = db.engine.connect()
    with db_setup.writing():  # another writer holds the lock (the row's lock on PostgreSQL)
        holder.exec_driver_sql("UPDATE api_tokens SET name = name")
    try:
        response = client.get("/api/v1/cases", headers=headers)
    finally:
        holder.rollback()
        holder.close()
    assert response.status_code == 200
    assert db.session.scalar(db.select(ApiToken.last_used_at)) is None  # skipped, not failed
