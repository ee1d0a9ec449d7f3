"""The dispute form: one validation for the dispute page and POST /api/v1/disputes."""

from functools import partial

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import MultipleFileField
from wtforms import BooleanField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from app.intake.services import filing
from app.register.choices import participant_choices
from app.web.form_fields import UNCHECKED, PlainSelect, optional_int, optional_text, service_check


class DisputeForm(FlaskForm):
    """Filed by a user of a participating supplier: the claimant is that user's organisation."""

    respondent_id = SelectField(
        _l("Which participant is the dispute with?"),
        coerce=optional_int,
        validate_choice=False,
        widget=PlainSelect(),  # every participant: a thousand options
        validators=[DataRequired(_l("Choose the participant you have the dispute with."))],
    )
    title = StringField(_l("Short title"), validators=[DataRequired(), Length(max=200)])
    description = TextAreaField(_l("What happened?"), validators=[DataRequired(), Length(max=20000)])
    agreement = StringField(_l("Which agreement (afspraak) is it about?"), validators=[Optional(), Length(max=300)])
    prior_attempt = TextAreaField(
        _l("How did you try to resolve it together?"),
        validators=[
            DataRequired(
                _l(
                    "Describe how you tried to resolve it together first: the foundation takes up a "
                    "dispute only after that."
                )
            ),
            Length(max=10000),
        ],
    )
    desired_outcome = TextAreaField(_l("What decision do you ask for?"), validators=[Optional(), Length(max=10000)])
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
        known = service_check(self.respondent_id, partial(filing.respondent, self.claimant_id))
        return known and valid

    def to_report(self) -> filing.DisputeReport:
        return filing.DisputeReport(
            respondent_id=self.respondent_id.data,
            title=self.title.data.strip(),
            description=self.description.data.strip(),
            prior_attempt=self.prior_attempt.data.strip(),
            agreement=optional_text(self.agreement),
            desired_outcome=optional_text(self.desired_outcome),
            files_confidential=self.files_confidential.data,
        )
