"""GET /api/v1/openapi.json: the document follows the design rules and matches what the app does."""

import re

import pytest
from flask_wtf import FlaskForm
from jsonschema.exceptions import ValidationError
from openapi_schema_validator import OAS30Validator
from wtforms import IntegerField, SelectField, StringField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from app.api.members import INTEGER, Member
from app.api.request_schemas import request_schema
from app.auth.models import Role
from app.cases.models import INCIDENT_CATEGORIES, STATUSES
from app.compliance.status import MEASURE_KINDS
from app.intake.forms.incident import MAX_AFFECTED
from app.sla.clocks import DEADLINE_KINDS
from app.sla.models import DEADLINE_STATES
from tests.api.contract import check_answer, check_request
from tests.api.helpers import breach, file, outage, token_for
from tests.helpers.clock import freeze

METHODS = {"get", "post", "put", "patch", "delete"}


def _operations(doc):
    for path, item in doc["paths"].items():
        for method, operation in item.items():
            if method in METHODS:
                yield path, method, operation


def _follow(doc, node: dict) -> dict:
    """A $ref's target within the document (only local references are used)."""
    while isinstance(node, dict) and "$ref" in node:
        assert node["$ref"].startswith("#/"), node["$ref"]
        target = doc
        for part in node["$ref"][2:].split("/"):
            target = target[part]
        node = target
    return node


def test_the_document_follows_the_design_rules(doc):
    assert doc["openapi"].startswith("3.")
    assert re.fullmatch(r"\d+\.\d+\.\d+", doc["info"]["version"]) and doc["info"]["version"] == "1.2.0"
    assert doc["info"]["title"]
    assert {"name", "email", "url"} <= doc["info"]["contact"].keys()
    assert all(doc["info"]["contact"].values())
    assert doc["servers"] == [{"url": "/api/v1"}]
    assert doc["components"]["securitySchemes"]["bearerAuth"] == {
        **doc["components"]["securitySchemes"]["bearerAuth"],
        "type": "http",
        "scheme": "bearer",
    }
    for path in doc["paths"]:
        assert path == path.rstrip("/") and re.fullmatch(r"(/([a-z0-9.-]+|\{[a-zA-Z]+\}))+", path), path


def test_every_route_is_documented_and_every_documented_path_served(app, doc):
    served = set()
    for rule in app.url_map.iter_rules():
        if rule.endpoint.startswith("api."):
            path = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule.removeprefix("/api/v1"))
            served |= {(path, m.lower()) for m in rule.methods if m.lower() in METHODS}
    documented = {(path, method) for path, method, _ in _operations(doc)}
    assert served == documented


def test_operations_document_their_errors_and_every_response_its_version(doc):
    for path, method, operation in _operations(doc):
        codes = set(operation["responses"])
        takes_input = "requestBody" in operation or operation.get("parameters")
        if takes_input:
            assert "400" in codes, (path, method)
        if "requestBody" in operation:
            assert {"413", "415", "422", "429"} <= codes, (path, method)
        if operation.get("security", doc["security"]) == doc["security"]:
            assert "401" in codes, (path, method)  # a token is required
        for code, response in operation["responses"].items():
            response = _follow(doc, response)
            assert "API-Version" in response["headers"], (path, method, code)
            if code.startswith(("4", "5")):
                assert set(response["content"]) == {"application/problem+json"}
                schema = _follow(doc, response["content"]["application/problem+json"]["schema"])
                # A Problem, or one that extends it with members of its own (allOf).
                assert schema == doc["components"]["schemas"]["Problem"] or schema.get("allOf", [None])[0] == {
                    "$ref": "#/components/schemas/Problem"
                }


def test_every_reference_resolves(doc):
    def walk(node):
        if isinstance(node, dict):
            if "$ref" in node:
                _follow(doc, node)
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(doc)


