"""Form fields and coercions every domain's forms share: local date-times and days, yes/no(/unknown),
checkbox groups, optional selects, a choice of a register row, a service's check of a field."""

from collections.abc import Callable
from datetime import datetime
from zoneinfo import ZoneInfo

from flask_babel import lazy_gettext as _l
from markupsafe import Markup, escape
from wtforms import DateField, Field, RadioField, SelectChoice, SelectField, SelectMultipleField, widgets
from wtforms.validators import ValidationError

from app.bounds import MAX_ID
from app.errors_domain import DomainError

LOCAL_TZ = ZoneInfo("Europe/Amsterdam")
LOCAL_FORMATS = ("%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M", "%d-%m-%Y %H:%M")


def parse_moment(text: str) -> datetime:
    """A browser's local date-time (read as Europe/Amsterdam) or ISO 8601 with an offset (API)."""
    text = text.strip()
    # ISO 8601 first: it is what the page and the API send, and it reads every text the formats
    # below read alike; they catch the rest (unpadded numbers, day first).
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        for fmt in LOCAL_FORMATS:
            try:
                return datetime.strptime(text, fmt).replace(tzinfo=LOCAL_TZ)
            except ValueError:
                continue
        raise
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=LOCAL_TZ)
    return moment


class MomentField(Field):
    """A date and time; stored as aware UTC, shown in Europe/Amsterdam."""

    widget = widgets.DateTimeLocalInput()

    def _value(self) -> str:
        if self.raw_data:
            return " ".join(self.raw_data)
        if self.data is None:
            return ""
        return self.data.astimezone(LOCAL_TZ).strftime("%Y-%m-%dT%H:%M")

    def process_formdata(self, valuelist):
        if not valuelist or not valuelist[0].strip():
            self.data = None
            return
        try:
            self.data = parse_moment(valuelist[0]).astimezone(ZoneInfo("UTC"))
        except (ValueError, OverflowError):  # OverflowError: year 1 with a positive offset
            self.data = None
            raise ValueError(_l("Enter a date and time, for example 14-03-2026 09:30.")) from None


def static_choices(pairs: list[tuple]) -> list[SelectChoice]:
    """(value, label) pairs in WTForms' own shape, made once where a field is declared: pairs are
    converted (and warned about) again on every form, in every field, on every check."""
    return [SelectChoice(value, label) for value, label in pairs]


TRI_STATE = [("yes", _l("Yes")), ("no", _l("No")), ("unknown", _l("Unknown"))]
_TRI_STATE_CHOICES = static_choices(TRI_STATE)


class TriStateField(RadioField):
    """Yes / no / unknown, read as True / False / None."""

    def __init__(self, label=None, validators=None, **kwargs):
        super().__init__(label, validators, choices=_TRI_STATE_CHOICES, validate_choice=True, **kwargs)

    def process_data(self, value):
        self.data = {True: "yes", False: "no"}.get(value, value)

    def pre_validate(self, form):
        if self.data in (None, ""):
            self.data = None
            return
        super().pre_validate(form)

    @property
    def as_bool(self) -> bool | None:
        return {"yes": True, "no": False}.get(self.data)


class CheckboxGroupField(SelectMultipleField):
    """A set of checkboxes (a fieldset in the page)."""

    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


class OptionalSelectField(SelectField):
    """A select with Optional(): left out (None), it skips the choice check. WTForms would fail
    it and build the message, loading its translations for the request, and Optional() would
    then throw the message away."""

    def pre_validate(self, form):
        if self.data is not None:
            super().pre_validate(form)


# A checkbox posts "y"; the API sends "no" for false (app/api/json_input.py, BOOLEAN).
UNCHECKED = (False, "false", "", "no")


class YesNoField(TriStateField):
    """Yes or no without 'unknown': the complainant knows the answer."""

    def __init__(self, label=None, validators=None, **kwargs):
        super().__init__(label, validators, **kwargs)
        self.choices = TRI_STATE[:2]


