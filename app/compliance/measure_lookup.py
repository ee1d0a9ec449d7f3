"""Which measure a page shows: one the viewer may see (else a 404), and the measure an objection case is about."""

from dataclasses import dataclass

from flask import abort
from flask_login import current_user

from app.cases import access
from app.cases.staff_page import Panel
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


@dataclass(frozen=True)
class ObjectedMeasure:
    """What templates/compliance/_objected_measure.html draws: the measure, and the reader's page of it."""

    measure: Measure
    endpoint: str  # compliance.measure for the desk's staff, compliance.my_measure for the participant


def objection_notice(case, endpoint: str, *, top: bool = False) -> Panel | None:
    """The objected measure as a panel of an objection's case page, linking `endpoint` (the reader's page)."""
    measure = objected_measure(case)
    if measure is None:
        return None
    return Panel("compliance/_objected_measure.html", ObjectedMeasure(measure, endpoint), top=top)


def objection_panel(case, viewer=None, in_use=None) -> Panel | None:
    """The staff case page's provider: the notice at the top, linking the desk's measure page."""
    return objection_notice(case, "compliance.measure", top=True)
