"""POST /cases/{reference}/messages and /attachments: the party page's reply, and the handlers' messages."""

from functools import partial

from flask import current_app, request
from flask_babel import gettext as _
from werkzeug.exceptions import RequestEntityTooLarge, UnsupportedMediaType

from app.api import deprecation, serializers
from app.api.auth import required_user
from app.api.json_input import InvalidInput, read_object, validated
from app.api.members import CASE_MESSAGE, VISIBILITY
from app.api.responses import case_answer, created, json_response
from app.cases import access
from app.cases.services import handling, hearing, queries
from app.cases.uploads import FileTooLarge, UploadRejected, check
from app.errors_domain import NotFound
from app.extensions import db
from app.portal.forms import MessageForm, VisibilityForm


def _writable_case(reference: str):
    """The case and the caller, who may write on it: else 404 (not visible), 403 or 409."""
    actor = required_user()
    case = queries.find_by_reference(reference)
    if case is None:
        raise NotFound(_("No case with this reference, or you may not see it."))
    return case, hearing.require_writer(case, actor)


def _chosen(viewer: access.Viewer, case, body: dict) -> dict:
    """The body with the visibility the choice stores; a party that still names its own scope
    `party:<id>` (for `internal`) is told the alias will go."""
    value = body.get("visibility")
    if not isinstance(value, str):
        return body
    stored = access.chosen_visibility(viewer, case, value)
    if stored == value and access.shown_visibility(viewer, case, value) != value:
        deprecation.used(deprecation.PARTY_OWN_SCOPE)
    return {**body, "visibility": stored}


def case_message(reference: str):
    case, viewer = _writable_case(reference)
    scopes = access.message_scopes(viewer, case)
    (form,) = validated(_chosen(viewer, case, read_object()), (partial(MessageForm, scopes=scopes), CASE_MESSAGE))
    body, visibility = form.body.data, form.visibility.data
    if not access.can_handle(viewer, case):
        event = hearing.reply(case, body, visibility, actor=viewer.user)
    elif visibility == "internal":
        event = handling.add_note(case, body, actor=viewer.user)
    else:
        event = handling.send_message(case, body, visibility, actor=viewer.user)
    db.session.commit()
    # A message has no URL of its own: it is the timeline item with this id in the case's answer.
    return created(case_answer(case, viewer, 201), f"{serializers.case_path(case.reference)}#event-{event.id}")


def case_attachment(reference: str):
    case, viewer = _writable_case(reference)
    if request.mimetype != "multipart/form-data":
        raise UnsupportedMediaType(_("Send the file as multipart/form-data in the field 'file'."))
    scopes = access.message_scopes(viewer, case)
    # Without a choice a file stays as private as the caller can make it: the foundation only.
    chosen = _chosen(viewer, case, {"visibility": request.form.get("visibility") or "internal"})
    (form,) = validated(chosen, (partial(VisibilityForm, scopes=scopes), VISIBILITY))
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        raise InvalidInput({"file": ["Send one file in the multipart field 'file'."]})
    max_bytes = current_app.config["MAX_UPLOAD_BYTES"]
    try:
        # One byte past the limit is enough to know it is too large without reading it all.
        checked = check(upload.filename, upload.stream.read(max_bytes + 1), max_bytes)
    except FileTooLarge as refusal:
        raise RequestEntityTooLarge(str(refusal)) from None
    except UploadRejected as refusal:
        raise InvalidInput({"file": [str(refusal)]}) from None
    attachment = hearing.add_file(case, checked, form.visibility.data, actor=viewer.user)
    db.session.commit()
    view = serializers.attachment_view(case, viewer, attachment)
    return created(json_response(view, 201), view["url"])