def test_responses_match_their_documented_schemas(app, client, make_user, register_with_keurmerk):
    """Each answer is checked by the client (tests/api/contract.py); here explicitly, once more, by name."""
    freeze()
    filed = client.post("/api/v1/incidents", json=breach(register_with_keurmerk.id))
    check_answer(filed)
    view = filed.get_json()
    follow = {"reference": view["reference"], "code": view["followUpCode"]}
    check_answer(client.post("/api/v1/follow-up", json=follow))
    check_answer(client.post("/api/v1/follow-up/messages", json={**follow, "body": "Meer"}))
    file(client, outage())

    headers = token_for(make_user("sup@meldpunt.example", Role.SUPERVISOR))
    check_answer(client.get(f"/api/v1/cases/{view['reference']}", headers=headers))
    check_answer(client.get("/api/v1/cases", headers=headers))

    invalid = client.post("/api/v1/incidents", json={"title": 1})
    assert invalid.status_code == 422
    check_answer(invalid)


def test_times_in_answers_are_utc(doc):
    """A response time is UTC with 'Z' (a request time may carry any offset): the document says so."""
    utc = doc["components"]["schemas"]["Case"]["properties"]["createdAt"]
    assert utc["format"] == "date-time"
    for good in ("2026-03-14T08:30:00Z",):
        OAS30Validator(utc).validate(good)
    for wrong in ("2026-03-14T09:30:00+01:00", "2026-03-14T08:30:00.5Z"):
        with pytest.raises(ValidationError):
            OAS30Validator(utc).validate(wrong)


def test_request_examples_follow_the_request_schema():
    check_request("POST", "/api/v1/incidents", breach(12))
    check_request("POST", "/api/v1/incidents", outage())


def test_request_schemas_are_derived_from_the_forms(doc):
    """One declaration per field: the form's validators and choices are the document's, and every
    list of values is the domain's own."""
    schemas = doc["components"]["schemas"]
    incident = schemas["IncidentRequest"]
    assert incident["properties"]["title"] == {"type": "string", "maxLength": 200, "minLength": 1}
    assert incident["required"] == ["reporter", "category", "title", "description", "discoveredAt"]
    assert incident["properties"]["category"]["enum"] == list(INCIDENT_CATEGORIES)
    assert incident["properties"]["personalData"]["properties"]["affectedMax"]["maximum"] == MAX_AFFECTED
    discovered = incident["properties"]["discoveredAt"]
    assert discovered["x-not-in-future"] is True and "Not in the future" in discovered["description"]
    assert incident["properties"]["consequences"]["nullable"] is True
    assert schemas["TransitionRequest"]["properties"]["to"]["enum"] == list(STATUSES)
    assert schemas["MeasureRequest"]["properties"]["kind"]["enum"] == list(MEASURE_KINDS)
    deadline = schemas["Case"]["properties"]["deadlines"]["items"]["properties"]
    assert deadline["kind"]["enum"] == list(DEADLINE_KINDS)
    assert deadline["state"]["enum"] == list(DEADLINE_STATES)


def test_a_form_field_becomes_a_property():
    class Sample(FlaskForm):
        name = StringField(validators=[DataRequired(), Length(min=2, max=5)])
        count = IntegerField(validators=[Optional(), NumberRange(1, 9)])
        colour = SelectField(choices=[("", "-"), ("red", "Red")], validators=[Optional()])

    schema = request_schema(
        (
            Sample,
            (
                Member("who.name", "name"),
                Member("count", "count", INTEGER),
                Member("colour", "colour", schema={"x-rule": True}),
            ),
        )
    )
    assert schema == {
        "type": "object",
        "required": ["who"],
        "properties": {
            "who": {
                "type": "object",
                "required": ["name"],
                "properties": {"name": {"type": "string", "minLength": 2, "maxLength": 5}},
            },
            "count": {"type": "integer", "minimum": 1, "maximum": 9, "nullable": True},
            "colour": {"type": "string", "enum": ["red", None], "nullable": True, "x-rule": True},
        },
    }
