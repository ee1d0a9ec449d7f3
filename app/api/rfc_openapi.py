"""The RFC desk's part of the OpenAPI document: its request schemas from the same forms and member tables,
its answers with the desk's own value lists, and its paths; app/api/openapi.py merges them in."""

from app.api import members
from app.api.request_schemas import request_schema
from app.register.models import GEGEVENSDIENSTEN
from app.rfc import planning, workflow
from app.rfc.forms import RfcForm, TransitionForm
from app.rfc.models import EVENT_KINDS
from app.rfc.services import register
from app.sla.clocks import DEADLINE_KINDS
from app.sla.models import DEADLINE_STATES

UTC = {
    "type": "string",
    "format": "date-time",
    "pattern": r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$",
    "example": "2026-03-14T08:30:00Z",
}
DAY = {"type": "string", "format": "date", "example": "2026-09-01"}
REDACTED = 'Names the analyst marked are shown as "[geredigeerd]".'


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _object(properties: dict, required: tuple = ()) -> dict:
    schema = {"type": "object", "properties": properties}
    if required:
        schema["required"] = list(required)
    return schema


def _enum(values) -> dict:
    return {"type": "string", "enum": list(values)}


def _nullable(schema: dict) -> dict:
    return {**schema, "nullable": True}


PUBLIC = {
    "reference": {"type": "string", "example": "RFC-2026-00001"},
    "title": {"type": "string", "description": REDACTED},
    "status": _enum(workflow.STATUSES),
    "type": _enum(workflow.TYPES),
    "priority": _enum(workflow.PRIORITIES),
    "variant": _enum(workflow.VARIANTS),
    "agreement": {"type": "string"},
    "gegevensdienst": _nullable(_enum([*GEGEVENSDIENSTEN, None])),
    "referenceComponent": {"type": "string", "nullable": True},
    "workgroup": {"type": "string", "nullable": True},
    "description": {"type": "string", "description": REDACTED},
    "example": {"type": "string", "nullable": True},
    "rationale": {"type": "string"},
    "desiredMoment": _nullable(DAY),
    "createdAt": UTC,
    "updatedAt": UTC,
    "release": _nullable(
        _object(
            {"name": {"type": "string"}, "kind": _enum(planning.RELEASE_KINDS), "plannedOn": DAY},
            ("name", "kind", "plannedOn"),
        )
    ),
}


def schemas() -> dict:
    deadline = _object(
        {"kind": _enum(DEADLINE_KINDS), "dueAt": UTC, "state": _enum(DEADLINE_STATES)}, ("kind", "dueAt", "state")
    )
    event = _object({"at": UTC, "kind": _enum(EVENT_KINDS), "text": {"type": "string"}}, ("at", "kind", "text"))
    attached = _object(
        {
            "id": {"type": "integer"},
            "filename": {"type": "string"},
            "contentType": {"type": "string"},
            "size": {"type": "integer"},
            "sha256": {"type": "string"},
            "uploadedAt": UTC,
        },
        ("id", "filename", "contentType", "size", "sha256", "uploadedAt"),
    )
    return {
        "Rfc": {
            **_object(PUBLIC, tuple(PUBLIC)),
            "description": "An RFC as the public register shows it: never the submitter.",
        },
        "RfcList": _object(
            {
                "items": {"type": "array", "items": _ref("Rfc")},
                "nextCursor": {"type": "string", "nullable": True, "description": "null on the last page."},
            },
            ("items", "nextCursor"),
        ),
        "RfcDetail": {
            "allOf": [
                _ref("Rfc"),
                _object(
                    {
                        "history": {
                            "type": "array",
                            "description": "Registration and each status change, oldest first (no reasons).",
                            "items": _object({"at": UTC, "status": _enum(workflow.STATUSES)}, ("at", "status")),
                        }
                    },
                    ("history",),
                ),
            ]
        },
        "RfcFollowed": {
            "allOf": [
                _ref("Rfc"),
                _object(
                    {
                        "deadlines": {"type": "array", "items": deadline, "description": "The lead times."},
                        "timeline": {
                            "type": "array",
                            "items": event,
                            "description": "Who did what and why: the events the caller may read.",
                        },
                        "files": {
                            "type": "array",
                            "items": attached,
                            "description": (
                                "The files sent with the RFC, oldest first: only for the submitting organisation "
                                "and the foundation (the public register never lists them)."
                            ),
                        },
                    },
                    ("deadlines", "timeline", "files"),
                ),
            ]
        },
        "RfcRequest": request_schema(
            (RfcForm, members.RFC),
            description="A user of a participant or implementation partner submits for its organisation.",
        ),
        "RfcTransitionRequest": request_schema((TransitionForm, members.RFC_TRANSITION)),
    }


def paths(operation, answer, query, location, json_post: tuple, token: list, filing_body) -> dict:
    """The RFC paths, built with openapi.py's own helpers (passed in: this module is imported by it)."""
    reference = {
        "name": "reference",
        "in": "path",
        "required": True,
        "schema": {"type": "string"},
        "example": "RFC-2026-00001",
    }
    return {
        "/rfcs": {
            "get": operation(
                "The public RFC register, newest first (no token needed; never the submitter)",
                "listRfcs",
                {"200": answer("One page.", "RfcList")},
                (400,),
                parameters=[
                    query("status", "RFC status.", _enum(workflow.STATUSES)),
                    query("type", "RFC type.", _enum(workflow.TYPES)),
                    query("priority", "RFC priority.", _enum(workflow.PRIORITIES)),
                    query("gegevensdienst", "Data service.", _enum(GEGEVENSDIENSTEN)),
                    query(
                        "q",
                        "A reference, or words of the title or agreement.",
                        {"type": "string", "maxLength": register.MAX_QUERY},
                    ),
                    query(
                        "limit",
                        "Page size.",
                        {
                            "type": "integer",
                            "minimum": 1,
                            "maximum": register.MAX_LIMIT,
                            "default": register.DEFAULT_LIMIT,
                        },
                    ),
                    query("cursor", "nextCursor of the previous page.", {"type": "string"}),
                ],
                security=[{}],
            ),
            "post": operation(
                "Submit an RFC (users of participants and implementation partners)",
                "submitRfc",
                {"201": answer("Submitted: the submitter's view.", "RfcFollowed", location("The RFC in the API."))},
                (*json_post, 401, 403),
                body="RfcRequest",
                security=token,
            )
            # As JSON, or as the JSON part `rfc` of a multipart body with its files (checked as a case's).
            | {"requestBody": filing_body("RfcRequest", "rfc")},
        },
        "/rfcs/{reference}": {
            "get": operation(
                "One RFC of the public register, with its history (no token needed)",
                "getRfc",
                {"200": answer("The RFC.", "RfcDetail")},
                (400, 404),
                parameters=[reference],
                security=[{}],
            )
        },
        "/rfcs/{reference}/transition": {
            "post": operation(
                "Move an RFC to another status (the change manager and the analysts)",
                "transitionRfc",
                {"200": answer("Moved: the desk's view.", "RfcFollowed")},
                (*json_post, 401, 403, 404, 409),
                body="RfcTransitionRequest",
                parameters=[reference],
                security=token,
            )
        },
    }
