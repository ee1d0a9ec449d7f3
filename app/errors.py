"""Error pages for people and problem+json for the API; nothing answers a bare 500."""

from flask import Flask, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from markupsafe import escape
from sqlalchemy import exc as sa_exc
from werkzeug.exceptions import HTTPException

from app import db_setup
from app.api.problems import problem
from app.extensions import db

# A database that is away (restarting, unreachable) or too busy: a 503 asks the client to come back.
RETRY_AFTER_SECONDS = 30


def database_unavailable(error: Exception) -> bool:
    """True for errors that say the database cannot serve now, not that a statement is wrong:
    no connection (refused, dropped, pool exhausted), or SQLite's lock waited for in vain."""
    if isinstance(error, sa_exc.TimeoutError):  # no pooled connection came free
        return True
    if not isinstance(error, sa_exc.DBAPIError):
        return False
    if error.connection_invalidated:
        return True
    if not isinstance(error, (sa_exc.OperationalError, sa_exc.InterfaceError)):
        return False
    return db_setup.is_unavailable(error.orig)  # SQLite's "no such table" stays a 500


def _wants_problem() -> bool:
    return request.path.startswith("/api/")


def register(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def _csrf(error: CSRFError):
        if _wants_problem():
            return problem(400, error.description)
        message = _("Your form has expired or was sent from another page. Please try again.")
        return render_template("errors/error.html", code=400, message=message), 400

    @app.errorhandler(HTTPException)
    def _http(error: HTTPException):
        code = error.code or 500
        if _wants_problem():
            detail = error.description
            if code == 429:
                detail = "Too many requests; wait a moment and try again."
            response = problem(code, detail)
            # The exception's own headers (a 405's Allow, a 401's challenge) belong to the answer too.
            for name, value in error.get_headers():
                if name.lower() != "content-type":
                    response.headers[name] = value
            return response
        return render_template("errors/error.html", code=code, message=_message(code)), code

    @app.errorhandler(sa_exc.DBAPIError)
    @app.errorhandler(sa_exc.TimeoutError)
    def _database(error: Exception):
        if not database_unavailable(error):
            return _unexpected(error)
        app.logger.warning("Database unavailable on %s %s: %s", request.method, request.path, error)
        try:
            db.session.rollback()  # the next request starts afresh; pool_pre_ping replaces dead connections
        except Exception:  # noqa: BLE001 - the connection may be gone; the session is reset either way
            db.session.remove()
        headers = {"Retry-After": str(RETRY_AFTER_SECONDS)}
        if _wants_problem():
            response = problem(
                503,
                "The desk cannot reach its database just now. Try again in a minute; "
                "with the same Idempotency-Key a retry never files twice.",
            )
            response.headers.update(headers)
            return response
        message = _("The desk cannot reach its database just now. Please try again in a minute.")
        try:
            return render_template("errors/error.html", code=503, message=message), 503, headers
        except Exception:  # noqa: BLE001 - the page may need the database itself (the logged-in user)
            page = f"<!doctype html><title>503</title><h1>503</h1><p>{escape(message)}</p>"
            return page, 503, {**headers, "Content-Type": "text/html; charset=utf-8"}

    @app.errorhandler(Exception)
    def _unexpected(error: Exception):
        app.logger.exception("Unhandled error on %s %s", request.method, request.path)
        if _wants_problem():
            return problem(500, "Something went wrong on our side; nothing you sent was stored.")
        try:
            return render_template("errors/error.html", code=500, message=_message(500)), 500
        except Exception:  # noqa: BLE001 - the page itself may be what broke: answer plainly
            return "Internal Server Error", 500, {"Content-Type": "text/plain; charset=utf-8"}


def _message(code: int) -> str:
    messages = {
        400: _("The request could not be understood."),
        403: _("You do not have access to this page."),
        404: _("This page does not exist, or you do not have access to it."),
        405: _("This action is not possible here."),
        413: _("What you sent is too large. Files may be at most the size shown on the form."),
        429: _("Too many attempts in a short time. Wait a moment and try again."),
        500: _("Something went wrong on our side. Please try again later."),
    }
    return messages.get(code, _("Something went wrong."))
