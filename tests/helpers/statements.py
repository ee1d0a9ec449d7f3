"""Counting the SQL statements a request sends, to pin that a page's cost does not grow with its rows."""

from contextlib import contextmanager

from sqlalchemy import event

from app.extensions import db


@contextmanager
def counted_statements():
    """The SQL statements sent while inside, as a list of their text."""
    sent: list[str] = []

    def count(_conn, _cursor, statement, *_args):
        sent.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        yield sent
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
