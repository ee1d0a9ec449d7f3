"""Error pages for people and problem+json for the API; nothing answers a bare 500."""
from flask import Flask, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from app.api.problems import problem


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
            return problem(code, detail)
        return render_template("errors/error.html", code=code, message=_message(code)), code

    @app.errorhandler(Exception)
    def _unexpected(error: Exception):
        app.logger.exception("Unhandled error on %s %s", request.method, request.path)
        if _wants_problem():
            return problem(500, "Something went wrong on our side; nothing you sent was stored.")
        try:
            return render_template("errors/error.html", code=500, message=_message(500)), 500
        except Exception:  # the page itself may be what broke: answer plainly
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
