"""Reading uploaded files from a request's form into checked files, errors onto the field."""

from flask import current_app
from flask_babel import gettext as _
from werkzeug.datastructures import FileStorage as UploadedFile

from app.cases.uploads import CheckedFile, UploadRejected, check


def checked_files(uploads: list[UploadedFile], errors: list) -> tuple[CheckedFile, ...]:
    """Every acceptable file; each refusal is added to `errors` so the form shows it."""
    uploads = [u for u in uploads if u and u.filename]
    limit = current_app.config["MAX_UPLOAD_FILES"]
    if len(uploads) > limit:
        errors.append(_("Send at most %(limit)s files at once.", limit=limit))
        return ()
    accepted = []
    max_bytes = current_app.config["MAX_UPLOAD_BYTES"]
    for upload in uploads:
        # Read one byte past the limit: enough to know it is too large without reading it all.
        data = upload.stream.read(max_bytes + 1)
        try:
            accepted.append(check(upload.filename, data, max_bytes))
        except UploadRejected as refusal:
            errors.append(str(refusal))
    return tuple(accepted)