class DayField(DateField):
    """A calendar date (an HTML date input, or YYYY-MM-DD from the API)."""

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError(_l("Enter a date, for example 2026-03-14.")) from None


def service_check(field, check) -> bool:
    """Runs a service's check of a field's value (a chosen organisation, a data service, a moment),
    its refusal shown at the field; an empty or already refused field is left alone."""
    if field.errors or field.data in (None, ""):
        return True
    try:
        check(field.data)
    except DomainError as refusal:
        field.errors.append(refusal.message)
        return False
    return True


def optional_int(value):
    """A select's id, or None for its empty choice."""
    return int(value) if value not in (None, "", "None") else None


def optional_text(field) -> str | None:
    return (field.data or "").strip() or None


class PlainSelect(widgets.Select):
    """WTForms' select with a plain list of choices written directly: WTForms makes an object of each
    choice and builds each option through html_params, about 70 µs an option, which a list of a
    thousand participants turns into most of a page's time. The HTML is the same (attributes in
    WTForms' order), as tests/web/test_plain_select.py checks; groups, several choices and options
    with their own attributes go through WTForms."""

    def __call__(self, field, **kwargs):
        choices = _plain_choices(field.choices)
        if self.multiple or choices is None:
            return super().__call__(field, **kwargs)
        kwargs.setdefault("id", field.id)
        flags = getattr(field, "flags", {})
        for name in self.validation_attrs:
            if name in dir(flags) and name not in kwargs:
                kwargs[name] = getattr(flags, name)
        html = [f"<select {widgets.html_params(name=field.name, **kwargs)}>"]
        coerce, data = field.coerce, field.data
        for value, label in choices:
            shown = escape(str(value) if isinstance(value, bool) else value)
            selected = " selected" if coerce(value) == data else ""
            html.append(f'<option{selected} value="{shown}">{escape(label)}</option>')
        html.append("</select>")
        # Every value and label in it was escaped above.
        return Markup("".join(html))  # nosec B704


def _plain_choices(choices) -> list[tuple] | None:
    """(value, label) pairs, or None when a choice has a group or attributes of its own."""
    if not isinstance(choices, list | tuple):
        return None
    pairs = []
    for choice in choices:
        if isinstance(choice, SelectChoice):
            if choice.render_kw or choice.optgroup is not None:
                return None
            pairs.append((choice.value, choice.label))
        elif isinstance(choice, list | tuple) and len(choice) == 2:
            pairs.append(choice)
        else:
            return None
    return pairs


class RegisterChoiceField(SelectField):
    """One row of the register (a participant, a product), or None: the empty choice.

    The page lists every row, but checking one submitted id needs only that row: `load_choices`
    runs when the field is rendered, `find_row(id)` (a primary-key get, None for no valid choice)
    when it is validated, and the two accept the same ids. So the JSON API, which only validates,
    reads one row; the field keeps it in `row` (the session holds rows only while they are used).
    Drawn by PlainSelect: a register list runs to a thousand rows.
    """

    widget = PlainSelect()

    def __init__(
        self,
        label=None,
        validators=None,
        *,
        load_choices: Callable[[], list],
        find_row: Callable[[int], object | None],
        **kwargs,
    ):
        super().__init__(label, validators, choices=self._choices_now, **kwargs)
        self.load_choices = load_choices
        self.find_row = find_row
        self.row = None

    def _choices_now(self) -> list:
        return self.load_choices()

    def process_formdata(self, valuelist):
        # Text where an id belongs is no valid choice either; WTForms would speak of coercion.
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError(self.gettext("Not a valid choice.")) from None

    def pre_validate(self, form):
        if self.process_errors or self.data is None:
            return
        self.row = self.find_row(self.data) if 0 < self.data <= MAX_ID else None
        if self.row is None:
            raise ValidationError(self.gettext("Not a valid choice."))
