"""Why a page is slow: one request replayed in-process with its SQL timed, and the plan of its slowest query.

The request is made as the same visitor (the session cookie or API token the timed client holds),
through Flask's test client on the same database, so it takes the path the served one took. Each
statement is timed at the cursor; the slowest SELECT is run again under EXPLAIN (ANALYZE, BUFFERS)
in a transaction that is rolled back.
"""

from __future__ import annotations

import time

from bench.client import Browser
from bench.databases import desk_overrides
from bench.world import World

PLAN_LINES = 25


def explain_request(world: World, visitor: Browser, path: str) -> list[str]:
    """Lines to print: the request's time, its SQL's share, and the slowest SELECT with its plan."""
    from sqlalchemy import event

    from app import create_app
    from app.extensions import db

    app = create_app("production", **desk_overrides(world.target))
    client = app.test_client()
    # The timed client sends no User-Agent, and the login's session protection compares it.
    client.environ_base.pop("HTTP_USER_AGENT", None)
    for name, value in visitor.cookies.items():
        client.set_cookie(name, value)
    headers = {"Authorization": f"Bearer {visitor.token}"} if visitor.token else {}
    timed: list[tuple[float, str, object]] = []

    def started(conn, _cursor, _statement, _parameters, _context, _many):
        conn.info["bench_started"] = time.perf_counter()

    def ended(conn, _cursor, statement, parameters, _context, _many):
        timed.append((time.perf_counter() - conn.info.pop("bench_started"), statement, parameters))

    with app.app_context():
        engine = db.engine
        client.get(path, headers=headers)  # warm: templates compiled, connections pooled
        event.listen(engine, "before_cursor_execute", started)
        event.listen(engine, "after_cursor_execute", ended)
        began = time.perf_counter()
        status = client.get(path, headers=headers).status_code
        total = time.perf_counter() - began
        event.remove(engine, "before_cursor_execute", started)
        event.remove(engine, "after_cursor_execute", ended)
        lines = [
            f"{path}: {total * 1000:.0f} ms in the process (status {status}), "
            f"{len(timed)} statements taking {sum(t for t, _, _ in timed) * 1000:.0f} ms"
        ]
        selects = [item for item in timed if item[1].lstrip().upper().startswith("SELECT")]
        if selects:
            seconds, statement, parameters = max(selects, key=lambda item: item[0])
            lines.append(f"slowest SELECT ({seconds * 1000:.0f} ms): {' '.join(statement.split())[:300]}")
            with engine.connect() as connection:
                plan = connection.exec_driver_sql(f"EXPLAIN (ANALYZE, BUFFERS) {statement}", parameters)
                lines += [f"  {row}" for row in plan.scalars().all()[:PLAN_LINES]]
                connection.rollback()
        db.engine.dispose()
    return lines
