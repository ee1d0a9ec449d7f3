"""The OpenAPI 3 document of API v1: request schemas derived from the forms and member tables, answers
declared here with the domain's own value lists."""

from app.accounts.forms import WebhookForm
from app.api import deprecation, members, rfc_openapi
from app.api.idempotency import HEADER as IDEMPOTENCY_KEY
from app.api.idempotency import MAX_KEY_LENGTH, REPLAYED
from app.api.problems import API_VERSION
from app.api.report_input import FILES, PART
from app.api.request_schemas import request_schema
from app.cases import event_feed
from app.cases.event_models import EVENT_TYPES
from app.cases.forms import AssignForm, TransitionForm
from app.cases.models import CASE_TYPES, INCIDENT_CATEGORIES, PARTY_ROLES, SEVERITIES, STATUSES
from app.cases.services import queue
from app.compliance.forms import MAX_ROWS, DecisionForm, MeasureFields, ReasonForm
from app.compliance.status import KEURMERK_STATUSES, MEASURE_KINDS, MEASURE_STATUSES
from app.intake.forms.breach_update import ApNotificationForm, BreachUpdateForm
from app.intake.forms.complaint import ComplaintForm
from app.intake.forms.dispute import DisputeForm
from app.intake.forms.follow_up import AddInformationForm, FollowUpForm
from app.intake.forms.incident import IncidentForm
from app.keurmerkregister import listing
from app.portal.forms import MessageForm
from app.register.models import GEGEVENSDIENSTEN
from app.sla.clocks import DEADLINE_KINDS
from app.sla.models import DEADLINE_STATES

ERRORS = {
    400: "Malformed JSON, a body that is not a JSON object, or invalid query parameters.",
    401: "No token, or a token that is unknown, revoked or belongs to an inactive user.",
    403: "The caller's role or organisation may not do this.",
    404: "Unknown, or not visible to the caller (both answer alike).",
    409: "Not possible in the case's current state; or a request with the same Idempotency-Key is still being handled.",
    410: (
        "The reference and code are right, but the report was closed longer ago than the desk keeps "
        "following up by code (FOLLOW_UP_DAYS_AFTER_CLOSURE); the reporter contacts the Meldpunt instead."
    ),
    413: "The body is larger than 1 MiB.",
    415: "The body is not sent as application/json.",
    422: (
        "Invalid members; `errors` maps each member path (e.g. `personalData.affectedMin`) to messages. "
        "Also: the Idempotency-Key was used before with another request."
    ),
    429: "Too many requests from this address, or with this token (every endpoint); see Retry-After.",
}


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _nullable(schema: dict) -> dict:
    return {**schema, "nullable": True}


def _object(properties: dict, required: tuple = (), **extra) -> dict:
    schema = {"type": "object", "properties": properties, **extra}
    if required:
        schema["required"] = list(required)
    return schema


# Every time in an answer is UTC to the second, with "Z" (app/api/serializers.py, moment).
UTC = {
    "type": "string",
    "format": "date-time",
    "pattern": r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$",
    "example": "2026-03-14T08:30:00Z",
}


