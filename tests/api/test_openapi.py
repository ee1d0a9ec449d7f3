"""GET /api/v1/openapi.json: the document follows the design rules and matches what the app does."""
import re

from app.auth.models import Role
from tests.api.helpers import breach, file, outage, token_for
from tests.api.openapi_checks import check, follow_ref, response_schema
from tests.helpers.clock import freeze

METHODS = {"get", "post", "put", "patch", "delete"}


def _operations(doc):
    for path, item in doc["paths"].items():
        for method, operation in item.items():
            if method in METHODS:
                yield path, method, operation


def test_the_document_follows_the_design_rules(doc):
    assert doc["openapi"].startswith("3.")
    assert re.fullmatch(r"\d+\.\d+\.\d+", doc["info"]["version"]) and doc["info"]["version"] == "1.0.0"
    assert doc["info"]["title"]
    assert {"name", "email", "url"} <= doc["info"]["contact"].keys()
    assert all(doc["info"]["contact"].values())
    assert doc["servers"] == [{"url": "/api/v1"}]
    assert doc["components"]["securitySchemes"]["bearerAuth"] == {
        **doc["components"]["securitySchemes"]["bearerAuth"], "type": "http", "scheme": "bearer"}
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
            response = follow_ref(doc, response)
            assert "API-Version" in response["headers"], (path, method, code)
            if code.startswith(("4", "5")):
                assert set(response["content"]) == {"application/problem+json"}
                schema = follow_ref(doc, response["content"]["application/problem+json"]["schema"])
                # A Problem, or one that extends it with members of its own (allOf).
                assert schema == doc["components"]["schemas"]["Problem"] \
                    or schema.get("allOf", [None])[0] == {"$ref": "#/components/schemas/Problem"}


def test_every_reference_resolves(doc):
    def walk(node):
        if isinstance(node, dict):
            if "$ref" in node:
                follow_ref(doc, node)
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(doc)


def test_responses_match_their_documented_schemas(app, client, doc, make_user, register_with_keurmerk):
    freeze()
    filed = client.post("/api/v1/incidents", json=breach(register_with_keurmerk.id))
    check(doc, response_schema(doc, "/incidents", "post", "201"), filed.get_json())
    view = filed.get_json()
    follow = {"reference": view["reference"], "code": view["followUpCode"]}
    followed = client.post("/api/v1/follow-up", json=follow)
    check(doc, response_schema(doc, "/follow-up", "post", "200"), followed.get_json())
    added = client.post("/api/v1/follow-up/messages", json={**follow, "body": "Meer"})
    check(doc, response_schema(doc, "/follow-up/messages", "post", "201"), added.get_json())
    file(client, outage())

    headers = token_for(make_user("sup@meldpunt.example", Role.SUPERVISOR))
    one = client.get(f"/api/v1/cases/{view['reference']}", headers=headers)
    check(doc, response_schema(doc, "/cases/{reference}", "get", "200"), one.get_json())
    listed = client.get("/api/v1/cases", headers=headers)
    check(doc, response_schema(doc, "/cases", "get", "200"), listed.get_json())

    invalid = client.post("/api/v1/incidents", json={"title": 1})
    check(doc, response_schema(doc, "/incidents", "post", "422", "application/problem+json"), invalid.get_json())


def test_request_examples_follow_the_requestresponse_schema(doc):
    schema = doc["components"]["schemas"]["IncidentRequest"]
    body = breach(12)
    # Request times carry an offset, unlike response times: check the rest of the body.
    for member in ("discoveredAt", "startedAt"):
        body.pop(member)
    check(doc, {**schema, "required": [r for r in schema["required"] if r != "discoveredAt"]}, body)
