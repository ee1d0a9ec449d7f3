"""JSON answers of the API: a body as JSON, and the 201 of a newly filed case."""

import json

from flask import current_app, url_for

from app.api import serializers
from app.cases import access
from app.intake.services.filing import Filed


def json_response(body, status: int = 200):
    return current_app.response_class(json.dumps(body, ensure_ascii=False), status=status, mimetype="application/json")


def filed_case(filed: Filed, viewer: access.Viewer):
    """201 with the filer's view of the new case (and its follow-up code, shown this once), built
    from the rows as the filing wrote them."""
    view = serializers.case_view(filed.case, viewer, filed)
    if filed.code is not None:
        view["followUpCode"] = filed.code
    response = json_response(view, 201)
    response.headers["Location"] = url_for("api.case", reference=filed.case.reference)
    return response