def _schemas() -> dict:
    measure = _object(
        {
            "id": {"type": "integer"},
            "kind": {"type": "string", "enum": list(MEASURE_KINDS)},
            "participantId": {"type": "integer"},
            "keurmerkId": {
                "type": "integer",
                "nullable": True,
                "description": "null: all the participant's keurmerken.",
            },
            "status": {"type": "string", "enum": list(MEASURE_STATUSES)},
            "dueAt": _nullable(UTC),
            "publish": {"type": "boolean"},
        },
        ("id", "kind", "participantId", "keurmerkId", "status", "dueAt", "publish"),
    )
    case = _object(
        {
            "reference": {"type": "string", "example": "INC-2026-00042"},
            "type": {"type": "string", "enum": list(CASE_TYPES)},
            "category": {"type": "string", "nullable": True, "enum": [*INCIDENT_CATEGORIES, None]},
            "status": {"type": "string", "enum": list(STATUSES)},
            "severity": {"type": "string", "nullable": True, "enum": [*SEVERITIES, None]},
            "title": {"type": "string"},
            "createdAt": UTC,
            "participant": _nullable(_object({"id": {"type": "integer"}, "name": {"type": "string"}}, ("id", "name"))),
            "parties": {
                "type": "array",
                "items": _object(
                    {"role": {"type": "string", "enum": list(PARTY_ROLES)}, "organisation": {"type": "string"}},
                    ("role", "organisation"),
                ),
            },
            "assignee": {"type": "string", "nullable": True, "description": "The case handler's name."},
            "deadlines": {
                "type": "array",
                "items": _object(
                    {
                        "kind": {"type": "string", "enum": list(DEADLINE_KINDS)},
                        "dueAt": UTC,
                        "state": {"type": "string", "enum": list(DEADLINE_STATES)},
                    },
                    ("kind", "dueAt", "state"),
                ),
            },
            "timeline": {
                "type": "array",
                "description": "Only the events visible to the caller.",
                "items": _object(
                    {
                        "id": {
                            "type": "integer",
                            "description": "The event; a new message's Location ends in `#event-<id>`.",
                        },
                        "at": UTC,
                        "kind": {"type": "string"},
                        "text": {"type": "string"},
                    },
                    ("id", "at", "kind", "text"),
                ),
            },
            "attachments": {
                "type": "array",
                "description": "The files visible to the caller, oldest first; each downloads from its `url`.",
                "items": _ref("Attachment"),
            },
            "decision": _nullable(
                _object(
                    {
                        "outcome": {"type": "string", "enum": list(members.OUTCOMES)},
                        "reasoning": {"type": "string"},
                        "decidedAt": UTC,
                        "measures": {
                            "type": "array",
                            "items": measure,
                            "description": (
                                "Parties see the measures in force, met or ended; "
                                "the foundation also proposed and rejected ones."
                            ),
                        },
                    },
                    ("outcome", "reasoning", "decidedAt", "measures"),
                )
            ),
        },
        (
            "reference",
            "type",
            "category",
            "status",
            "severity",
            "title",
            "createdAt",
            "participant",
            "parties",
            "assignee",
            "deadlines",
            "timeline",
            "attachments",
            "decision",
        ),
    )
    problem = _object(
        {
            "type": {"type": "string", "example": "about:blank"},
            "title": {"type": "string"},
            "status": {"type": "integer"},
            "detail": {"type": "string"},
            "errors": {
                "type": "object",
                "additionalProperties": {"type": "array", "items": {"type": "string"}},
                "description": "Per member path or query parameter, what to correct.",
            },
        },
        ("type", "title", "status", "detail"),
    )
    return {
        **_request_schemas(),
        "AttachmentUpload": _object(
            {
                "file": {
                    "type": "string",
                    "format": "binary",
                    "description": (
                        "PDF, image, office document, plain text, CSV or e-mail file, checked by its content; "
                        "at most the configured size (20 MB by default)."
                    ),
                },
                "visibility": {
                    "type": "string",
                    "maxLength": 40,
                    "description": (
                        "As for messages; absent means `internal`, the most private the caller may choose (for a "
                        "party: the foundation and the party itself)."
                    ),
                },
            },
            ("file",),
        ),
        "Attachment": _object(
            {
                "id": {"type": "integer"},
                "filename": {"type": "string"},
                "contentType": {"type": "string"},
                "size": {"type": "integer"},
                "sha256": {"type": "string"},
                "visibility": {
                    "type": "string",
                    "description": "As for messages; a party reads its own party-only scope as `internal`.",
                },
                "createdAt": UTC,
                "url": {
                    "type": "string",
                    "description": "GET downloads the file.",
                    "example": "/api/v1/cases/INC-2026-00042/attachments/7",
                },
            },
            ("id", "filename", "contentType", "size", "sha256", "visibility", "createdAt", "url"),
        ),
        "Case": case,
        "FiledCase": {
            "allOf": [
                _ref("Case"),
                _object(
                    {"followUpCode": {"type": "string", "description": "Shown once; never stored in plain text."}},
                    ("followUpCode",),
                ),
            ]
        },
        "RegisterPage": _object(
            {
                "items": {"type": "array", "items": _ref("RegisterParticipant")},
                "nextCursor": {"type": "string", "nullable": True, "description": "null on the last page."},
            },
            ("items", "nextCursor"),
        ),
        "CaseList": _object(
            {"items": {"type": "array", "items": _ref("Case")}, "nextCursor": {"type": "string", "nullable": True}},
            ("items", "nextCursor"),
        ),
        "Problem": problem,
        "MissingHearingProblem": {
            "allOf": [
                _ref("Problem"),
                _object(
                    {
                        "missing": {
                            "type": "array",
                            "items": {"type": "string"},
                            "minItems": 1,
                            "description": (
                                "Only when not every side was heard: what the hearing lacks, one sentence each, "
                                "in the desk's language."
                            ),
                        }
                    }
                ),
            ]
        },
        **_register_schemas(),
        **_event_schemas(),
        **rfc_openapi.schemas(),
    }


