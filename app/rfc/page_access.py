"""The RFC a page is about, found as the viewer may see it: an unknown RFC and one the viewer may not see
answer alike (404); the decisions are app/rfc/access.py's."""

from flask import abort
from flask_login import current_user

from app.rfc import access
from app.rfc.models import Rfc
from app.rfc.services import register


def viewed_rfc(reference: str) -> Rfc:
    rfc = register.find(reference)
    if rfc is None or not access.can_view(current_user, rfc):
        abort(404)
    return rfc


def staff_only() -> None:
    """The desk's pages: the foundation's staff; others learn nothing, not even that they exist."""
    if not (current_user.is_authenticated and current_user.is_staff):
        abort(404)


def handled_rfc(reference: str) -> Rfc:
    """An RFC for an action: a handler (403 for the foundation's others), an RFC that exists (404)."""
    rfc = viewed_rfc(reference)
    if not access.can_handle(current_user):
        abort(403)
    return rfc
