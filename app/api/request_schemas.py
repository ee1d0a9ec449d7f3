"""OpenAPI request schemas derived from the WTForms forms the API validates with and its member tables.

The form says a field's type, whether it is required, its lengths, range and choices; the member
table (app/api/members.py) says the JSON name, nesting and kind, and what only the form's code checks."""

from wtforms import DateField, Field, SelectFieldBase
from wtforms.meta import DefaultMeta
from wtforms.validators import DataRequired, Email, InputRequired, Length, NumberRange, Optional

from app.api.members import BOOLEAN, INTEGER, MOMENT, STRINGS, TRI_STATE, Member

TIME = {"type": "string", "format": "date-time", "example": "2026-03-14T09:30:00+01:00"}
UNKNOWN = "true, false, or null / absent for unknown."
_META = DefaultMeta()


def request_schema(
    *pairs: tuple[type, tuple[Member, ...]], required: tuple[str, ...] = (), description: str | None = None
) -> dict:
    """The object schema of a body read by `validated(body, *pairs)`; `required`: member paths the
    endpoint requires beyond the form's validators. Null means absent, so what is optional is nullable."""
    root = _object(description)
    for form_class, members in pairs:
        for member in members:
            prop, needed = _property(form_class, member)
            *parents, name = member.path.split(".")
            nodes = [root]
            for parent in parents:
                nodes.append(nodes[-1]["properties"].setdefault(parent, {**_object(None), "nullable": True}))
            nodes[-1]["properties"][name] = prop
            if needed or member.path in required:
                _require(nodes, [*parents, name])
    return root


def _object(description: str | None) -> dict:
    schema = {"type": "object", "properties": {}}
    if description:
        schema["description"] = description
    return schema


def _require(nodes: list[dict], keys: list[str]) -> None:
    """Marks the member and every object on its path as required, and so not nullable."""
    for node, key in zip(nodes, keys, strict=True):
        if key not in node.setdefault("required", []):
            node["required"].append(key)
        prop = node["properties"][key]
        prop.pop("nullable", None)
        if "enum" in prop:
            prop["enum"] = [value for value in prop["enum"] if value is not None]
        if prop.get("type") == "string":
            prop["minLength"] = max(prop.get("minLength", 0), 1)
        elif prop.get("type") == "array":
            prop["minItems"] = max(prop.get("minItems", 0), 1)
        if prop.get("type") == "boolean" and "default" in prop:
            del prop["default"]


def _field(form_class: type, name: str) -> Field:
    """The form's field bound to no request: its validators, choices and default as declared."""
    return getattr(form_class, name).bind(form=None, name=name, _meta=_META)


def _property(form_class: type, member: Member) -> tuple[dict, bool]:
    field = _field(form_class, member.field)
    validators = field.validators or ()
    required = member.required or any(isinstance(v, (DataRequired, InputRequired)) for v in validators)
    schema = _typed(field, member.kind)
    for validator in validators:
        if isinstance(validator, Length):
            if validator.max is not None and validator.max >= 0:
                schema["maxLength"] = validator.max
            if validator.min and validator.min > 0:
                schema["minLength"] = validator.min
        elif isinstance(validator, NumberRange):
            if validator.min is not None:
                schema["minimum"] = validator.min
            if validator.max is not None:
                schema["maximum"] = validator.max
        elif isinstance(validator, Email):
            schema["format"] = "email"
    if member.doc:
        schema["description"] = f"{member.doc} {schema['description']}" if "description" in schema else member.doc
    schema.update(member.schema)
    optional = not required or any(isinstance(v, Optional) for v in validators)
    if optional:
        schema["nullable"] = True
        if "enum" in schema:
            schema["enum"] = [*schema["enum"], None]
    return schema, required


def _typed(field: Field, kind: str) -> dict:
    if kind == INTEGER:
        return {"type": "integer"}
    if kind == TRI_STATE:
        return {"type": "boolean", "description": UNKNOWN}
    if kind == BOOLEAN:
        return {"type": "boolean", "default": False}  # absent is false: an unticked checkbox
    if kind == MOMENT:
        return dict(TIME)
    values = _choices(field)
    if kind == STRINGS:
        return {"type": "array", "items": {"type": "string", **({"enum": values} if values else {})}}
    schema = {"type": "string"}
    if values:
        schema["enum"] = values
    if isinstance(field.default, str) and field.default:
        schema["default"] = field.default
    if isinstance(field, DateField):
        schema["format"] = "date"
    return schema


def _choices(field: Field) -> list[str] | None:
    """The values a select offers when they are fixed where it is declared; the empty choice is absence."""
    if not isinstance(field, SelectFieldBase) or not getattr(field, "validate_choice", True):
        return None
    choices = field.choices
    if not isinstance(choices, (list, tuple)):
        return None  # per case or per request (the register's rows): checked when filled
    values = [choice.value if hasattr(choice, "value") else choice[0] for choice in choices]
    return [value for value in values if value != ""]
