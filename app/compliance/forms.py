"""Forms of decisions and measures, shared by the pages and the JSON API."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import MultipleFileField
from wtforms import BooleanField, FieldList, Form, FormField, SelectField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from app.cases.forms import TEXT_MAX
from app.cases.labels import label
from app.compliance import ladder
from app.compliance.labels import MEASURE_KIND, MEASURE_STATUS, OUTCOME
from app.compliance.services import measures
from app.compliance.services.decisions import measure_prefix
from app.compliance.services.measures import MeasureInput
from app.web.form_fields import UNCHECKED, DayField, MomentField, PlainSelect, optional_int

MAX_ROWS = 20
DAY_FORMATS = ["%Y-%m-%d", "%d-%m-%Y"]
MEASURE_CHOICES = [("", _l("No measure")), *MEASURE_KIND.items()]


class MeasureFields(Form):
    """One measure: what, against whom, why and until when. The service checks that it fits the case."""

    kind = SelectField(_l("Measure"), choices=MEASURE_CHOICES, default="")
    # Whom and which keurmerk depend on the case; the service refuses what does not fit, next to the field.
    participant_id = SelectField(_l("Participant"), coerce=optional_int, validate_choice=False, widget=PlainSelect())
    keurmerk_id = SelectField(_l("Keurmerk"), coerce=optional_int, validate_choice=False)
    reasoning = TextAreaField(_l("Reasons for this measure"), validators=[Optional(), Length(max=TEXT_MAX)])
    public_reason = TextAreaField(_l("Short reason for the public register"), validators=[Optional(), Length(max=300)])
    publish = BooleanField(_l("Publish in the Keurmerkregister"), false_values=UNCHECKED)
    starts_on = DayField(_l("Start date"), format=DAY_FORMATS, validators=[Optional()])
    ends_on = DayField(_l("End date"), format=DAY_FORMATS, validators=[Optional()])
    due_at = MomentField(_l("Due date (hersteltermijn)"), validators=[Optional()])

    def offer(self, participants) -> None:
        """The case's eligible participants, and their keurmerken (none chosen: all of them)."""
        self.participant_id.choices = [(str(o.id), o.name) for o in participants]
        self.keurmerk_id.choices = [("", _l("All keurmerken of the participant"))] + [
            (str(k.id), f"{o.name}: {p.name} / {k.gegevensdienst}")
            for o in participants
            for p in o.products
            for k in p.keurmerken
        ]

    def to_input(self) -> MeasureInput:
        return MeasureInput(
            kind=self.kind.data,
            participant_id=self.participant_id.data,
            keurmerk_id=self.keurmerk_id.data,
            reasoning=self.reasoning.data or "",
            public_reason=self.public_reason.data or "",
            starts_on=self.starts_on.data,
            ends_on=self.ends_on.data,
            due_at=self.due_at.data,
            publish=bool(self.publish.data),
        )


class DecisionForm(FlaskForm):
    outcome = SelectField(_l("Outcome"), validate_choice=False, validators=[InputRequired()])
    reasoning = TextAreaField(_l("Reasons for the decision"), validators=[DataRequired(), Length(max=TEXT_MAX)])
    cause = TextAreaField(_l("Cause of the incident"), validators=[Optional(), Length(max=TEXT_MAX)])
    remedial_action = TextAreaField(_l("Measures the participant took"), validators=[Optional(), Length(max=TEXT_MAX)])
    measures = FieldList(FormField(MeasureFields), min_entries=2, max_entries=MAX_ROWS)
    # Required by the view only when a side was not heard (decisions.missing_hearing).
    confirm_missing = BooleanField(_l("Decide anyway"), false_values=UNCHECKED)
    # Without JavaScript: shows the form again with one more measure row, deciding nothing.
    add_row = SubmitField(_l("Another measure row"))
    # Shows every side's letter as it would be mailed, deciding nothing.
    preview = SubmitField(_l("Preview the letters"))

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.outcome.choices = [("", _l("Choose…"))] + [
            (code, label(OUTCOME, code)) for code in ladder.outcomes_for(case.type)
        ]
        participants = measures.eligible_participants(case)
        for row in self.measures:
            row.form.offer(participants)

    def add_measure_row(self, case) -> None:
        if len(self.measures) < MAX_ROWS:
            self.measures.append_entry()
            self.measures[-1].form.offer(measures.eligible_participants(case))

    def _filled(self) -> list[int]:
        return [index for index, row in enumerate(self.measures) if row.form.kind.data]

    def items(self) -> list[MeasureInput]:
        """The measures asked for; a row without a kind is an unused row."""
        return [self.measures[index].form.to_input() for index in self._filled()]

    def row_field(self, field: str | None) -> str | None:
        """The form's name for a field the service names by its measure's place among the filled rows."""
        place, _, name = (field or "").removeprefix("measures-").partition("-")
        filled = self._filled()
        if not field or not field.startswith("measures-") or not place.isdigit() or int(place) >= len(filled):
            return field
        return f"{measure_prefix(filled[int(place)])}{name}"


class NextStepForm(FlaskForm, MeasureFields):
    """A measure after the decision, usually the ladder's next step; against the same participant."""


class NoteForm(FlaskForm):
    note = TextAreaField(_l("Note"), validators=[DataRequired(), Length(max=TEXT_MAX)])


class ReasonForm(FlaskForm):
    reason = TextAreaField(_l("Reason"), validators=[DataRequired(), Length(max=TEXT_MAX)])


class EvidenceForm(FlaskForm):
    body = TextAreaField(_l("What did your organisation do?"), validators=[DataRequired(), Length(max=TEXT_MAX)])
    attachments = MultipleFileField(_l("Documents"))


class ObjectionForm(FlaskForm):
    grounds = TextAreaField(_l("Grounds of your objection"), validators=[DataRequired(), Length(max=TEXT_MAX)])


class MeasureFilterForm(FlaskForm):
    """The staff list's filter: a GET form, so no CSRF token (it changes nothing)."""

    class Meta:
        csrf = False

    status = SelectField(_l("Status"), default="", choices=[("", _l("All statuses")), *MEASURE_STATUS.items()])
