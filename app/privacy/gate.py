"""Who may open the privacy pages: coordinators; the processing register every staff member."""

from flask import abort, request
from flask_login import current_user, login_required

# Every staff member may read what the foundation processes and why; the rest is the coordinators'.
STAFF_PAGES = {"privacy.processing_register"}


@login_required
def coordinators_only():
    # Others learn nothing, not even that the pages exist.
    if request.endpoint in STAFF_PAGES and current_user.is_staff:
        return
    if current_user.role != "coordinator":
        abort(404)
