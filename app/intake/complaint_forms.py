"""The complaint and dispute forms: one validation for the web pages and the JSON API."""
from functools import partial

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import MultipleFileField
from wtforms import BooleanField, DateField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from app import clock
from app.errors_domain import DomainError
from app.intake.fields import TRI_STATE, TriStateField
from app.intake.forms import ReporterFields, _optional_int, participant_choices
from app.intake.services import filing

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


def _text(field) -> str | None:
    return (field.data or "").strip() or None


def _check_participant(field, check) -> bool:
    """Runs a service check of the chosen organisation, its refusal shown at the field."""
    if field.errors or field.data is None:
        return True
    try:
        check(field.data)
    except DomainError as refusal:
        field.errors.append(refusal.message)
        return False
    return True


class ComplaintForm(ReporterFields, FlaskForm):
    participant_id = SelectField(
        _l("Which participant is your complaint about?"), coerce=_optional_int, validate_choice=False,
        validators=[DataRequired(_l("Choose the participant your complaint is about."))],
    )
    title = StringField(_l("Short title"), validators=[DataRequired(), Length(max=200)])
    description = TextAreaField(_l("What is your complaint?"), validators=[DataRequired(), Length(max=20000)])
    occurred_on = DayField(_l("When did it happen?"), validators=[InputRequired()])
    raised_with_participant = YesNoField(
        _l("Did you first raise it with the participant?"),
        validators=[InputRequired(_l("Say whether you raised it with the participant first."))],
    )
    desired_outcome = TextAreaField(_l("What outcome do you want?"), validators=[Optional(), Length(max=10000)])
    contact_shared = BooleanField(_l("The participant may see my contact details"), false_values=UNCHECKED)
    attachments = MultipleFileField(_l("Attachments"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.participant_id.choices = participant_choices(_l("Choose…"))

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        known = _check_participant(self.participant_id, partial(filing.participant, field="participant_id"))
        return self._check_date() and known and valid

    def _check_date(self) -> bool:
        if self.occurred_on.data is not None and self.occurred_on.data > clock.local(clock.now()).date():
            self.occurred_on.errors.append(_l("This date lies in the future."))
            return False
        return True

    def to_report(self) -> filing.ComplaintReport:
        return filing.ComplaintReport(
            reporter=filing.Reporter(
                name=self.reporter_name.data.strip(),
                email=self.reporter_email.data.strip().lower(),
                phone=_text(self.reporter_phone),
                organisation=_text(self.reporter_organisation),
                access_links=bool(self.access_links.data),
            ),
            participant_id=self.participant_id.data,
            title=self.title.data.strip(),
            description=self.description.data.strip(),
            occurred_on=self.occurred_on.data,
            raised_with_participant=self.raised_with_participant.as_bool,
            desired_outcome=_text(self.desired_outcome),
            contact_shared=self.contact_shared.data,
        )


class DisputeForm(FlaskForm):
    """Filed by a user of a participating supplier: the claimant is that user's organisation."""

    respondent_id = SelectField(
        _l("Which participant is the dispute with?"), coerce=_optional_int, validate_choice=False,
        validators=[DataRequired(_l("Choose the participant you have the dispute with."))],
    )
    title = StringField(_l("Short title"), validators=[DataRequired(), Length(max=200)])
    description = TextAreaField(_l("What happened?"), validators=[DataRequired(), Length(max=20000)])
    agreement = StringField(
        _l("Which agreement (afspraak) is it about?"), validators=[Optional(), Length(max=300)]
    )
    prior_attempt = TextAreaField(
        _l("How did you try to resolve it together?"),
        validators=[
            DataRequired(_l("Describe how you tried to resolve it together first: the foundation takes up a "
                            "dispute only after that.")),
            Length(max=10000),
        ],
    )
    desired_outcome = TextAreaField(
        _l("What decision do you ask for?"), validators=[Optional(), Length(max=10000)]
    )
    attachments = MultipleFileField(_l("Attachments"))
    files_confidential = BooleanField(
        _l("Only the foundation may see these files (commercially sensitive)"), false_values=UNCHECKED
    )

    def __init__(self, *args, claimant_id: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.claimant_id = claimant_id
        self.respondent_id.choices = participant_choices(_l("Choose…"), leave_out=claimant_id)

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        known = _check_participant(self.respondent_id, partial(filing.respondent, self.claimant_id))
        return known and valid

    def to_report(self) -> filing.DisputeReport:
        return filing.DisputeReport(
            respondent_id=self.respondent_id.data,
            title=self.title.data.strip(),
            description=self.description.data.strip(),
            prior_attempt=self.prior_attempt.data.strip(),
            agreement=_text(self.agreement),
            desired_outcome=_text(self.desired_outcome),
            files_confidential=self.files_confidential.data,
        )
