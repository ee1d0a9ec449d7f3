"""JSON answers of the API: a body as JSON, and the 201 of a newly filed case."""

import json

from flask import current_app, url_for

from app.api import serializers
from app.cases import access
from app.cases.models import Case


def json_response(body, status: int = 200):
    return current_app.response_class(json.dumps(body, ensure_ascii=False), status=status, mimetype="application/json")


def filed_case(case: Case, viewer: access.Viewer, code: str | None = None):
    """201 with the filer's view of the new case (and its follow-up code, shown this once)."""
    view = serializers.case_view(case, viewer)
    if code is not None:
        view["followUpCode"] = code
    response = json_response(view, 201)
    response.headers["Location"] = url_for("api.case", reference=case.reference)
    return response
