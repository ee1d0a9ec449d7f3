"""A staff action on a case: run the service, commit once, answer with the case; a refusal changes nothing."""

from collections.abc import Callable

from app.api import serializers
from app.api.problems import problem
from app.api.responses import json_response
from app.errors_domain import DomainError
from app.extensions import db


def run_action(case, viewer, action: Callable[[], None], path_of: Callable[[str], str]):
    """Runs `action`, commits once and answers with the case as `viewer` sees it.

    `path_of` gives the JSON member path of a form field a refusal names."""
    try:
        action()
    except DomainError as error:
        db.session.rollback()
        if error.status == 422 and error.field:
            message = error.message
            return problem(422, message, {path_of(error.field): [message]})
        raise
    db.session.commit()
    return json_response(serializers.case_view(case, viewer))
