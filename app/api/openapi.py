"""The OpenAPI 3 document of API v1, built from the same value lists the forms validate with."""
from app.api.problems import API_VERSION
from app.cases.models import CASE_TYPES, INCIDENT_CATEGORIES, PARTY_ROLES, SEVERITIES, STATUSES
from app.compliance.ladder import OUTCOMES as OUTCOMES_BY_TYPE
from app.compliance.status import KEURMERK_STATUSES, MEASURE_KINDS, MEASURE_STATUSES
from app.intake.forms import DATA_CATEGORY_CHOICES, GROUP_CHOICES, IMPACT_CHOICES, NATURE_CHOICES
from app.register.models import GEGEVENSDIENSTEN

DEADLINE_KINDS = ("acknowledge", "first_response", "ap_notification", "admissibility", "substantiation",
                  "response", "resolution", "update", "measure")
OUTCOMES = tuple(dict.fromkeys(code for codes in OUTCOMES_BY_TYPE.values() for code in codes))
DEADLINE_STATES = ("running", "paused", "met", "breached")
ERRORS = {
    400: "Malformed JSON, a body that is not a JSON object, or invalid query parameters.",
    401: "No token, or a token that is unknown, revoked or belongs to an inactive user.",
    403: "The caller's role or organisation may not do this.",
    404: "Unknown, or not visible to the caller (both answer alike).",
    409: "Not possible in the case's current state.",
    413: "The body is larger than 1 MiB.",
    415: "The body is not sent as application/json.",
    422: "Invalid members; `errors` maps each member path (e.g. `personalData.affectedMin`) to messages.",
    429: "Too many requests from this address; see Retry-After.",
}


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _values(choices) -> list[str]:
    return [value for value, _label in choices]


def _text(max_length: int, **extra) -> dict:
    return {"type": "string", "maxLength": max_length, **extra}


def _nullable(schema: dict) -> dict:
    return {**schema, "nullable": True}


def _object(properties: dict, required: tuple = (), **extra) -> dict:
    schema = {"type": "object", "properties": properties, **extra}
    if required:
        schema["required"] = list(required)
    return schema


TIME = {"type": "string", "format": "date-time", "example": "2026-03-14T09:30:00+01:00"}
# Every time in an answer is UTC to the second, with "Z" (app/api/serializers.py, moment).
UTC = {"type": "string", "format": "date-time", "pattern": r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$",
       "example": "2026-03-14T08:30:00Z"}
TRI = {"type": "boolean", "nullable": True, "description": "true, false, or null / absent for unknown."}


def _strings(choices, description: str) -> dict:
    return {"type": "array", "items": {"type": "string", "enum": _values(choices)}, "description": description}


