"""GET /openapi.json and /changelog: the API's OpenAPI 3 document and the history of its versions."""

from pathlib import Path

from flask import current_app

from app.api import openapi
from app.api.responses import json_response

CHANGELOG = Path(__file__).resolve().parents[3] / "docs" / "api-changelog.md"


def openapi_document():
    config = current_app.config
    return json_response(openapi.document(config["MAIL_FROM"], config["PUBLIC_BASE_URL"]))


def changelog():
    return current_app.response_class(CHANGELOG.read_text(encoding="utf-8"), mimetype="text/markdown")
