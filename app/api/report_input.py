"""A report filed through the API: its JSON alone, or as the part `case` of multipart/form-data with
files in the same request, checked as the report pages check them (app/cases/form_uploads.py). Another
desk names its own JSON part (an RFC's is `rfc`)."""

from flask import request
from flask_babel import gettext as _
from werkzeug.exceptions import UnsupportedMediaType

from app.api.json_input import MAX_JSON_BYTES, InvalidInput, parse_object, read_object
from app.cases.form_uploads import checked_files
from app.cases.uploads import CheckedFile

MULTIPART = "multipart/form-data"
PART = "case"  # the multipart part that holds the report's JSON
FILES = "files"  # the multipart parts that hold its files


def read_report(part: str = PART) -> dict:
    """The report's members, from a JSON body or from the multipart part `part` (`case` for a case)."""
    if request.mimetype != MULTIPART:
        if request.mimetype != "application/json":
            if part == PART:
                raise UnsupportedMediaType(
                    _(
                        "Send the report as application/json, or as multipart/form-data with a JSON part 'case' "
                        "and files."
                    )
                )
            raise UnsupportedMediaType(
                _(
                    "Send it as application/json, or as multipart/form-data with a JSON part '%(part)s' and files.",
                    part=part,
                )
            )
        return read_object()
    # The JSON part is a form field: give it the room a JSON body has (the default is 500 kB).
    request.max_form_memory_size = MAX_JSON_BYTES
    raw = request.form.get(part)
    if raw is not None:
        return parse_object(raw.encode("utf-8", "surrogatepass"))
    sent = request.files.get(part)  # a client that sends the JSON part with a file name
    if sent is not None:
        return parse_object(sent.stream.read(MAX_JSON_BYTES + 1))
    if part == PART:
        raise InvalidInput({PART: [_("Send the report's JSON in the multipart part 'case'.")]})
    raise InvalidInput({part: [_("Send the JSON in the multipart part '%(part)s'.", part=part)]})


def report_files(part: str = PART) -> tuple[CheckedFile, ...]:
    """The files sent with the report, each checked by its content and size, at most the configured
    number; one refused file refuses the report (422, naming the file), and nothing is stored."""
    if request.mimetype != MULTIPART:
        return ()
    uploads = [upload for name, upload in request.files.items(multi=True) if name != part]
    errors: list[str] = []
    checked = checked_files(uploads, errors)
    if errors:
        raise InvalidInput({FILES: errors})
    return checked
