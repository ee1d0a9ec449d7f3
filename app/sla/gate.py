"""Who may open the SLA pages: coordinators only; the blueprint runs this before each of them."""

from flask import abort
from flask_login import current_user, login_required


@login_required
def coordinators_only():
    # Policies steer every case's deadlines: others learn nothing, not even that the pages exist.
    if current_user.role != "coordinator":
        abort(404)
