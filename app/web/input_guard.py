"""Input the databases cannot hold is refused where it enters, never answered with a 500.

Three doors, each handled once for every route and form:
- URL ids: the `int` converter is replaced by one bounded to 64 bits, so `/x/99999999999999999999`
  is a 404 on every `<int:...>` rule (SQLite overflowed on such ids).
- URL segments and query strings: a segment with a NUL or a lone surrogate is a 404; in query
  values (searches and filters) those characters are dropped. PostgreSQL refuses NUL in text.
- Form fields: every WTForms field gets a filter that refuses such text, and whole numbers beyond
  64 bits, with an error next to the field. The JSON API fills the same forms; its reader
  (app/api/json_input.py) refuses such members itself first, naming the member.
"""

from flask import Flask, abort, request
from flask_babel import lazy_gettext as _l
from werkzeug.datastructures import ImmutableMultiDict
from werkzeug.routing import IntegerConverter
from wtforms.fields import FieldList, FormField
from wtforms.meta import DefaultMeta

from app.bounds import INT64_MAX, INT64_MIN, fits_int64, storable_text

NOT_ALLOWED = _l("Contains characters that are not allowed.")
TOO_LARGE = _l("This number is too large.")


class BoundedIntegerConverter(IntegerConverter):
    """`<int:...>` limited to what a 64-bit column holds: a larger id matches no rule (404)."""

    def __init__(self, map, fixed_digits=0, min=None, max=None, signed=False):
        if max is None:
            max = INT64_MAX
        if min is None and signed:
            min = INT64_MIN
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


def refuse_unstorable(value):
    """A WTForms filter: text with NUL or a lone surrogate, or a number beyond 64 bits, is a field error."""
    if isinstance(value, str):
        if not storable_text(value):
            raise ValueError(NOT_ALLOWED)
    elif isinstance(value, (list, tuple)):
        if any(isinstance(item, str) and not storable_text(item) for item in value):
            raise ValueError(NOT_ALLOWED)
    elif isinstance(value, int) and not isinstance(value, bool) and not fits_int64(value):
        raise ValueError(TOO_LARGE)
    return value


_default_bind_field = DefaultMeta.bind_field


def _bind_field_with_guard(self, form, unbound_field, options):
    # FormField and FieldList take no filters: their inner forms' fields get the filter themselves.
    if not issubclass(unbound_field.field_class, (FormField, FieldList)):
        filters = unbound_field.kwargs.get("filters") or ()
        if refuse_unstorable not in filters:
            options = {**options, "filters": (*filters, refuse_unstorable)}
    return _default_bind_field(self, form, unbound_field, options)


def install_form_guard() -> None:
    """Every form (FlaskForm and plain WTForms forms alike) binds its fields with the filter.

    WTForms binds each field through its form's Meta.bind_field; FlaskForm's Meta and the inner
    forms of FormField inherit DefaultMeta's, so this one hook reaches every form, also new ones.
    """
    DefaultMeta.bind_field = _bind_field_with_guard


def use_bounded_ids(app: Flask) -> None:
    """Before any rule is added: rules pick their converter when they are added."""
    app.url_map.converters["int"] = BoundedIntegerConverter


def register(app: Flask) -> None:
    install_form_guard()

    @app.before_request
    def _refuse_unstorable_url_text():
        for value in (request.view_args or {}).values():
            if isinstance(value, str) and not storable_text(value):
                abort(404)
        pairs = list(request.args.items(multi=True))
        if not all(storable_text(key) and storable_text(value) for key, value in pairs):
            # A search for "vo\0dix" is a search for "vodix"; werkzeug caches args on the request.
            request.args = ImmutableMultiDict((_storable(key), _storable(value)) for key, value in pairs)


def _storable(text: str) -> str:
    return "".join(char for char in text if char != "\x00" and not "\ud800" <= char <= "\udfff")
