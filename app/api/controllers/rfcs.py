"""The RFC desk in the API: POST /rfcs (the submission page's form and service), the public register
(GET /rfcs, /rfcs/{reference}, no token) and a handler's status change (POST /rfcs/{reference}/transition)."""

from flask import request
from flask_babel import gettext as _

from app.api import rfc_views
from app.api.auth import required_user
from app.api.json_input import InvalidInput, read_object, validated
from app.api.members import RFC, RFC_TRANSITION
from app.api.problems import problem
from app.api.rate_limits import filing_budget
from app.api.report_input import read_report, report_files
from app.api.responses import created, json_response
from app.bounds import whole_number
from app.db_setup import reads_first, writes
from app.errors_domain import DomainError, NotAllowed, NotFound
from app.extensions import db
from app.rfc import access
from app.rfc.forms import RfcForm, TransitionForm
from app.rfc.services import handling, register, submission

PATHS = {member.field: member.path for member in (*RFC, *RFC_TRANSITION)}
PART = "rfc"  # the multipart part that holds the RFC's JSON (its files in parts `files`)


def _refusal(error: DomainError):
    """A service's refusal at the JSON member it names (422), or as it is."""
    if error.status == 422 and error.field:
        return problem(422, error.message, {PATHS.get(error.field, error.field): [error.message]})
    raise error


@filing_budget
@reads_first
def submit_rfc():
    actor = required_user()
    submission.require_submitter(actor)  # before the body: a 403 outranks a 422
    (form,) = validated(read_report(PART), (RfcForm, RFC))
    attached = report_files(PART)  # checked as a case's files; one refused file refuses the RFC (422)
    try:
        with writes():
            submitted = submission.submit(form.to_report(), actor=actor, attached=attached)
    except DomainError as error:
        return _refusal(error)
    view = rfc_views.followed_view(
        submitted.rfc, actor, submitted.events, submitted.deadlines, attachments=submitted.attachments
    )
    return created(json_response(view, 201), rfc_views.rfc_path(submitted.rfc.reference))


def _refusal_text(key: str, reason: str) -> str:
    if reason == register.TOO_LONG:
        return f"At most {register.MAX_QUERY} characters."
    return f"Choose one of: {', '.join(register.ALLOWED[key])}."


def rfc_list():
    """The public register, newest first, in keyset pages."""
    filters, reasons = register.parse(request.args)
    errors = {key: [_refusal_text(key, reason)] for key, reason in reasons.items()}
    limit_text = (request.args.get("limit") or "").strip()
    limit = whole_number(limit_text) if limit_text else register.DEFAULT_LIMIT
    if limit is None or not 1 <= limit <= register.MAX_LIMIT:
        errors["limit"] = [f"A whole number between 1 and {register.MAX_LIMIT}."]
    if errors:
        raise InvalidInput(errors, status=400)
    try:
        page = register.search(filters, limit, request.args.get("cursor") or None)
    except ValueError:
        raise InvalidInput({"cursor": ["Pass nextCursor exactly as a previous page gave it."]}, status=400) from None
    return json_response({"items": [rfc_views.public_view(rfc) for rfc in page.items], "nextCursor": page.next_cursor})


def rfc_entry(reference: str):
    rfc = register.find(reference)
    if rfc is None:
        raise NotFound(_("No RFC with this reference."))
    return json_response(rfc_views.with_history(rfc, register.status_history(rfc)))


def transition_rfc(reference: str):
    user = required_user()
    if not access.can_handle(user):
        raise NotAllowed(_("Only the change manager and the analysts handle RFCs."))
    rfc = register.find(reference)
    if rfc is None:
        raise NotFound(_("No RFC with this reference."))
    (form,) = validated(read_object(), (TransitionForm, RFC_TRANSITION))
    try:
        handling.transition(rfc, form.to.data, form.reason.data, actor=user, advice=form.advice.data)
    except DomainError as error:
        db.session.rollback()
        return _refusal(error)
    db.session.commit()
    return json_response(rfc_views.followed_view(rfc, user))
