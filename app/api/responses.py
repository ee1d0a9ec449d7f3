"""JSON answers of the API: a body as JSON, a case with its ETag, and the 201 of a newly filed case."""

import hashlib
import json

from flask import current_app, request

from app.api import serializers
from app.cases import access
from app.cases.models import Case
from app.intake.services.filing import Filed


def json_response(body, status: int = 200):
    return current_app.response_class(json.dumps(body, ensure_ascii=False), status=status, mimetype="application/json")


def tagged(response):
    """An ETag of exactly the bytes the viewer gets, so it differs wherever the viewer's content does;
    a GET whose If-None-Match names it answers 304 without a body."""
    response.set_etag(hashlib.sha256(response.get_data()).hexdigest()[:40])
    # Another token may see other content under the same URL.
    response.vary.add("Authorization")
    return response.make_conditional(request)


def case_answer(case: Case, viewer: access.Viewer, status: int = 200):
    """The case as `viewer` may see it, with its ETag."""
    return tagged(json_response(serializers.case_view(case, viewer), status))


def created(response, location: str):
    """A 201 names what it created."""
    response.headers["Location"] = location
    return response


def filed_case(filed: Filed, viewer: access.Viewer):
    """201 with the filer's view of the new case (and its follow-up code, shown this once), built
    from the rows as the filing wrote them."""
    view = serializers.case_view(filed.case, viewer, filed)
    if filed.code is not None:
        view["followUpCode"] = filed.code
    return created(json_response(view, 201), serializers.case_path(filed.case.reference))
