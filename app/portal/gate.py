"""Who may open the participants' pages: users of an organisation that may list cases. The blueprint
runs this before each page; staff are sent to the foundation's own page for the same case."""

from flask import abort, redirect, request, url_for
from flask_login import current_user, login_required

from app.cases import access
from app.rfc import access as rfc_access

# The portal pages of one case; staff following such a link land on the case's staff page.
CASE_ENDPOINTS = ("portal.case", "portal.attachment", "portal.print_case")


@login_required
def organisation_users_only():
    # The foundation has its own pages for the same cases; a party's link takes staff there.
    if current_user.is_staff:
        if request.endpoint in CASE_ENDPOINTS:
            return redirect(url_for("cases.detail", reference=request.view_args["reference"]))
        return redirect(url_for("cases.queue"))
    if access.listing_filter(access.Viewer(user=current_user)) is None:
        abort(404)
    return None


def menu_policies() -> dict:
    """What the header menu (templates/portal/_nav.html) asks of the access policy on every page."""
    return {"can_file_dispute": access.can_file_dispute, "can_submit_rfc": rfc_access.can_submit}