def _schemas() -> dict:
    personal_data = _object({
        "categories": _strings(DATA_CATEGORY_CHOICES, "Which personal data (`health` is a special category)."),
        "specialCategories": TRI,
        "affectedMin": {"type": "integer", "minimum": 0, "maximum": 100_000_000,
                        "description": "Required for data_breach."},
        "affectedMax": {"type": "integer", "minimum": 0, "maximum": 100_000_000,
                        "description": "Required for data_breach; at least affectedMin."},
        "encrypted": TRI,
        "groups": _strings(GROUP_CHOICES, "Whose data."),
        "bsn": {**TRI, "description": "Citizen service numbers (BSN) involved."},
        "minors": {**TRI, "description": "Minors among the people affected."},
    }, description="For data_breach.")
    incident = _object({
        "reporter": _ref("Reporter"),
        "participantId": {"type": "integer", "nullable": True,
                          "description": "The participant involved (`GET /register`); null when unknown."},
        "productId": {"type": "integer", "nullable": True, "description": "A product of that participant."},
        "gegevensdienst": {"type": "string", "nullable": True, "enum": [*GEGEVENSDIENSTEN, None]},
        "category": {"type": "string", "enum": list(INCIDENT_CATEGORIES)},
        "title": _text(200),
        "description": _text(20000),
        "discoveredAt": {**TIME, "description": "Not in the future. For data_breach the AP clock "
                                                "(72 hours) runs from this moment."},
        "startedAt": _nullable({**TIME, "description": "Not after discoveredAt."}),
        "ongoing": TRI,
        "severity": {"type": "string", "enum": list(SEVERITIES), "default": "incident"},
        "impact": _strings(IMPACT_CHOICES, "Required for data_breach: at least one."),
        "nature": _strings(NATURE_CHOICES, "What happened to the data."),
        "personalData": _nullable(personal_data),
        "consequences": _nullable(_text(10000)),
        "measuresTaken": _nullable(_text(10000)),
        "peopleInformed": TRI,
        "apNotified": {**TRI, "description": "Required (true or false) for data_breach."},
        "apNotifiedBy": _nullable(_text(200)),
        "apNotifiedAt": _nullable({**TIME, "description": "Required when apNotified is true."}),
        "apReference": _nullable(_text(100)),
        "affectedSchools": _nullable(_text(10000)),
        "contactPerson": _nullable(_text(200)),
    }, ("reporter", "category", "title", "description", "discoveredAt"),
        description="For category data_breach also: impact, personalData.affectedMin, "
                    "personalData.affectedMax and apNotified. Unknown members are ignored; null is absent.")
    measure = _object({
        "id": {"type": "integer"}, "kind": {"type": "string", "enum": list(MEASURE_KINDS)},
        "participantId": {"type": "integer"},
        "keurmerkId": {"type": "integer", "nullable": True, "description": "null: all the participant's keurmerken."},
        "status": {"type": "string", "enum": list(MEASURE_STATUSES)},
        "dueAt": _nullable(UTC), "publish": {"type": "boolean"},
    }, ("id", "kind", "participantId", "keurmerkId", "status", "dueAt", "publish"))
    case = _object({
        "reference": {"type": "string", "example": "INC-2026-00042"},
        "type": {"type": "string", "enum": list(CASE_TYPES)},
        "category": {"type": "string", "nullable": True, "enum": [*INCIDENT_CATEGORIES, None]},
        "status": {"type": "string", "enum": list(STATUSES)},
        "severity": {"type": "string", "nullable": True, "enum": [*SEVERITIES, None]},
        "title": {"type": "string"},
        "createdAt": UTC,
        "participant": _nullable(_object({"id": {"type": "integer"}, "name": {"type": "string"}}, ("id", "name"))),
        "parties": {"type": "array", "items": _object(
            {"role": {"type": "string", "enum": list(PARTY_ROLES)}, "organisation": {"type": "string"}},
            ("role", "organisation"))},
        "assignee": {"type": "string", "nullable": True, "description": "The case handler's name."},
        "deadlines": {"type": "array", "items": _object({
            "kind": {"type": "string", "enum": list(DEADLINE_KINDS)}, "dueAt": UTC,
            "state": {"type": "string", "enum": list(DEADLINE_STATES)}}, ("kind", "dueAt", "state"))},
        "timeline": {"type": "array", "description": "Only the events visible to the caller.",
                     "items": _object({"at": UTC, "kind": {"type": "string"}, "text": {"type": "string"}},
                                      ("at", "kind", "text"))},
        "decision": _nullable(_object({
            "outcome": {"type": "string", "enum": list(OUTCOMES)}, "reasoning": {"type": "string"}, "decidedAt": UTC,
            "measures": {"type": "array", "items": measure, "description": (
                "Parties see the measures in force, met or ended; the foundation also proposed and rejected ones.")}},
            ("outcome", "reasoning", "decidedAt", "measures"))),
    }, ("reference", "type", "category", "status", "severity", "title", "createdAt", "participant",
        "parties", "assignee", "deadlines", "timeline", "decision"))
    problem = _object({
        "type": {"type": "string", "example": "about:blank"}, "title": {"type": "string"},
        "status": {"type": "integer"}, "detail": {"type": "string"},
        "errors": {"type": "object", "additionalProperties": {"type": "array", "items": {"type": "string"}},
                   "description": "Per member path or query parameter, what to correct."},
    }, ("type", "title", "status", "detail"))
    return {
        "Reporter": _object({"name": _text(200), "email": _text(254, format="email"),
                             "phone": _nullable(_text(40)), "organisation": _nullable(_text(200)),
                             "accessLinks": {"type": "boolean", "default": False, "description": (
                                 "The reporter may ask, on the follow-up page, for a one-time link to the report "
                                 "sent to this e-mail address when the follow-up code is lost.")}},
                            ("name", "email")),
        "PersonalData": personal_data,
        "IncidentRequest": incident,
        "FollowUpRequest": _object({"reference": _text(20, example="INC-2026-00042"), "code": _text(40)},
                                   ("reference", "code")),
        **_breach_schemas(incident),
        "FollowUpMessageRequest": _object({"reference": _text(20), "code": _text(40), "body": _text(20000)},
                                          ("reference", "code", "body")),
        "ComplaintRequest": _object({
            "reporter": _ref("Reporter"),
            "participantId": {"type": "integer", "description": "The participant complained about."},
            "title": _text(200),
            "description": _text(20000),
            "occurredOn": {"type": "string", "format": "date", "example": "2026-03-02",
                           "description": "Not in the future; over a year ago is usually not admissible."},
            "raisedWithParticipant": {"type": "boolean", "description": "First raised with the participant."},
            "desiredOutcome": _nullable(_text(10000)),
            "contactShared": {"type": "boolean", "default": False,
                              "description": "The participant may see the complainant's contact details."},
        }, ("reporter", "participantId", "title", "description", "occurredOn", "raisedWithParticipant")),
        "DisputeRequest": _object({
            "respondentParticipantId": {"type": "integer", "description": "Not the caller's organisation."},
            "title": _text(200),
            "description": _text(20000),
            "agreement": _nullable(_text(300, description="The afspraak concerned.")),
            "priorAttempt": _text(10000, description="How the parties tried to resolve it together first."),
            "desiredOutcome": _nullable(_text(10000, description="The decision asked for.")),
        }, ("respondentParticipantId", "title", "description", "priorAttempt"),
            description="A user of a participating supplier files for its organisation, the claimant."),
        "AssignRequest": _object({"assignee": _text(254, format="email", description=(
            "The e-mail address of an active supervisor or coordinator without a conflict of interest "
            "with a party of the case."))}, ("assignee",)),
        "TransitionRequest": _object({
            "to": {"type": "string", "enum": list(STATUSES), "description": (
                "received > triage > in_progress <> waiting > decided > closed; triage > rejected; "
                "any open status > withdrawn. Any other move answers 409.")},
            "reason": _nullable(_text(20000, description="Required for rejected, waiting and withdrawn; "
                                                         "the parties read it.")),
            "waitingOn": _nullable(_text(40, description="For waiting: `parties` (default), `reporter` or "
                                                         "`party:<organisation id>`, whose reply resumes the case.")),
        }, ("to",)),
        "DecisionRequest": _object({
            "outcome": {"type": "string", "enum": list(OUTCOMES), "description": (
                "complaint and objection: upheld, partly_upheld, not_upheld; dispute: settled, advice, referred; "
                "incident: resolved; any type: withdrawn.")},
            "reasoning": _text(20000, description="Every side reads it."),
            "cause": _nullable(_text(20000, description="Incidents: what caused it.")),
            "remedialAction": _nullable(_text(20000, description="Incidents: what the participant did about it.")),
            "measures": {"type": "array", "maxItems": 20, "items": _ref("MeasureRequest")},
            "confirmMissingHearing": {"type": "boolean", "default": False, "description": (
                "Decide although not every side was heard (a party's requested response is still open, a party "
                "was never asked for a response, or a complaint's participant was never informed). Without it "
                "such a decision is refused with 409 and a `missing` list.")},
        }, ("outcome", "reasoning"), description="The case must be in_progress; a refused measure changes nothing."),
        "MeasureRequest": _object({
            "kind": {"type": "string", "enum": list(MEASURE_KINDS), "description": (
                "suspension, emergency_suspension and revocation are proposed: a second coordinator approves them.")},
            "participantId": {"type": "integer", "description": "A participant that is a party to the case."},
            "keurmerkId": {"type": "integer", "nullable": True,
                           "description": "One of that participant's keurmerken; null or absent: all of them."},
            "dueAt": _nullable({**TIME, "description": (
                "In the future. Required for improvement_plan and notice_of_default; only for those, "
                "request_explanation (default: 10 business days) and emergency_suspension.")}),
            "startsOn": _nullable({"type": "string", "format": "date", "description": "Not in the past; default today."}),
            "endsOn": _nullable({"type": "string", "format": "date", "description": (
                "After startsOn; only for (emergency) suspension, improvement_plan and notice_of_default.")}),
            "publish": {"type": "boolean", "default": False, "description": "Shown in the public register."},
            "reasoning": _nullable(_text(20000, description="Absent: the decision's reasoning.")),
            "publicReason": _nullable(_text(300, description="The register's short text.")),
        }, ("kind", "participantId")),
        "RejectRequest": _object({"reason": _text(20000, description="Only the foundation reads it.")}, ("reason",)),
        "CaseMessageRequest": _object({
            "body": _text(20000),
            "visibility": _text(40, example="parties", description=(
                "Participants: `parties` (all parties and the foundation) or `party:<own organisation id>` "
                "(the foundation and the own organisation). Case handlers also `internal`, `reporter` and "
                "`party:<id>` of any party.")),
        }, ("body", "visibility")),
        "AttachmentUpload": _object({
            "file": {"type": "string", "format": "binary", "description": (
                "PDF, image, office document, plain text, CSV or e-mail file, checked by its content; "
                "at most the configured size (20 MB by default).")},
            "visibility": _text(40, description="As for messages; absent means the most private the caller "
                                                "may choose (`party:<own id>`, for handlers `internal`)."),
        }, ("file",)),
        "Attachment": _object({
            "id": {"type": "integer"}, "filename": {"type": "string"}, "contentType": {"type": "string"},
            "size": {"type": "integer"}, "sha256": {"type": "string"}, "visibility": {"type": "string"},
            "createdAt": UTC,
        }, ("id", "filename", "contentType", "size", "sha256", "visibility", "createdAt")),
        "Case": case,
        "FiledCase": {"allOf": [_ref("Case"), _object(
            {"followUpCode": {"type": "string", "description": "Shown once; never stored in plain text."}},
            ("followUpCode",))]},
        "CaseList": _object({"items": {"type": "array", "items": _ref("Case")},
                             "nextCursor": {"type": "string", "nullable": True}}, ("items", "nextCursor")),
        "Problem": problem,
        "MissingHearingProblem": {"allOf": [_ref("Problem"), _object({"missing": {
            "type": "array", "items": {"type": "string"}, "minItems": 1,
            "description": ("Only when not every side was heard: what the hearing lacks, one sentence each, "
                            "in the desk's language.")}})]},
        **_register_schemas(),
    }


