"""The main blueprint: the home page, the language switch and the health check (endpoint `main.<name>`)."""

from flask import Blueprint

from app.main.controllers import site

bp = Blueprint("main", __name__)

RULES = (
    # (URL rule, view, methods); the endpoint is the view's name.
    ("/", site.home, ["GET"]),
    ("/taal", site.set_language, ["POST"]),
    ("/healthz", site.health, ["GET"]),
)
for rule, view, methods in RULES:
    bp.add_url_rule(rule, view.__name__, view, methods=methods)
