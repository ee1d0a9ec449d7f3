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


def objection_panel(case, viewer=None, in_use=None) -> Panel | None:
    """The objected measure at the top of an objection's staff case page (a staff_page panel)."""
    measure = objected_measure(case)
    return (
        Panel("compliance/_objected_measure.html", ObjectedMeasure(measure, "compliance.measure"), top=True)
        if measure is not None
        else None
    )


def participant_objection(case) -> Panel | None:
    """The same notice on the participant's case page, linking its own page of the measure."""
    measure = objected_measure(case)
    return (
        Panel("compliance/_objected_measure.html", ObjectedMeasure(measure, "compliance.my_measure"))
        if measure is not None
        else None
    )
