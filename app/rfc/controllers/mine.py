"""The submitter's page of an RFC (under /mijn/zaken): its status, lead times and the steps they are told."""

from flask import render_template
from flask_login import current_user

from app.rfc import access, downloads, page_access
from app.rfc.services import clocks, events


def my_rfc(reference: str):
    rfc = page_access.viewed_rfc(reference)
    return render_template(
        "rfc/mine.html",
        rfc=rfc,
        events=events.of(rfc, access.visible_scopes(current_user, rfc)),
        deadlines=clocks.of(rfc),
    )


def my_rfc_file(reference: str, attachment_id: int):
    """A file sent with the RFC, for its organisation (and the foundation): always a download."""
    return downloads.send_rfc_file(page_access.viewed_rfc(reference), attachment_id, current_user)
