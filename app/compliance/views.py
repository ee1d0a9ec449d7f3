"""Pages of measures: the foundation's measure page, and the participant's own measures."""
from flask import Blueprint, abort, render_template
from flask_login import current_user, login_required

from app.cases import access
from app.compliance.models import Measure
from app.extensions import db

bp = Blueprint("compliance", __name__)


def _visible_measure(measure_id: int) -> Measure:
    """The measure when the viewer may see it; 404 otherwise, so its existence is not revealed."""
    measure = db.session.get(Measure, measure_id)
    if measure is None or not access.can_view_measure(access.Viewer(user=current_user), measure):
        abort(404)
    return measure


@bp.get("/zaken/maatregelen/<int:measure_id>", endpoint="measure")
@login_required
def measure_page(measure_id: int):
    if not current_user.is_staff:
        abort(404)
    return render_template("compliance/measure.html", measure=_visible_measure(measure_id))


@bp.get("/mijn/maatregelen/<int:measure_id>", endpoint="my_measure")
@login_required
def my_measure_page(measure_id: int):
    return render_template("compliance/my_measure.html", measure=_visible_measure(measure_id))