def _request_schemas() -> dict:
    """Each JSON body as its endpoint reads it: the same forms and member tables (app/api/members.py)."""
    follow_up = (FollowUpForm, members.FOLLOW_UP)
    breach_required = tuple(
        member.path
        for member in members.BREACH_ANSWERS
        if member.schema.get("x-required-for-category") == "data_breach"
    )
    answers = (BreachUpdateForm, members.BREACH_ANSWERS)
    described = (
        "The answers as they are now replace the current ones; the earlier answers stay on the "
        "timeline as a version. Checked as a data_breach incident is: "
        f"{', '.join(breach_required)} are required."
    )
    ap_notification = (ApNotificationForm, members.AP_NOTIFICATION)
    decision = request_schema(
        (DecisionForm, members.DECISION),
        description=("The case must be in_progress; a refused measure changes nothing."),
    )
    decision["properties"]["measures"] = {
        "type": "array",
        "maxItems": MAX_ROWS,
        "items": _ref("MeasureRequest"),
        "nullable": True,
    }
    return {
        "IncidentRequest": request_schema(
            (IncidentForm, members.INCIDENT),
            description=(
                f"For category data_breach also: {', '.join(breach_required)}. Unknown members are ignored; "
                "null is absent."
            ),
        ),
        "FollowUpRequest": request_schema(follow_up),
        "FollowUpMessageRequest": request_schema(follow_up, (AddInformationForm, members.MESSAGE)),
        "ApNotificationRequest": request_schema(ap_notification),
        "FollowUpApNotificationRequest": request_schema(follow_up, ap_notification),
        "BreachAnswersRequest": request_schema(answers, required=breach_required, description=described),
        "FollowUpBreachAnswersRequest": request_schema(
            follow_up, answers, required=breach_required, description=described
        ),
        "ComplaintRequest": request_schema((ComplaintForm, members.COMPLAINT)),
        "DisputeRequest": request_schema(
            (DisputeForm, members.DISPUTE),
            description=("A user of a participating supplier files for its organisation, the claimant."),
        ),
        "AssignRequest": request_schema((AssignForm, members.ASSIGN)),
        "TransitionRequest": request_schema((TransitionForm, members.TRANSITION)),
        "DecisionRequest": decision,
        "MeasureRequest": request_schema((MeasureFields, members.MEASURE)),
        "RejectRequest": request_schema((ReasonForm, members.REJECT)),
        "CaseMessageRequest": request_schema((MessageForm, members.CASE_MESSAGE)),
    }


def _register_schemas() -> dict:
    day = {"type": "string", "format": "date", "example": "2026-03-10"}
    keurmerk = _object(
        {
            "id": {"type": "integer"},
            "product": {"type": "string"},
            "gegevensdienst": {"type": "string", "enum": list(GEGEVENSDIENSTEN)},
            "status": {"type": "string", "enum": list(KEURMERK_STATUSES)},
            "since": {**day, "description": "The latest status change, else the day it was granted."},
        },
        ("id", "product", "gegevensdienst", "status", "since"),
    )
    measure = _object(
        {
            "id": {"type": "integer"},
            "kind": {"type": "string", "enum": list(MEASURE_KINDS)},
            "keurmerkId": {
                "type": "integer",
                "nullable": True,
                "description": "null: all the participant's keurmerken.",
            },
            "status": {"type": "string", "enum": list(MEASURE_STATUSES)},
            "startsOn": day,
            "endsOn": _nullable({**day, "description": "The first day it no longer holds."}),
            "publicReason": {"type": "string", "description": "The public text; may be empty (the kind says it)."},
        },
        ("id", "kind", "keurmerkId", "status", "startsOn", "endsOn", "publicReason"),
    )
    participant = _object(
        {
            "id": {"type": "integer"},
            "name": {"type": "string"},
            "category": {"type": "string", "nullable": True},
            "stage": {"type": "string", "nullable": True},
            "keurmerken": {"type": "array", "items": keurmerk},
        },
        ("id", "name", "category", "stage", "keurmerken"),
    )
    return {
        "RegisterParticipant": participant,
        "RegisterList": {"type": "array", "items": _ref("RegisterParticipant")},
        "RegisterParticipantDetail": {
            "allOf": [
                _ref("RegisterParticipant"),
                _object(
                    {
                        "measures": {
                            "type": "array",
                            "items": measure,
                            "description": "Published measures, newest first.",
                        }
                    },
                    ("measures",),
                ),
            ]
        },
    }


VERSION_HEADER = {"API-Version": {"$ref": "#/components/headers/API-Version"}}
ETAG = {"ETag": {"$ref": "#/components/headers/ETag"}}
DEPRECATION_HEADERS = {name: {"$ref": f"#/components/headers/{name}"} for name in ("Deprecation", "Sunset", "Link")}


def _location(what: str) -> dict:
    return {"Location": {"description": what, "schema": {"type": "string"}}}


def _filing_body(schema_name: str, part: str = PART) -> dict:
    """The report as JSON, or as the JSON part `part` (`case`) of a multipart body with its files."""
    return {
        "required": True,
        "content": {
            "application/json": {"schema": _ref(schema_name)},
            "multipart/form-data": {
                "schema": _object(
                    {
                        part: _ref(schema_name),
                        FILES: {
                            "type": "array",
                            "items": {"type": "string", "format": "binary"},
                            "description": (
                                "One part per file (repeat the part name). Checked as the report page checks them: "
                                "by content (PDF, image, office document, plain text, CSV or e-mail file), at most "
                                "the configured size each (20 MB) and number (10). One refused file refuses the "
                                "report with a 422 naming it; nothing is stored."
                            ),
                        },
                    },
                    (part,),
                ),
                "encoding": {part: {"contentType": "application/json"}},
            },
        },
    }


def _answer(description: str, schema_name: str, extra_headers: dict | None = None) -> dict:
    return {
        "description": description,
        "headers": {**VERSION_HEADER, **(extra_headers or {})},
        "content": {"application/json": {"schema": _ref(schema_name)}},
    }