def _breach_schemas(incident: dict) -> dict:
    """A data leak's later steps: the AP notified, and updated answers (AVG art. 33(4))."""
    follow_up = {"reference": _text(20, example="INC-2026-00042"), "code": _text(40)}
    ap = {
        "notifiedAt": {**TIME, "description": "When the AP was told: not in the future, not before discoveredAt. "
                                              "The AP clock is met at this moment and its reminders stop."},
        "apReference": _nullable(_text(100, description="The AP's reference of the notification.")),
        "notifiedBy": _nullable(_text(200, description="Who notified the AP.")),
    }
    names = ("ongoing", "impact", "nature", "personalData", "consequences", "measuresTaken", "peopleInformed",
             "apNotified", "apNotifiedBy", "apNotifiedAt", "apReference")
    answers = {name: incident["properties"][name] for name in names}
    answers["apNotifiedAt"] = _nullable({**TIME, "description": "Required when apNotified is true; not in the "
                                                                "future, not before discoveredAt."})
    described = ("The answers as they are now replace the current ones; the earlier answers stay on the "
                 "timeline as a version. Checked as a data_breach incident is: impact, personalData.affectedMin, "
                 "personalData.affectedMax and apNotified are required.")
    required = ("impact", "personalData", "apNotified")
    return {
        "ApNotificationRequest": _object(ap, ("notifiedAt",)),
        "FollowUpApNotificationRequest": _object({**follow_up, **ap}, ("reference", "code", "notifiedAt")),
        "BreachAnswersRequest": _object(answers, required, description=described),
        "FollowUpBreachAnswersRequest": _object({**follow_up, **answers}, ("reference", "code", *required),
                                                description=described),
    }


