"""The RFC desk's forms: one validation for the submission page and POST /api/v1/rfcs, and the handlers' forms."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import MultipleFileField
from wtforms import SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from app.register.models import GEGEVENSDIENSTEN
from app.rfc import labels, planning
from app.rfc.services import submission
from app.web.form_fields import (
    DayField,
    OptionalSelectField,
    optional_int,
    optional_text,
    service_check,
    static_choices,
)

CHOOSE = ("", _l("Choose…"))
NONE = ("", _l("None"))
VARIANT_CHOICES = static_choices([CHOOSE, *labels.options(labels.VARIANT)])
TYPE_CHOICES = static_choices([CHOOSE, *labels.options(labels.TYPE)])
PRIORITY_CHOICES = static_choices([CHOOSE, *labels.options(labels.PRIORITY)])
SIDE_CHOICES = static_choices([NONE, *labels.options(labels.SIDE)])
GEGEVENSDIENST_CHOICES = static_choices([NONE, *((g, g) for g in GEGEVENSDIENSTEN)])
RELEASE_KIND_CHOICES = static_choices([CHOOSE, *labels.options(labels.RELEASE_KIND)])
TEXT = 20000


class RfcForm(FlaskForm):
    """A request for change, by a user of a participant or implementation partner (the submitter)."""

    title = StringField(_l("Short title"), validators=[DataRequired(), Length(max=200)])
    variant = SelectField(_l("Variant"), choices=VARIANT_CHOICES, validators=[DataRequired()])
    type = SelectField(_l("Proposed type"), choices=TYPE_CHOICES, validators=[DataRequired()])
    priority = SelectField(_l("Proposed priority"), choices=PRIORITY_CHOICES, validators=[DataRequired()])
    agreement = StringField(
        _l("Which agreement is it about? (name or link)"), validators=[DataRequired(), Length(max=300)]
    )
    # Checked by the service (a clear message for an unknown data service); the document lists the values.
    gegevensdienst = OptionalSelectField(
        _l("Data service (gegevensdienst)"), choices=GEGEVENSDIENST_CHOICES, validate_choice=False
    )
    reference_component = StringField(_l("Reference component"), validators=[Optional(), Length(max=200)])
    product = StringField(_l("Your product"), validators=[Optional(), Length(max=200)])
    side = OptionalSelectField(_l("Source or consumer side"), choices=SIDE_CHOICES, validators=[Optional()])
    description = TextAreaField(_l("The proposed change"), validators=[DataRequired(), Length(max=TEXT)])
    example = TextAreaField(_l("A practical example"), validators=[Optional(), Length(max=TEXT)])
    rationale = TextAreaField(_l("Why is it needed?"), validators=[DataRequired(), Length(max=TEXT)])
    desired_moment = DayField(_l("Desired moment of introduction"), validators=[Optional()])
    # Read and checked by the page (app/cases/form_uploads.py) and the API (app/api/report_input.py).
    attachments = MultipleFileField(_l("Files"))

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        service = service_check(self.gegevensdienst, submission.check_gegevensdienst)
        moment = service_check(self.desired_moment, submission.check_desired_moment)
        return valid and service and moment

    def to_report(self) -> submission.RfcReport:
        return submission.RfcReport(
            title=self.title.data.strip(),
            variant=self.variant.data,
            type=self.type.data,
            priority=self.priority.data,
            agreement=self.agreement.data.strip(),
            gegevensdienst=self.gegevensdienst.data or None,
            reference_component=optional_text(self.reference_component),
            product=optional_text(self.product),
            side=self.side.data or None,
            description=self.description.data.strip(),
            example=optional_text(self.example),
            rationale=self.rationale.data.strip(),
            desired_moment=self.desired_moment.data,
        )


class TransitionForm(FlaskForm):
    to = SelectField(_l("New status"), choices=labels.options(labels.STATUS), validate_choice=False)
    reason = TextAreaField(_l("Reason"), validators=[Optional(), Length(max=TEXT)])
    advice = TextAreaField(
        _l("Where to go instead (when another body is competent)"), validators=[Optional(), Length(max=TEXT)]
    )


class ClassifyForm(FlaskForm):
    """The desk's type and priority (the submitter only proposes them)."""

    type = SelectField(_l("Type"), choices=TYPE_CHOICES, validators=[DataRequired()])
    priority = SelectField(_l("Priority"), choices=PRIORITY_CHOICES, validators=[DataRequired()])


class AnalysisForm(FlaskForm):
    """The handling fields: the analyst's impact analysis, the bodies' dates and advice."""

    analyst_id = SelectField(_l("Analyst"), coerce=optional_int, validate_choice=False)
    reviewer_id = SelectField(_l("Reviewer"), coerce=optional_int, validate_choice=False)
    workgroup = StringField(_l("Workgroup or architects' council"), validators=[Optional(), Length(max=200)])
    workgroup_on = DayField(_l("Workgroup meeting"), validators=[Optional()])
    council_on = DayField(_l("Architects' council meeting"), validators=[Optional()])
    impact_technical = TextAreaField(_l("Technical impact"), validators=[Optional(), Length(max=TEXT)])
    impact_implementation = TextAreaField(_l("Implementation impact"), validators=[Optional(), Length(max=TEXT)])
    impact_risks = TextAreaField(_l("Risks"), validators=[Optional(), Length(max=TEXT)])
    impact_roadmap = TextAreaField(_l("Fit with the roadmap"), validators=[Optional(), Length(max=TEXT)])
    impact_practice = TextAreaField(_l("Impact in practice"), validators=[Optional(), Length(max=TEXT)])
    advice_workgroup = TextAreaField(_l("Advice of the workgroup"), validators=[Optional(), Length(max=TEXT)])
    advice_council = TextAreaField(_l("Advice of the architects' council"), validators=[Optional(), Length(max=TEXT)])


class CabForm(FlaskForm):
    """The CAB's advice and priority, recorded by the change manager."""

    cab_on = DayField(_l("CAB meeting"), validators=[DataRequired(_l("Enter the date of the CAB meeting."))])
    priority = SelectField(_l("Priority"), choices=PRIORITY_CHOICES, validators=[DataRequired()])
    advice_cab = TextAreaField(_l("Advice of the CAB"), validators=[DataRequired(), Length(max=TEXT)])


class PlanForm(FlaskForm):
    release_id = SelectField(
        _l("Release"), coerce=optional_int, validate_choice=False, validators=[DataRequired(_l("Choose a release."))]
    )
    freeze_reason = TextAreaField(
        _l("Why this technical change cannot wait for the end of the summer freeze"),
        validators=[Optional(), Length(max=TEXT)],
    )


class RedactionForm(FlaskForm):
    names = TextAreaField(
        _l("Names to show as [geredigeerd] in the public register (one per line)"),
        validators=[Optional(), Length(max=5000)],
    )

    def to_names(self) -> list[str]:
        return planning.parse_names(self.names.data)


class ReleaseForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=100)])
    kind = SelectField(_l("Kind"), choices=RELEASE_KIND_CHOICES, validators=[DataRequired()])
    planned_on = DayField(_l("Planned on"), validators=[DataRequired(_l("Enter the planned date."))])
    summary = TextAreaField(_l("Introduction to the release notes"), validators=[Optional(), Length(max=TEXT)])


# The handlers' forms on the RFC page, by panel name (the prefix of their fields).
ACTION_FORMS = {
    "status": TransitionForm,
    "classify": ClassifyForm,
    "analysis": AnalysisForm,
    "cab": CabForm,
    "plan": PlanForm,
    "redaction": RedactionForm,
}
