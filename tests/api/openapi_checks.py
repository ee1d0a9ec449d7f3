"""Checking JSON against the app's OpenAPI document: following $refs, a response's schema, a small validator."""
import re


def follow_ref(doc, node: dict) -> dict:
    """A $ref's target within the document (only local references are used)."""
    while isinstance(node, dict) and "$ref" in node:
        assert node["$ref"].startswith("#/"), node["$ref"]
        target = doc
        for part in node["$ref"][2:].split("/"):
            target = target[part]
        node = target
    return node


def check(doc, schema: dict, value, where: str = "$") -> None:
    """A small validator for the part of OpenAPI 3.0 schemas the document uses."""
    schema = follow_ref(doc, schema)
    if "allOf" in schema:
        for part in schema["allOf"]:
            check(doc, part, value, where)
        return
    if value is None:
        assert schema.get("nullable"), f"{where}: null where not nullable"
        return
    if "enum" in schema:
        assert value in schema["enum"], f"{where}: {value!r} not in {schema['enum']}"
    kind = schema.get("type")
    python = {"object": dict, "array": list, "string": str, "integer": int, "boolean": bool}
    if kind:
        assert isinstance(value, python[kind]) and not (kind == "integer" and isinstance(value, bool)), \
            f"{where}: {value!r} is not {kind}"
    if kind == "string" and schema.get("format") == "date-time":
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", value), f"{where}: {value} is not UTC"
    if kind == "object":
        for name in schema.get("required", []):
            assert name in value, f"{where}: {name} missing"
        for name, sub in schema.get("properties", {}).items():
            if name in value:
                check(doc, sub, value[name], f"{where}.{name}")
        if isinstance(schema.get("additionalProperties"), dict):
            for name, item in value.items():
                check(doc, schema["additionalProperties"], item, f"{where}.{name}")
    if kind == "array":
        for index, item in enumerate(value):
            check(doc, schema["items"], item, f"{where}[{index}]")


def response_schema(doc, path, method, code, media="application/json"):
    """The schema of a documented response: path, method, status code and media type."""
    response = follow_ref(doc, doc["paths"][path][method]["responses"][code])
    return response["content"][media]["schema"]
