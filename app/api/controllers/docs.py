"""GET /openapi.json: the API's OpenAPI 3 document."""

from flask import current_app

from app.api import openapi
from app.api.responses import json_response


def openapi_document():
    config = current_app.config
    return json_response(openapi.document(config["MAIL_FROM"], config["PUBLIC_BASE_URL"]))
