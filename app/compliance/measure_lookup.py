"""Which measure a page shows: one the viewer may see (else a 404), and the measure an objection case is about."""

from flask import abort
from flask_login import current_user

from app.cases import access
from app.compliance.models import Measure
from app.compliance.services import objections, queries


def visible_measure(measure_id: int) -> Measure:
    """The measure when the viewer may see it; 404 otherwise, so its existence is not revealed."""
    measure = queries.find(measure_id)
    if measure is None or not access.can_view_measure(access.Viewer(user=current_user), measure):
        abort(404)
    return measure


def objected_measure(case) -> Measure | None:
    """The measure an objection case is about, for the link at the top of its pages."""
    if case.type != "objection":
        return None
    objection = objections.of_case(case)
    return objection.measure if objection is not None else None
