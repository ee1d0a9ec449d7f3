"""A file sent with an RFC as a download, for the submitter's page and the desk's: who may have it is
app/rfc/access.py's decision; a staff member's download goes into the access log as a case file's does."""

from flask import abort

from app.audit import services as access_log
from app.cases.downloads import send_attachment
from app.rfc import access
from app.rfc.models import Rfc
from app.rfc.services import files


def send_rfc_file(rfc: Rfc, attachment_id: int, user):
    """The file, always as a download (never inline); 404 for a file of another RFC, a viewer who may not
    have it, or a file storage lost."""
    if not access.can_download(user, rfc):
        abort(404)
    item = files.find(rfc, attachment_id)
    if item is None:
        abort(404)
    if getattr(user, "is_staff", False):
        # app/cases/page_access.log_staff_look takes a case: an RFC's file is logged by its own detail.
        access_log.record(user, "download", detail=f"rfc file {item.id}")
    return send_attachment(rfc, item)
