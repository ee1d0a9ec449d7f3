"""JSON API v1: a thin face over the same forms, services and access policy as the HTML views."""
import json
from dataclasses import replace

from flask import Blueprint, current_app, request, url_for
from flask_babel import gettext as _

from app.api import openapi, serializers
from app.api.auth import Unauthenticated, optional_user, required_user
from app.api.json_input import FOLLOW_UP, INCIDENT, MESSAGE, InvalidInput, member_path, read_object, validated
from app.api.problems import API_VERSION, problem
from app.cases import access
from app.cases.services import queries, queue
from app.cases.models import CASE_TYPES, INCIDENT_CATEGORIES, STATUSES, Case
from app.bounds import whole_number
from app.web.rate_keys import has_api_token
from app.errors_domain import Conflict, DomainError, NotFound
from app.extensions import csrf, db, limiter
from app.intake.services import filing as intake_filing
from app.intake.services.follow_up import add_reporter_information, find_for_follow_up
from app.intake.forms.follow_up import AddInformationForm, FollowUpForm
from app.intake.forms.incident import IncidentForm

bp = Blueprint("api", __name__, url_prefix="/api/v1")
# Callers authenticate with a bearer token, never a cookie, so there is no session to forge.
csrf.exempt(bp)


def _intake_limit() -> str:
    return current_app.config["INTAKE_RATE_LIMIT"]


def _follow_up_limit() -> str:
    return current_app.config["FOLLOW_UP_RATE_LIMIT"]


# Both follow-up endpoints take a code, so they share one budget against guessing.
_follow_up_budget = limiter.shared_limit(_follow_up_limit, scope="api-follow-up")


def _token_limit() -> str:
    return current_app.config["API_TOKEN_RATE_LIMIT"]


# A client with a token has a budget of its own across the API, per token, whatever its address;
# the limits of filing and follow-up count per token for it as well (app/web/rate_keys.py).
limiter.shared_limit(_token_limit, scope="api-token", exempt_when=lambda: not has_api_token())(bp)


@bp.after_request
def _version(response):
    response.headers["API-Version"] = API_VERSION
    return response


@bp.errorhandler(InvalidInput)
def _invalid(error: InvalidInput):
    detail = "Some query parameters are invalid." if error.status == 400 else "Some members are missing or invalid."
    return problem(error.status, detail, error.errors)


@bp.errorhandler(Unauthenticated)
def _unauthenticated(error: Unauthenticated):
    response = problem(401, error.detail)
    response.headers["WWW-Authenticate"] = error.challenge
    return response


@bp.errorhandler(DomainError)
def _refused(error: DomainError):
    errors = {member_path(error.field): [error.message]} if error.field and error.status == 422 else None
    return problem(error.status, error.message, errors)


def _json(body, status: int = 200):
    return current_app.response_class(json.dumps(body, ensure_ascii=False), status=status,
                                      mimetype="application/json")


def _reporter(case: Case, user=None) -> access.Viewer:
    return access.Viewer(user=user, reporter_of_case_id=case.id)


@bp.post("/incidents")
@limiter.limit(_intake_limit)
def file_incident():
    (form,) = validated(read_object(), (IncidentForm, INCIDENT))
    actor = optional_user()
    case, code = intake_filing.file_incident(form.to_report(), (), actor=actor)
    db.session.commit()
    return _filed(case, _reporter(case, actor), code)


def _filed(case: Case, viewer: access.Viewer, code: str | None = None):
    """201 with the filer's view of the new case (and its follow-up code, shown this once)."""
    view = serializers.case_view(case, viewer)
    if code is not None:
        view["followUpCode"] = code
    response = _json(view, 201)
    response.headers["Location"] = url_for("api.case", reference=case.reference)
    return response


@bp.post("/follow-up")
@_follow_up_budget
def follow_up():
    (form,) = validated(read_object(), (FollowUpForm, FOLLOW_UP))
    case = find_for_follow_up(form.reference.data, form.code.data)
    return _json(serializers.case_view(case, _reporter(case)))


