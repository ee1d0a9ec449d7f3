"""An attachment of a case downloaded from the staff case page."""

from flask import abort
from flask_login import login_required

from app.cases import access, page_access
from app.cases.downloads import send_attachment
from app.cases.services import queries


@login_required
def attachment(reference: str, attachment_id: int):
    case, viewer = page_access.staff_case(reference)
    item = queries.attachment(case, attachment_id)
    if item is None or not access.can_see_item(viewer, case, item.visibility):
        abort(404)
    response = send_attachment(case, item)
    page_access.log_staff_look(case, viewer, "download", f"file {item.id}")
    return response
