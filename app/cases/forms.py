"""Forms of case handling, one per action, shared by the case page and the API."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, IntegerField, RadioField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, ValidationError

from app.cases import labels, workflow

REASON_HINT = _l("The parties read this reason.")
TEXT_MAX = 20000


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
    admissible = RadioField(_l("Is the report admissible?"), validators=[InputRequired()],
                            choices=[("yes", _l("Admissible: handle it")),
                                     ("no", _l("Not admissible (niet-ontvankelijk)"))])
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