def _register_schemas() -> dict:
    day = {"type": "string", "format": "date", "example": "2026-03-10"}
    keurmerk = _object({
        "id": {"type": "integer"}, "product": {"type": "string"},
        "gegevensdienst": {"type": "string", "enum": list(GEGEVENSDIENSTEN)},
        "status": {"type": "string", "enum": list(KEURMERK_STATUSES)},
        "since": {**day, "description": "The latest status change, else the day it was granted."},
    }, ("id", "product", "gegevensdienst", "status", "since"))
    measure = _object({
        "id": {"type": "integer"}, "kind": {"type": "string", "enum": list(MEASURE_KINDS)},
        "keurmerkId": {"type": "integer", "nullable": True, "description": "null: all the participant's keurmerken."},
        "status": {"type": "string", "enum": list(MEASURE_STATUSES)},
        "startsOn": day, "endsOn": _nullable({**day, "description": "The first day it no longer holds."}),
        "publicReason": {"type": "string", "description": "The public text; may be empty (the kind says it)."},
    }, ("id", "kind", "keurmerkId", "status", "startsOn", "endsOn", "publicReason"))
    participant = _object({
        "id": {"type": "integer"}, "name": {"type": "string"}, "category": {"type": "string", "nullable": True},
        "stage": {"type": "string", "nullable": True}, "keurmerken": {"type": "array", "items": keurmerk},
    }, ("id", "name", "category", "stage", "keurmerken"))
    return {
        "RegisterParticipant": participant,
        "RegisterList": {"type": "array", "items": _ref("RegisterParticipant")},
        "RegisterParticipantDetail": {"allOf": [_ref("RegisterParticipant"), _object(
            {"measures": {"type": "array", "items": measure, "description": "Published measures, newest first."}},
            ("measures",))]},
    }


