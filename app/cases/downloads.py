"""An attachment as a download, for every page that offers one (staff, portal, follow-up, an RFC's pages)."""

from io import BytesIO

from flask import abort, current_app, send_file

from app.cases.services import case_records


def send_attachment(case, item):
    """The file as a download, for a viewer the caller has checked; 404 when storage lost it. `case` is
    what the file belongs to (a case, or an RFC: anything with a reference)."""
    try:
        data = case_records.storage().read(item.storage_key)
    except FileNotFoundError:
        current_app.logger.error("Attachment %s of %s is missing from storage", item.id, case.reference)
        abort(404)
    # Always a download, never shown inline: a file from outside must not run in our origin.
    response = send_file(BytesIO(data), mimetype=item.content_type, as_attachment=True, download_name=item.filename)
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