@bp.post("/follow-up/messages")
@_follow_up_budget
def follow_up_message():
    lookup, addition = validated(read_object(), (FollowUpForm, FOLLOW_UP), (AddInformationForm, MESSAGE))
    case = find_for_follow_up(lookup.reference.data, lookup.code.data)
    viewer = _reporter(case)
    if not access.can_contribute(viewer, case):
        raise Conflict(_("This case is closed; information can no longer be added."))
    add_reporter_information(case, addition.body.data.strip(), (), actor=None)
    db.session.commit()
    return _json(serializers.case_view(case, viewer), 201)


def visible_case(reference: str):
    """The case and the token's user as viewer; a case the caller may not see answers as an unknown one."""
    viewer = access.Viewer(user=required_user())
    found = queries.find_by_reference(reference)
    if found is None or not access.can_view(viewer, found):
        raise NotFound(_("No case with this reference, or you may not see it."))
    return found, viewer


@bp.get("/cases/<reference>")
def case(reference: str):
    found, viewer = visible_case(reference)
    body = serializers.case_view(found, viewer)
    db.session.commit()  # keeps the token's last use
    return _json(body)


@bp.get("/cases")
def cases():
    viewer = access.Viewer(user=required_user())
    filters, limit, cursor = _list_query(viewer.user)
    scope = access.listing_filter(viewer)
    try:
        page = queue.search(replace(filters, **scope), limit, cursor) if scope is not None else queue.Page([], None)
    except ValueError as refusal:
        raise InvalidInput({"query": [str(refusal)]}, status=400) from None
    body = {"items": [serializers.case_view(item, viewer) for item in page.items], "nextCursor": page.next_cursor}
    db.session.commit()  # keeps the token's last use
    return _json(body)


@bp.get("/openapi.json")
def openapi_document():
    config = current_app.config
    return _json(openapi.document(config["MAIL_FROM"], config["PUBLIC_BASE_URL"]))


def _list_query(user) -> tuple[queue.QueueFilters, int, str | None]:
    """The queue filters from the query string; each bad key is named in one 400."""
    args, errors = request.args, {}

    def choice(key: str, allowed) -> str | None:
        value = args.get(key) or None
        if value is not None and value not in allowed:
            errors[key] = [f"Choose one of: {', '.join(allowed)}."]
        return value

    def integer(key: str) -> int | None:
        value = (args.get(key) or "").strip()
        number = whole_number(value) if value else None
        if value and number is None:
            errors[key] = ["Expected a whole number (at most 9223372036854775807)."]
        return number

    case_type = choice("type", CASE_TYPES)
    # No status filter means every status; "open" is the staff queue's default view.
    status = choice("status", (*STATUSES, queue.OPEN, queue.ALL)) or queue.ALL
    category = choice("category", INCIDENT_CATEGORIES)
    breached = choice("breached", ("true", "false"))
    participant_id, limit = integer("participantId"), integer("limit")
    if limit is not None and not 1 <= limit <= queue.MAX_LIMIT:
        errors["limit"] = [f"Between 1 and {queue.MAX_LIMIT}."]
    cursor = args.get("cursor") or None
    if cursor is not None:
        try:
            queue.decode_cursor(cursor)
        except ValueError:
            errors["cursor"] = ["Pass nextCursor exactly as a previous page gave it."]
    try:
        assignee = queue.assignee_filter(args.get("assignee"), me=user)
    except ValueError as refusal:
        assignee = {}
        errors["assignee"] = [str(refusal)]
    if errors:
        raise InvalidInput(errors, status=400)
    filters = queue.QueueFilters(
        type=case_type, status=status, category=category, participant_id=participant_id,
        breached=None if breached is None else breached == "true", q=(args.get("q") or "").strip() or None,
        **assignee,
    )
    return filters, limit or queue.DEFAULT_LIMIT, cursor


from app.api import filing  # noqa: E402,F401  (complaints and disputes)
from app.api import handling  # noqa: E402,F401  (assign and transition, for staff)
from app.api import decisions  # noqa: E402,F401  (decisions and four eyes on measures, for staff)
from app.api import party  # noqa: E402,F401  (messages and files on a case)
from app.api import register  # noqa: E402,F401  (the public Keurmerkregister)
from app.api import breach  # noqa: E402,F401  (a data leak's AP notification and updated answers)
