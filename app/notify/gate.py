"""Who may open the outbox pages: administrators only; the blueprint runs this before each of them."""

from flask import abort
from flask_login import current_user, login_required


@login_required
def admins_only():
    # Mail bodies hold case details: other users learn nothing, not even that the page exists.
    if current_user.role != "admin":
        abort(404)
