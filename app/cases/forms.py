"""Forms of the case desk: the queue's filters, one per handling action (shared by the case page and
the API), the request for a response, and the handlers' own settings."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    IntegerField,
    RadioField,
    SearchField,
    SelectChoice,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, ValidationError

from app.cases import labels, workflow
from app.cases.services import hearing
from app.cases.services import queue as work_queue
from app.register.choices import find_participant, participant_choices
from app.web.form_fields import PlainSelect, RegisterChoiceField, optional_int

REASON_HINT = _l("The parties read this reason.")
TEXT_MAX = 20000


def _options(*pairs) -> list[SelectChoice]:
    return [SelectChoice(str(value), label) for value, label in pairs]


def _choices(mapping: dict, first: str) -> list[SelectChoice]:
    return _options(("", first), *mapping.items())


class QueueFilterForm(FlaskForm):
    """The queue's filters: a GET form, so no CSRF token (it changes nothing)."""

    class Meta:
        csrf = False

    q = SearchField(_l("Search"), validators=[Optional(), Length(max=200)])
    type = SelectField(
        _l("Type"), choices=_choices(labels.CASE_TYPE, _l("All types")), default="", widget=PlainSelect()
    )
    status = SelectField(
        _l("Status"),
        choices=_options(("", _l("Open cases")), (work_queue.ALL, _l("All statuses")), *labels.STATUS.items()),
        default="",
        widget=PlainSelect(),
    )
    category = SelectField(
        _l("Category"), choices=_choices(labels.CATEGORY, _l("All categories")), default="", widget=PlainSelect()
    )
    # A thousand participants: listed when the page is drawn, but a chosen one is checked by its id
    # alone, not against 1,000 choices built as objects (3.5 ms of the queue's 20, measured 2026-12-04).
    participant = RegisterChoiceField(
        _l("Participant"),
        coerce=optional_int,
        load_choices=lambda: participant_choices(_l("All participants")),
        find_row=find_participant,
    )
    assignee = SelectField(_l("Case handler"), default="", widget=PlainSelect())
    breached = BooleanField(_l("Only overdue cases"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.assignee.choices = _options(
            ("", _l("Anyone")), ("me", _l("Me")), ("none", _l("Not assigned")), *work_queue.staff_choices()
        )

    def value(self, name: str) -> str | None:
        """The field's value, or None when it is empty or was refused."""
        field = self[name]
        return None if field.errors or not field.data else field.data


class TransitionForm(FlaskForm):
    """`to` accepts every status: the workflow, not the form, says which move fits the case."""

    to = SelectField(_l("New status"), choices=list(labels.STATUS.items()), validators=[InputRequired()])
    reason = TextAreaField(_l("Reason"), validators=[Optional(), Length(max=TEXT_MAX)])
    # The whom-choices depend on the case: the page offers them, the service checks them.
    waiting_on = SelectField(_l("Waiting on"), validators=[Optional()], validate_choice=False)

    def narrow(self, status: str) -> None:
        """Offers only the moves the case can make now (the page); the API keeps every status."""
        allowed = workflow.next_statuses(status)
        self.to.choices = [(code, word) for code, word in labels.STATUS.items() if code in allowed]


class TriageForm(FlaskForm):
    admissible = RadioField(
        _l("Is the report admissible?"),
        validators=[InputRequired()],
        choices=[("yes", _l("Admissible: handle it")), ("no", _l("Not admissible (niet-ontvankelijk)"))],
    )
    reason = TextAreaField(_l("Reason"), validators=[Optional(), Length(max=TEXT_MAX)])


class AssignForm(FlaskForm):
    """The handler by e-mail address: the page's select sends it, as the API does."""

    assignee = SelectField(_l("Case handler"), validate_choice=False)
    automatic = SubmitField(_l("Assign automatically"))

    def validate_assignee(self, field) -> None:
        if not self.automatic.data and not (field.data or "").strip():
            raise ValidationError(_l("Choose a case handler, or assign automatically."))


class NoteForm(FlaskForm):
    body = TextAreaField(_l("Internal note"), validators=[DataRequired(), Length(max=TEXT_MAX)])


class MessageForm(FlaskForm):
    body = TextAreaField(_l("Message"), validators=[Optional(), Length(max=TEXT_MAX)])
    visibility = SelectField(_l("To"), validate_choice=False, validators=[DataRequired()])
    canned = SelectField(_l("Standard text"), validate_choice=False, validators=[Optional()])
    # Without JavaScript: this button puts the chosen standard text in the message, sending nothing.
    insert = SubmitField(_l("Insert the standard text"))

    def validate_body(self, field) -> None:
        if not self.insert.data and not (field.data or "").strip():
            raise ValidationError(_l("This field is required."))


class LinkedMessageForm(FlaskForm):
    body = TextAreaField(_l("Update to every linked reporter"), validators=[DataRequired(), Length(max=TEXT_MAX)])


class ExtensionForm(FlaskForm):
    weeks = IntegerField(_l("Extend by (weeks)"), validators=[InputRequired(), NumberRange(min=1, max=4)])
    reason = TextAreaField(_l("Reason for the extension"), validators=[DataRequired(), Length(max=TEXT_MAX)])


class LinkForm(FlaskForm):
    lead = StringField(_l("Reference of the major incident"), validators=[DataRequired(), Length(max=20)])


class CloseLinkedForm(FlaskForm):
    reason = TextAreaField(_l("Reason"), validators=[DataRequired(), Length(max=TEXT_MAX)])


# The case page's handling actions by name. The name is the form's prefix there, which keeps the
# page's many forms apart (field names, ids); the API posts them unprefixed.
ACTION_FORMS = {
    "status": TransitionForm,
    "triage": TriageForm,
    "assign": AssignForm,
    "note": NoteForm,
    "message": MessageForm,
    "linked": LinkedMessageForm,
    "extension": ExtensionForm,
    "link": LinkForm,
}


class ResponseRequestForm(FlaskForm):
    """Hoor en wederhoor: which party is asked what, and how many business days it has."""

    organisation = SelectField(_l("Party"), coerce=int, validators=[InputRequired()])
    question = TextAreaField(_l("What do you ask?"), validators=[DataRequired(), Length(max=20000)])
    days = IntegerField(
        _l("Business days to respond"),
        default=hearing.DEFAULT_DAYS,
        validators=[InputRequired(), NumberRange(1, hearing.MAX_DAYS)],
    )

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation.choices = [
            (p.organisation_id, f"{p.organisation.name} ({labels.label(labels.PARTY_ROLE, p.role)})")
            for p in case.parties
        ]


class CannedReplyForm(FlaskForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])
    body = TextAreaField(_l("Text"), validators=[DataRequired(), Length(max=TEXT_MAX)])


class DutyForm(FlaskForm):
    on_duty = BooleanField(_l("I am on duty: new cases may be assigned to me automatically"))


def _id_or_none(value) -> int | None:
    return int(value) if str(value).isdigit() else None


class ConflictForm(FlaskForm):
    organisation = SelectField(_l("Organisation"), coerce=_id_or_none, validate_choice=False)
    note = TextAreaField(_l("Explanation"), validators=[Optional(), Length(max=2000)])

    def validate_organisation(self, field) -> None:
        if field.data is None:
            raise ValidationError(_l("Choose an organisation."))