VERSION_HEADER = {"API-Version": {"$ref": "#/components/headers/API-Version"}}


def _answer(description: str, schema_name: str, extra_headers: dict | None = None) -> dict:
    return {"description": description, "headers": {**VERSION_HEADER, **(extra_headers or {})},
            "content": {"application/json": {"schema": _ref(schema_name)}}}


def _operation(summary: str, operation_id: str, answers: dict, errors: tuple, *, body: str | None = None,
               parameters: list | None = None, security: list | None = None) -> dict:
    operation = {"summary": summary, "operationId": operation_id, "tags": ["v1"], "responses": dict(answers)}
    for code in errors:
        operation["responses"][str(code)] = {"$ref": f"#/components/responses/{code}"}
    if body:
        operation["requestBody"] = {"required": True,
                                    "content": {"application/json": {"schema": _ref(body)}}}
    if parameters:
        operation["parameters"] = parameters
    if security is not None:
        operation["security"] = security
    return operation


def _query(name: str, description: str, schema: dict) -> dict:
    return {"name": name, "in": "query", "required": False, "description": description, "schema": schema}


LIST_PARAMETERS = [
    _query("type", "Case type.", {"type": "string", "enum": list(CASE_TYPES)}),
    _query("status", "A status, `open` (the open statuses) or `all`; absent means all.",
           {"type": "string", "enum": [*STATUSES, "open", "all"]}),
    _query("category", "Incident category.", {"type": "string", "enum": list(INCIDENT_CATEGORIES)}),
    _query("participantId", "The participant the case is about.", {"type": "integer", "minimum": 0}),
    _query("assignee", "An e-mail address or user id, `me`, or `none` (unassigned).", {"type": "string"}),
    _query("breached", "Whether a deadline has passed.", {"type": "string", "enum": ["true", "false"]}),
    _query("q", "A reference, or words to search for.", {"type": "string"}),
    _query("limit", "Page size.", {"type": "integer", "minimum": 1, "maximum": 100, "default": 50}),
    _query("cursor", "nextCursor of the previous page.", {"type": "string"}),
]
REGISTER_PARAMETERS = [
    _query("q", "Part of the participant's name (case-insensitive).", {"type": "string", "maxLength": 100}),
    _query("category", "The participant's market category.", {"type": "string"}),
    _query("gegevensdienst", "Only keurmerken for this gegevensdienst.",
           {"type": "string", "enum": list(GEGEVENSDIENSTEN)}),
    _query("status", "Only keurmerken with this status.", {"type": "string", "enum": list(KEURMERK_STATUSES)}),
]
TOKEN = [{"bearerAuth": []}]
JSON_POST = (400, 413, 415, 422, 429)


def _upload_operation(reference: dict) -> dict:
    """A multipart upload: the size limit and the media type are the file's, not a JSON body's."""
    operation = _operation(
        "Add one file to a case under a visibility; stored with its SHA-256 on the timeline", "addCaseAttachment",
        {"201": _answer("Stored.", "Attachment")}, (*JSON_POST, 401, 403, 404, 409), parameters=[reference])
    operation["requestBody"] = {"required": True,
                                "content": {"multipart/form-data": {"schema": _ref("AttachmentUpload")}}}
    problem = {"application/problem+json": {"schema": _ref("Problem")}}
    operation["responses"]["413"] = {"description": "The file is larger than the configured limit.",
                                     "headers": VERSION_HEADER, "content": problem}
    operation["responses"]["415"] = {"description": "Not sent as multipart/form-data.",
                                     "headers": VERSION_HEADER, "content": problem}
    return operation


