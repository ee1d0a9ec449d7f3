"""Pages of the HTML lists: ?page=N read once, for every list, so that no number is an error."""

from flask import request

from app.extensions import db

# Past it the row offset outgrows the databases' integers (SQLite refused ?page=10**20 with a 500).
MAX_PAGE = 1_000_000


def paginate(query, per_page: int):
    """The page of `query` that ?page= asks for. Text or a number below 1 is the first page; a page
    past the end is empty, not an error."""
    page = request.args.get("page", 1, type=int)
    return db.paginate(query, page=min(max(page, 1), MAX_PAGE), per_page=per_page, error_out=False)
