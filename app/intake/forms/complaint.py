"""The complaint form: one validation for the complaint page and POST /api/v1/complaints."""

from functools import partial

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import MultipleFileField
from wtforms import BooleanField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from app import clock
from app.intake.forms.fields import ReporterFields
from app.intake.services import filing
from app.register.choices import participant_choices
from app.web.form_fields import (
    UNCHECKED,
    DayField,
    PlainSelect,
    YesNoField,
    optional_int,
    optional_text,
    service_check,
)


class ComplaintForm(ReporterFields, FlaskForm):
    participant_id = SelectField(
        _l("Which participant is your complaint about?"),
        coerce=optional_int,
        validate_choice=False,
        widget=PlainSelect(),  # every participant: a thousand options
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
        known = service_check(self.participant_id, partial(filing.participant, field="participant_id"))
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
                phone=optional_text(self.reporter_phone),
                organisation=optional_text(self.reporter_organisation),
                access_links=bool(self.access_links.data),
            ),
            participant_id=self.participant_id.data,
            title=self.title.data.strip(),
            description=self.description.data.strip(),
            occurred_on=self.occurred_on.data,
            raised_with_participant=self.raised_with_participant.as_bool,
            desired_outcome=optional_text(self.desired_outcome),
            contact_shared=self.contact_shared.data,
        )