def _paths() -> dict:
    reference = {"name": "reference", "in": "path", "required": True, "schema": {"type": "string"},
                 "example": "INC-2026-00042"}
    location = {"Location": {"description": "The case in the API.", "schema": {"type": "string"}}}
    measure_id = {"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}
    return {
        "/incidents": {"post": _operation(
            "File an incident (no token needed; with a token, the caller's organisation is the reporter)",
            "fileIncident", {"201": _answer("Filed: the reporter's view and the follow-up code.", "FiledCase",
                                            location)},
            (*JSON_POST, 401), body="IncidentRequest", security=[{}, *TOKEN])},
        "/complaints": {"post": _operation(
            "File a complaint about a participant (no token needed)", "fileComplaint",
            {"201": _answer("Filed: the complainant's view and the follow-up code.", "FiledCase", location)},
            (*JSON_POST, 401), body="ComplaintRequest", security=[{}, *TOKEN])},
        "/disputes": {"post": _operation(
            "Start a dispute with another participant; the respondent is told at once", "fileDispute",
            {"201": _answer("Filed: the claimant's view (followed with the token, no code).", "Case", location)},
            (*JSON_POST, 401, 403), body="DisputeRequest")},
        "/follow-up": {"post": _operation(
            "The reporter's view of a case, by reference and follow-up code", "followUp",
            {"200": _answer("The reporter's view.", "Case")}, (*JSON_POST, 404), body="FollowUpRequest",
            security=[])},
        "/follow-up/messages": {"post": _operation(
            "The reporter adds information to an open case", "addFollowUpMessage",
            {"201": _answer("Added: the reporter's updated view.", "Case")}, (*JSON_POST, 404, 409),
            body="FollowUpMessageRequest", security=[])},
        "/follow-up/ap-notification": {"post": _operation(
            "A data leak's reporter records that the AP was notified: the AP clock is met", "followUpApNotification",
            {"200": _answer("Recorded: the reporter's updated view.", "Case")}, (*JSON_POST, 404, 409),
            body="FollowUpApNotificationRequest", security=[])},
        "/follow-up/breach-answers": {"post": _operation(
            "A data leak's reporter updates the answers about the leak (kept as a new version)",
            "followUpBreachAnswers", {"200": _answer("Updated: the reporter's view.", "Case")},
            (*JSON_POST, 404, 409), body="FollowUpBreachAnswersRequest", security=[])},
        "/cases/{reference}/ap-notification": {"post": _operation(
            "The reporting organisation records that the AP was notified: the AP clock is met",
            "recordApNotification", {"200": _answer("Recorded: the caller's updated view.", "Case")},
            (*JSON_POST, 401, 403, 404, 409), body="ApNotificationRequest", parameters=[reference])},
        "/cases/{reference}/breach-answers": {"post": _operation(
            "The reporting organisation updates the answers about a data leak (kept as a new version)",
            "updateBreachAnswers", {"200": _answer("Updated: the caller's view.", "Case")},
            (*JSON_POST, 401, 403, 404, 409), body="BreachAnswersRequest", parameters=[reference])},
        "/cases": {"get": _operation(
            "Cases, nearest deadline first (participants: only their organisation's cases)", "listCases",
            {"200": _answer("One page.", "CaseList")}, (400, 401), parameters=LIST_PARAMETERS)},
        "/cases/{reference}": {"get": _operation(
            "One case as the caller may see it", "getCase", {"200": _answer("The case.", "Case")},
            (400, 401, 404), parameters=[reference])},
        "/cases/{reference}/assign": {"post": _operation(
            "Assign the case to a case handler, who is told by e-mail (staff)", "assignCase",
            {"200": _answer("The case, assigned.", "Case")}, (*JSON_POST, 401, 403, 404, 409),
            body="AssignRequest", parameters=[reference])},
        "/cases/{reference}/transition": {"post": _operation(
            "Move the case to another status, with the reason the parties read (staff)", "transitionCase",
            {"200": _answer("The case in its new status.", "Case")}, (*JSON_POST, 401, 403, 404, 409),
            body="TransitionRequest", parameters=[reference])},
        "/cases/{reference}/decision": {"post": _operation(
            "Decide the case with its measures; every side is written to (staff)", "decideCase",
            {"200": _answer("The decided case.", "Case"),
             "409": {"description": (
                 "Already decided or not in a status to decide; or not every side was heard and "
                 "`confirmMissingHearing` is not true: `missing` names what is missing."),
                 "headers": VERSION_HEADER,
                 "content": {"application/problem+json": {"schema": _ref("MissingHearingProblem")}}}},
            (*JSON_POST, 401, 403, 404), body="DecisionRequest", parameters=[reference])},
        "/measures/{id}/approve": {"post": _operation(
            "Approve a proposed suspension or revocation: a coordinator other than the proposer (four eyes)",
            "approveMeasure", {"200": _answer("The measure's case; the measure is in force.", "Case")},
            (400, 401, 403, 404, 409), parameters=[measure_id])},
        "/measures/{id}/reject": {"post": _operation(
            "Reject a proposed measure (a coordinator); it never takes effect", "rejectMeasure",
            {"200": _answer("The measure's case.", "Case")}, (*JSON_POST, 401, 403, 404, 409),
            body="RejectRequest", parameters=[measure_id])},
        "/cases/{reference}/messages": {"post": _operation(
            "Add a message to a case under a visibility (parties: while the case is open; answers what was "
            "asked of the caller's organisation)", "addCaseMessage",
            {"201": _answer("Added: the caller's updated view.", "Case")}, (*JSON_POST, 401, 403, 404, 409),
            body="CaseMessageRequest", parameters=[reference])},
        "/cases/{reference}/attachments": {"post": _upload_operation(reference)},
        "/register": {"get": _operation(
            "The Keurmerkregister: participants and the status of their keurmerken (no token needed)",
            "listRegister", {"200": _answer("The participants matching the filters, by name.", "RegisterList")},
            (400,), parameters=REGISTER_PARAMETERS, security=[])},
        "/register/{participantId}": {"get": _operation(
            "One participant of the register with its published measures (no token needed)", "getRegisterParticipant",
            {"200": _answer("The participant.", "RegisterParticipantDetail")}, (400, 404),
            parameters=[{"name": "participantId", "in": "path", "required": True, "schema": {"type": "integer"}}],
            security=[])},
        "/openapi.json": {"get": {
            "summary": "This document", "operationId": "getOpenApi", "tags": ["v1"], "security": [],
            "responses": {"200": {"description": "OpenAPI 3 document.", "headers": VERSION_HEADER,
                                  "content": {"application/json": {"schema": {"type": "object"}}}}}}},
    }


def document(contact_email: str, site_url: str) -> dict:
    """The document; the contact is the desk's own mailbox and site, as configured."""
    responses = {
        str(code): {"description": text, "headers": VERSION_HEADER,
                    "content": {"application/problem+json": {"schema": _ref("Problem")}}}
        for code, text in ERRORS.items()
    }
    responses["401"]["headers"] = {**VERSION_HEADER, "WWW-Authenticate": {
        "description": "Bearer challenge (RFC 6750).", "schema": {"type": "string"}}}
    responses["429"]["headers"] = {**VERSION_HEADER, "Retry-After": {
        "description": "Seconds to wait.", "schema": {"type": "integer"}}}
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "Edu-V Meldpunt API",
            "version": API_VERSION,
            "description": "File incidents and follow cases of the Edu-V Meldpunt. JSON in and out (UTF-8); "
                           "times are ISO 8601 with an offset and come back in UTC (`Z`). Errors are "
                           "application/problem+json (RFC 9457).",
            "contact": {"name": "Edu-V Meldpunt", "email": contact_email, "url": site_url},
        },
        "servers": [{"url": "/api/v1"}],
        "tags": [{"name": "v1", "description": "Edu-V Meldpunt API, version 1"}],
        "security": TOKEN,
        "paths": _paths(),
        "components": {
            "schemas": _schemas(),
            "responses": responses,
            "headers": {"API-Version": {"description": "The full version of the API.",
                                        "schema": {"type": "string", "example": API_VERSION}}},
            "securitySchemes": {"bearerAuth": {"type": "http", "scheme": "bearer",
                                               "description": "`flask --app wsgi token create EMAIL`, "
                                                              "or the profile page."}},
        },
    }