def _operation(
    summary: str,
    operation_id: str,
    answers: dict,
    errors: tuple,
    *,
    body: str | None = None,
    parameters: list | None = None,
    security: list | None = None,
) -> dict:
    operation = {"summary": summary, "operationId": operation_id, "tags": ["v1"], "responses": dict(answers)}
    # A token has one budget across the API (app/api/rate_limits.py): any call with one may answer 429.
    for code in dict.fromkeys((*errors, 429)):
        operation["responses"][str(code)] = {"$ref": f"#/components/responses/{code}"}
    if body:
        operation["requestBody"] = {"required": True, "content": {"application/json": {"schema": _ref(body)}}}
    if parameters:
        operation["parameters"] = parameters
    if security is not None:
        operation["security"] = security
    return operation


def _query(name: str, description: str, schema: dict) -> dict:
    return {"name": name, "in": "query", "required": False, "description": description, "schema": schema}


LIST_PARAMETERS = [
    _query("type", "Case type.", {"type": "string", "enum": list(CASE_TYPES)}),
    _query(
        "status",
        "A status, `open` (the open statuses) or `all`; absent means all.",
        {"type": "string", "enum": [*STATUSES, queue.OPEN, queue.ALL]},
    ),
    _query("category", "Incident category.", {"type": "string", "enum": list(INCIDENT_CATEGORIES)}),
    _query("participantId", "The participant the case is about.", {"type": "integer", "minimum": 0}),
    _query("assignee", "An e-mail address or user id, `me`, or `none` (unassigned).", {"type": "string"}),
    _query("breached", "Whether a deadline has passed.", {"type": "string", "enum": ["true", "false"]}),
    _query("q", "A reference, or words to search for.", {"type": "string"}),
    _query(
        "limit",
        "Page size.",
        {"type": "integer", "minimum": 1, "maximum": queue.MAX_LIMIT, "default": queue.DEFAULT_LIMIT},
    ),
    _query("cursor", "nextCursor of the previous page.", {"type": "string"}),
]
REGISTER_PARAMETERS = [
    _query(
        "q", "Part of the participant's name (case-insensitive).", {"type": "string", "maxLength": listing.MAX_QUERY}
    ),
    _query("category", "The participant's market category.", {"type": "string"}),
    _query(
        "gegevensdienst", "Only keurmerken for this gegevensdienst.", {"type": "string", "enum": list(GEGEVENSDIENSTEN)}
    ),
    _query("status", "Only keurmerken with this status.", {"type": "string", "enum": list(KEURMERK_STATUSES)}),
]
TOKEN = [{"bearerAuth": []}]
CORS_HEADER = {
    "Access-Control-Allow-Origin": {
        "description": "`*`: only this document.",
        "schema": {"type": "string", "enum": ["*"]},
    }
}
JSON_POST = (400, 413, 415, 422, 429)


def _upload_operation(reference: dict) -> dict:
    """A multipart upload: the size limit and the media type are the file's, not a JSON body's."""
    operation = _operation(
        "Add one file to a case under a visibility; stored with its SHA-256 on the timeline",
        "addCaseAttachment",
        {"201": _answer("Stored.", "Attachment", {**_location("The file (its url)."), **DEPRECATION_HEADERS})},
        (*JSON_POST, 401, 403, 404, 409),
        parameters=[reference],
    )
    operation["requestBody"] = {
        "required": True,
        "content": {"multipart/form-data": {"schema": _ref("AttachmentUpload")}},
    }
    problem = {"application/problem+json": {"schema": _ref("Problem")}}
    operation["responses"]["413"] = {
        "description": "The file is larger than the configured limit.",
        "headers": VERSION_HEADER,
        "content": problem,
    }
    operation["responses"]["415"] = {
        "description": "Not sent as multipart/form-data.",
        "headers": VERSION_HEADER,
        "content": problem,
    }
    return operation


def _paths() -> dict:
    reference = {
        "name": "reference",
        "in": "path",
        "required": True,
        "schema": {"type": "string"},
        "example": "INC-2026-00042",
    }
    location = _location("The case in the API.")
    measure_id = {"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}
    return {
        "/incidents": {
            "post": _operation(
                "File an incident (no token needed; with a token, the caller's organisation is the reporter)",
                "fileIncident",
                {"201": _answer("Filed: the reporter's view and the follow-up code.", "FiledCase", location)},
                (*JSON_POST, 401),
                body="IncidentRequest",
                security=[{}, *TOKEN],
            )
            | {"requestBody": _filing_body("IncidentRequest")}
        },
        "/complaints": {
            "post": _operation(
                "File a complaint about a participant (no token needed)",
                "fileComplaint",
                {"201": _answer("Filed: the complainant's view and the follow-up code.", "FiledCase", location)},
                (*JSON_POST, 401),
                body="ComplaintRequest",
                security=[{}, *TOKEN],
            )
            | {"requestBody": _filing_body("ComplaintRequest")}
        },
        "/disputes": {
            "post": _operation(
                "Start a dispute with another participant; the respondent is told at once",
                "fileDispute",
                {"201": _answer("Filed: the claimant's view (followed with the token, no code).", "Case", location)},
                (*JSON_POST, 401, 403),
                body="DisputeRequest",
            )
            | {"requestBody": _filing_body("DisputeRequest")}
        },
        "/follow-up": {
            "post": _operation(
                "The reporter's view of a case, by reference and follow-up code",
                "followUp",
                {
                    "200": _answer(
                        "The reporter's view; its ETag changes when what the reporter sees does.", "Case", ETAG
                    )
                },
                (*JSON_POST, 404, 410),
                body="FollowUpRequest",
                security=[],
            )
        },
        "/follow-up/messages": {
            "post": _operation(
                "The reporter adds information to an open case",
                "addFollowUpMessage",
                {
                    "201": _answer(
                        "Added: the reporter's updated view.",
                        "Case",
                        {**ETAG, **_location("The case, at the new timeline item (`#event-<id>`).")},
                    )
                },
                (*JSON_POST, 404, 409, 410),
                body="FollowUpMessageRequest",
                security=[],
            )
        },
        "/follow-up/ap-notification": {
            "post": _operation(
                "A data leak's reporter records that the AP was notified: the AP clock is met",
                "followUpApNotification",
                {"200": _answer("Recorded: the reporter's updated view.", "Case")},
                (*JSON_POST, 404, 409, 410),
                body="FollowUpApNotificationRequest",
                security=[],
            )
        },
        "/follow-up/breach-answers": {
            "post": _operation(
                "A data leak's reporter updates the answers about the leak (kept as a new version)",
                "followUpBreachAnswers",
                {"200": _answer("Updated: the reporter's view.", "Case")},
                (*JSON_POST, 404, 409, 410),
                body="FollowUpBreachAnswersRequest",
                security=[],
            )
        },
        "/cases/{reference}/ap-notification": {
            "post": _operation(
                "The reporting organisation records that the AP was notified: the AP clock is met",
                "recordApNotification",
                {"200": _answer("Recorded: the caller's updated view.", "Case")},
                (*JSON_POST, 401, 403, 404, 409),
                body="ApNotificationRequest",
                parameters=[reference],
            )
        },
        "/cases/{reference}/breach-answers": {
            "post": _operation(
                "The reporting organisation updates the answers about a data leak (kept as a new version)",
                "updateBreachAnswers",
                {"200": _answer("Updated: the caller's view.", "Case")},
                (*JSON_POST, 401, 403, 404, 409),
                body="BreachAnswersRequest",
                parameters=[reference],
            )
        },
        "/cases": {
            "get": _operation(
                "Cases, nearest deadline first (participants: only their organisation's cases)",
                "listCases",
                {"200": _answer("One page.", "CaseList")},
                (400, 401),
                parameters=[
                    *LIST_PARAMETERS,
                    _query(
                        "updatedSince",
                        "Only cases changed at or after this moment (RFC 3339, with an offset): a status, message, "
                        "file, deadline, decision or measure. A change the caller cannot see may also list a case; "
                        "its ETag then stays the same.",
                        {"type": "string", "format": "date-time", "example": "2026-03-14T09:30:00+01:00"},
                    ),
                ],
            )
        },
        "/cases/{reference}": {
            "get": _operation(
                "One case as the caller may see it",
                "getCase",
                {
                    "200": _answer("The case; its ETag differs whenever what the caller sees differs.", "Case", ETAG),
                    "304": {
                        "description": "Not modified: If-None-Match names the current ETag. No body.",
                        "headers": {**VERSION_HEADER, **ETAG},
                    },
                },
                (400, 401, 404),
                parameters=[
                    reference,
                    {
                        "name": "If-None-Match",
                        "in": "header",
                        "required": False,
                        "description": "An earlier ETag: 304 while the case looks the same to the caller.",
                        "schema": {"type": "string"},
                    },
                ],
            )
        },
        "/cases/{reference}/attachments/{id}": {
            "get": _operation(
                "Download a file of the case the caller may see (always as an attachment, never inline)",
                "getCaseAttachment",
                {
                    "200": {
                        "description": "The file, with its stored content type.",
                        "headers": {
                            **VERSION_HEADER,
                            "Content-Disposition": {
                                "description": "`attachment`, with the file's name.",
                                "schema": {"type": "string"},
                                "required": True,
                            },
                            "X-Content-Type-Options": {"schema": {"type": "string", "enum": ["nosniff"]}},
                        },
                        "content": {"*/*": {"schema": {"type": "string", "format": "binary"}}},
                    }
                },
                (400, 401, 404),
                parameters=[reference, {"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}],
            )
        },
        "/cases/{reference}/assign": {
            "post": _operation(
                "Assign the case to a case handler, who is told by e-mail (staff)",
                "assignCase",
                {"200": _answer("The case, assigned.", "Case")},
                (*JSON_POST, 401, 403, 404, 409),
                body="AssignRequest",
                parameters=[reference],
            )
        },
        "/cases/{reference}/transition": {
            "post": _operation(
                "Move the case to another status, with the reason the parties read (staff)",
                "transitionCase",
                {"200": _answer("The case in its new status.", "Case")},
                (*JSON_POST, 401, 403, 404, 409),
                body="TransitionRequest",
                parameters=[reference],
            )
        },
        "/cases/{reference}/decision": {
            "post": _operation(
                "Decide the case with its measures; every side is written to (staff)",
                "decideCase",
                {
                    "200": _answer("The decided case.", "Case"),
                    "409": {
                        "description": (
                            "Already decided or not in a status to decide; or not every side was heard and "
                            "`confirmMissingHearing` is not true: `missing` names what is missing."
                        ),
                        "headers": VERSION_HEADER,
                        "content": {"application/problem+json": {"schema": _ref("MissingHearingProblem")}},
                    },
                },
                (*JSON_POST, 401, 403, 404),
                body="DecisionRequest",
                parameters=[reference],
            )
        },
        "/measures/{id}/approve": {
            "post": _operation(
                "Approve a proposed suspension or revocation: a coordinator other than the proposer (four eyes)",
                "approveMeasure",
                {"200": _answer("The measure's case; the measure is in force.", "Case")},
                (400, 401, 403, 404, 409),
                parameters=[measure_id],
            )
        },
        "/measures/{id}/reject": {
            "post": _operation(
                "Reject a proposed measure (a coordinator); it never takes effect",
                "rejectMeasure",
                {"200": _answer("The measure's case.", "Case")},
                (*JSON_POST, 401, 403, 404, 409),
                body="RejectRequest",
                parameters=[measure_id],
            )
        },
        "/cases/{reference}/messages": {
            "post": _operation(
                "Add a message to a case under a visibility (parties: while the case is open; answers what was "
                "asked of the caller's organisation)",
                "addCaseMessage",
                {
                    "201": _answer(
                        "Added: the caller's updated view.",
                        "Case",
                        {
                            **ETAG,
                            **_location("The case, at the new timeline item (`#event-<id>`)."),
                            **DEPRECATION_HEADERS,
                        },
                    )
                },
                (*JSON_POST, 401, 403, 404, 409),
                body="CaseMessageRequest",
                parameters=[reference],
            )
        },
        "/cases/{reference}/attachments": {"post": _upload_operation(reference)},
        **_event_paths(),
        **rfc_openapi.paths(_operation, _answer, _query, _location, JSON_POST, TOKEN, _filing_body),
        "/register": {
            "get": _operation(
                "The Keurmerkregister: participants and the status of their keurmerken (no token needed)",
                "listRegister",
                {
                    "200": {
                        "description": (
                            "The participants matching the filters, by name: all of them as a list, or with `limit` "
                            "or `cursor` one page (as /cases pages)."
                        ),
                        "headers": VERSION_HEADER,
                        "content": {
                            "application/json": {"schema": {"oneOf": [_ref("RegisterList"), _ref("RegisterPage")]}}
                        },
                    }
                },
                (400,),
                parameters=[
                    *REGISTER_PARAMETERS,
                    _query("limit", "Page size (answers a page).", {"type": "integer", "minimum": 1, "maximum": 100}),
                    _query("cursor", "nextCursor of the previous page (answers a page).", {"type": "string"}),
                ],
                security=[],
            )
        },
        "/register/{participantId}": {
            "get": _operation(
                "One participant of the register with its published measures (no token needed)",
                "getRegisterParticipant",
                {"200": _answer("The participant.", "RegisterParticipantDetail")},
                (400, 404),
                parameters=[{"name": "participantId", "in": "path", "required": True, "schema": {"type": "integer"}}],
                security=[],
            )
        },
        "/openapi.json": {
            "get": {
                "summary": "This document",
                "operationId": "getOpenApi",
                "tags": ["v1"],
                "security": [],
                "responses": {
                    "200": {
                        "description": "OpenAPI 3 document; any origin may read it.",
                        "headers": {**VERSION_HEADER, **CORS_HEADER},
                        "content": {"application/json": {"schema": {"type": "object"}}},
                    },
                    "429": {"$ref": "#/components/responses/429"},
                },
            },
            "options": {
                "summary": "CORS preflight for this document (every origin)",
                "operationId": "preflightOpenApi",
                "tags": ["v1"],
                "security": [],
                "responses": {
                    "200": {
                        "description": "Allowed: GET from any origin.",
                        "headers": {
                            **VERSION_HEADER,
                            **CORS_HEADER,
                            "Access-Control-Allow-Methods": {"schema": {"type": "string"}},
                            "Allow": {"schema": {"type": "string"}},
                        },
                    }
                },
            },
        },
        "/changelog": {
            "get": {
                "summary": "The history of this API's versions and its deprecation policy (Markdown)",
                "operationId": "getChangelog",
                "tags": ["v1"],
                "security": [],
                "responses": {
                    "200": {
                        "description": "docs/api-changelog.md.",
                        "headers": VERSION_HEADER,
                        "content": {"text/markdown": {"schema": {"type": "string", "format": "binary"}}},
                    },
                    "429": {"$ref": "#/components/responses/429"},
                },
            }
        },
    }


# Events, pulled (GET /events) and pushed (webhooks): schemas and paths in one place.
EVENT_DATA = (
    "What the event says, as the caller may see it: case.filed `caseType`, `title`; case.status_changed `from`, "
    "`to`, `reason`; case.message `author`, `body`, `visibility`, `files`; case.response_requested "
    "`organisationId`, `question`, `dueAt`; case.decided `outcome`, `reasoning`; measure.changed `measureId`, "
    "`kind`, `change` (taken, proposed, approved, rejected, met, ended, breached, participant_heard), `replacedBy`; "
    "rfc.status_changed (to the submitting organisation and the foundation; `reference` is the RFC's) `from`, `to`, "
    "`reason`."
)


def _event_schemas() -> dict:
    event_type = {"type": "string", "enum": list(EVENT_TYPES)}
    event = _object(
        {
            "id": {
                "type": "string",
                "example": "evt_5f0c6a1e9b2d4c7a8e3f1b0d",
                "description": "Stable: the `webhook-id` of its deliveries; receivers de-duplicate on it.",
            },
            "type": event_type,
            "at": UTC,
            "reference": {"type": "string", "example": "GES-2026-00003"},
            "data": {"type": "object", "additionalProperties": True, "description": EVENT_DATA},
        },
        ("id", "type", "at", "reference", "data"),
    )
    endpoint = _object(
        {
            "id": {"type": "integer"},
            "url": {"type": "string"},
            "events": {"type": "array", "items": event_type},
            "createdAt": UTC,
            "paused": {"type": "boolean", "description": "Paused after repeated failures until resumed."},
            "pausedAt": _nullable(UTC),
            "failures": {"type": "integer", "description": "Failed attempts in a row."},
            "lastError": {"type": "string", "nullable": True},
            "pending": {"type": "integer", "description": "Deliveries waiting for a 2xx."},
        },
        ("id", "url", "events", "createdAt", "paused", "pausedAt", "failures", "lastError", "pending"),
    )
    attempt = _object(
        {
            "eventId": {"type": "string"},
            "type": event_type,
            "at": UTC,
            "statusCode": {"type": "integer", "nullable": True, "description": "null: no answer (see error)."},
            "error": {"type": "string", "nullable": True},
            "durationMs": {"type": "integer"},
        },
        ("eventId", "type", "at", "statusCode", "error", "durationMs"),
    )
    request = request_schema((WebhookForm, members.WEBHOOK))
    request["properties"]["events"]["items"] = event_type
    return {
        "Event": event,
        "EventList": _object(
            {
                "items": {"type": "array", "items": _ref("Event")},
                "nextCursor": {
                    "type": "string",
                    "nullable": True,
                    "description": "Pass as `after` for later events; also usable when `items` is empty.",
                },
            },
            ("items", "nextCursor"),
        ),
        "WebhookRequest": request,
        "Webhook": endpoint,
        "WebhookList": _object({"items": {"type": "array", "items": _ref("Webhook")}}, ("items",)),
        "NewWebhook": {
            "allOf": [
                _ref("Webhook"),
                _object(
                    {
                        "secret": {
                            "type": "string",
                            "example": "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
                            "description": "The signing secret (Standard Webhooks); shown this once.",
                        }
                    },
                    ("secret",),
                ),
            ]
        },
        "WebhookDetail": {
            "allOf": [
                _ref("Webhook"),
                _object(
                    {"attempts": {"type": "array", "items": attempt, "description": "The latest 50, newest first."}},
                    ("attempts",),
                ),
            ]
        },
    }


def _event_paths() -> dict:
    webhook_id = {"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}
    location = {"Location": {"description": "The endpoint in the API.", "schema": {"type": "string"}}}
    administrators = "(an organisation's administrator; a coordinator for the foundation's own systems)"
    return {
        "/events": {
            "get": _operation(
                "The caller's events, oldest first: what its organisation may see (staff: all)",
                "listEvents",
                {"200": _answer("One page.", "EventList")},
                (400, 401),
                parameters=[
                    _query("after", "nextCursor of an earlier page; absent: from the first event.", {"type": "string"}),
                    _query(
                        "limit",
                        "Page size.",
                        {
                            "type": "integer",
                            "minimum": 1,
                            "maximum": event_feed.MAX_LIMIT,
                            "default": event_feed.DEFAULT_LIMIT,
                        },
                    ),
                ],
            )
        },
        "/webhooks": {
            "get": _operation(
                f"The webhook endpoints {administrators}",
                "listWebhooks",
                {"200": _answer("The endpoints.", "WebhookList")},
                (400, 401, 403),
            ),
            "post": _operation(
                f"Register a webhook endpoint {administrators}. Each event is POSTed as JSON (an Event) and "
                "signed as Standard Webhooks says: headers `webhook-id` (the event id), `webhook-timestamp` "
                '(Unix seconds) and `webhook-signature` (`v1,<base64 HMAC-SHA256 of "<id>.<timestamp>.<body>">` '
                "keyed with the secret). Any 2xx acknowledges; otherwise it is retried with back-off, and after "
                "repeated failures the endpoint is paused and its administrator e-mailed.",
                "createWebhook",
                {"201": _answer("Registered, with its secret (shown once).", "NewWebhook", location)},
                (*JSON_POST, 401, 403),
                body="WebhookRequest",
            ),
        },
        "/webhooks/{id}": {
            "get": _operation(
                "One endpoint with its latest delivery attempts",
                "getWebhook",
                {"200": _answer("The endpoint.", "WebhookDetail")},
                (400, 401, 403, 404),
                parameters=[webhook_id],
            ),
            "delete": _operation(
                "Remove an endpoint: nothing more is delivered to it",
                "deleteWebhook",
                {"204": {"description": "Removed.", "headers": VERSION_HEADER}},
                (400, 401, 403, 404),
                parameters=[webhook_id],
            ),
        },
        "/webhooks/{id}/resume": {
            "post": _operation(
                "Resume a paused endpoint: the waiting deliveries are sent again",
                "resumeWebhook",
                {"200": _answer("The endpoint.", "WebhookDetail")},
                (400, 401, 403, 404, 409),
                parameters=[webhook_id],
            )
        },
    }


def _conventions(paths: dict) -> dict:
    """What holds across operations: every POST takes an Idempotency-Key (app/api/idempotency.py),
    and a deprecated operation says so (app/api/deprecation.py)."""
    for path, item in paths.items():
        for method, operation in item.items():
            if method == "post":
                operation["parameters"] = [
                    *operation.get("parameters", []),
                    {"$ref": "#/components/parameters/IdempotencyKey"},
                ]
                for code in ("400", "409", "422"):
                    operation["responses"].setdefault(code, {"$ref": f"#/components/responses/{code}"})
                for code, answer in operation["responses"].items():
                    if code.startswith("2"):
                        answer["headers"] = {
                            **answer["headers"],
                            REPLAYED: {"$ref": f"#/components/headers/{REPLAYED}"},
                        }
            deprecated = deprecation.OPERATIONS.get((method, path))
            if deprecated is not None:
                operation["deprecated"] = True
                operation["description"] = f"{operation.get('description', '')} {deprecated.what}".strip()
                for code, answer in operation["responses"].items():
                    if code.startswith("2"):
                        answer["headers"] = {**answer["headers"], **DEPRECATION_HEADERS}
    return paths


def _headers() -> dict:
    return {
        "API-Version": {
            "description": "The full version of the API.",
            "schema": {"type": "string", "example": API_VERSION},
        },
        "ETag": {
            "description": "A tag of exactly what the caller was shown; send it back in If-None-Match.",
            "schema": {"type": "string"},
        },
        REPLAYED: {
            "description": "`true` on the stored first answer to a request repeated with the same Idempotency-Key.",
            "schema": {"type": "string", "enum": ["true"]},
        },
        "Deprecation": {
            "description": "RFC 9745: the request used something deprecated since this moment (`@<Unix seconds>`).",
            "schema": {"type": "string", "example": "@1764806400"},
        },
        "Sunset": {
            "description": "RFC 8594: the moment after which it may be gone (an HTTP date).",
            "schema": {"type": "string", "example": "Wed, 30 Jun 2027 00:00:00 GMT"},
        },
        "Link": {
            "description": 'With `rel="deprecation"`: the changelog that says what to use instead.',
            "schema": {"type": "string"},
        },
    }


def document(contact_email: str, site_url: str) -> dict:
    """The document; the contact is the desk's own mailbox and site, as configured."""
    responses = {
        str(code): {
            "description": text,
            "headers": VERSION_HEADER,
            "content": {"application/problem+json": {"schema": _ref("Problem")}},
        }
        for code, text in ERRORS.items()
    }
    responses["401"]["headers"] = {
        **VERSION_HEADER,
        "WWW-Authenticate": {"description": "Bearer challenge (RFC 6750).", "schema": {"type": "string"}},
    }
    responses["429"]["headers"] = {
        **VERSION_HEADER,
        "Retry-After": {"description": "Seconds to wait.", "schema": {"type": "integer"}},
    }
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "Edu-V Meldpunt API",
            "version": API_VERSION,
            "description": "File incidents and follow cases of the Edu-V Meldpunt. JSON in and out (UTF-8); "
            "times are ISO 8601 with an offset and come back in UTC (`Z`). Errors are "
            "application/problem+json (RFC 9457). Every POST takes an `Idempotency-Key` for safe retries; "
            "case answers carry an `ETag`. What changed in each version, and the deprecation policy: "
            f"[the changelog]({deprecation.CHANGELOG_PATH}) (docs/api-changelog.md).",
            "contact": {"name": "Edu-V Meldpunt", "email": contact_email, "url": site_url},
        },
        "servers": [{"url": "/api/v1"}],
        "tags": [{"name": "v1", "description": "Edu-V Meldpunt API, version 1"}],
        "security": TOKEN,
        "paths": _conventions(_paths()),
        "components": {
            "schemas": _schemas(),
            "responses": responses,
            "headers": _headers(),
            "parameters": {
                "IdempotencyKey": {
                    "name": IDEMPOTENCY_KEY,
                    "in": "header",
                    "required": False,
                    "description": (
                        "A key of your own (e.g. a UUID) per request: a retry with the same key and the same body "
                        "by the same caller (token, or without one the client address) within 24 hours gets the "
                        "first answer again (status, body, Location; `Idempotent-Replayed: true`) and stores nothing "
                        "twice. The same key with another body: 422. While the first is still being handled: 409. "
                        "Only successful answers are kept: after a refusal the key can be used again."
                    ),
                    "schema": {"type": "string", "minLength": 1, "maxLength": MAX_KEY_LENGTH, "pattern": "^[!-~]+$"},
                }
            },
            "securitySchemes": {
                "bearerAuth": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "`flask --app wsgi token create EMAIL`, or the profile page.",
                }
            },
        },
    }
