"""The incident form: one validation for the web page and the JSON API."""

from datetime import timedelta

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import MultipleFileField
from sqlalchemy import select
from wtforms import IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
)

from app import clock
from app.extensions import db
from app.intake.forms.fields import ReporterFields
from app.intake.services.filing import IncidentReport, Reporter
from app.register.choices import find_participant, participant_choices
from app.register.models import GEGEVENSDIENSTEN, Organisation, Product
from app.web.form_fields import (
    CheckboxGroupField,
    MomentField,
    OptionalSelectField,
    RegisterChoiceField,
    TriStateField,
    optional_int,
    optional_text,
    static_choices,
)

CATEGORY_CHOICES = [
    ("", _l("Choose…")),
    ("data_breach", _l("Data leak (personal data)")),
    ("security", _l("Security incident")),
    ("outage", _l("Outage of a data service")),
    ("non_compliance", _l("Deviation from the agreements")),
]
SEVERITY_CHOICES = [
    ("incident", _l("Regular incident: limited impact")),
    ("calamity", _l("Calamity: more than 4 hours, two or more participants, or confidentiality at stake")),
    ("crisis", _l("Crisis: more than 48 hours, many participants, or public impact")),
]
IMPACT_CHOICES = [
    ("confidentiality", _l("Confidentiality: people saw data they should not")),
    ("integrity", _l("Integrity: data was changed")),
    ("availability", _l("Availability: data was lost or unreachable")),
]
NATURE_CHOICES = [
    ("read", _l("Read")),
    ("copied", _l("Copied")),
    ("changed", _l("Changed")),
    ("deleted", _l("Deleted")),
    ("stolen", _l("Stolen")),
]
DATA_CATEGORY_CHOICES = [
    ("contact", _l("Names and contact details")),
    ("identity", _l("Date of birth, gender, identification")),
    ("results", _l("Results, grades and progress")),
    ("attendance", _l("Attendance and absence")),
    ("guidance", _l("Pupil guidance and special needs")),
    ("health", _l("Health data (special category)")),
    ("photos", _l("Photos or video")),
    ("credentials", _l("Login details")),
    ("financial", _l("Financial data")),
    ("other", _l("Other")),
]
GROUP_CHOICES = [
    ("pupils", _l("Pupils / students")),
    ("parents", _l("Parents or guardians")),
    ("staff", _l("Staff")),
    ("other", _l("Others")),
]
# The clock of a browser or a supplier's system may run slightly ahead of ours.
FUTURE_TOLERANCE = timedelta(minutes=5)
MAX_AFFECTED = 100_000_000


def product_choices() -> list[tuple[str, str]]:
    rows = db.session.execute(
        select(Product.id, Product.name, Organisation.name).join(Organisation).order_by(Organisation.name, Product.name)
    )
    return [("", _l("Unknown or not applicable"))] + [(str(i), f"{org} – {name}") for i, name, org in rows]


def _product(product_id: int) -> Product | None:
    return db.session.get(Product, product_id)


def breach_answers(form) -> dict:
    """The data-breach answers of a form carrying the incident form's breach fields, as stored."""
    return {
        "impact": form.impact.data or [],
        "nature": form.nature.data or [],
        "data_categories": form.data_categories.data or [],
        "special_categories": form.special_categories.as_bool,
        "bsn_involved": form.bsn_involved.as_bool,
        "affected_min": form.affected_min.data,
        "affected_max": form.affected_max.data,
        "affected_groups": form.affected_groups.data or [],
        "minors_involved": form.minors_involved.as_bool,
        "encrypted": form.encrypted.as_bool,
        "people_informed": form.people_informed.as_bool,
        "ap_notified": form.ap_notified.as_bool,
        "ap_notified_by": optional_text(form.ap_notified_by),
        "ap_notified_at": form.ap_notified_at.data,
        "ap_reference": optional_text(form.ap_reference),
    }


class IncidentForm(ReporterFields, FlaskForm):
    participant_id = RegisterChoiceField(
        _l("Participant involved"),
        coerce=optional_int,
        load_choices=lambda: participant_choices(_l("Unknown or not listed")),
        find_row=find_participant,
    )
    product_id = RegisterChoiceField(
        _l("Product involved"), coerce=optional_int, load_choices=product_choices, find_row=_product
    )
    gegevensdienst = OptionalSelectField(
        _l("Data service (gegevensdienst)"),
        choices=static_choices([("", _l("Unknown or not applicable"))] + [(g, g) for g in GEGEVENSDIENSTEN]),
        validators=[Optional()],
    )
    category = SelectField(
        _l("What kind of incident?"), choices=static_choices(CATEGORY_CHOICES), validators=[DataRequired()]
    )
    severity = SelectField(
        _l("How serious is it, in your view?"),
        choices=static_choices(SEVERITY_CHOICES),
        default="incident",
        validators=[Optional()],
    )
    title = StringField(_l("Short title"), validators=[DataRequired(), Length(max=200)])
    description = TextAreaField(_l("What happened?"), validators=[DataRequired(), Length(max=20000)])
    discovered_at = MomentField(_l("When was it discovered?"), validators=[InputRequired()])
    started_at = MomentField(_l("When did it begin?"), validators=[Optional()])
    ongoing = TriStateField(_l("Is it still going on?"))

    impact = CheckboxGroupField(_l("What was affected?"), choices=static_choices(IMPACT_CHOICES))
    nature = CheckboxGroupField(_l("What happened to the data?"), choices=static_choices(NATURE_CHOICES))
    data_categories = CheckboxGroupField(_l("Which personal data?"), choices=static_choices(DATA_CATEGORY_CHOICES))
    special_categories = TriStateField(_l("Special categories of personal data involved?"))
    bsn_involved = TriStateField(_l("Citizen service numbers (BSN) involved?"))
    affected_min = IntegerField(
        _l("Number of people affected, at least"), validators=[Optional(), NumberRange(0, MAX_AFFECTED)]
    )
    affected_max = IntegerField(
        _l("Number of people affected, at most"), validators=[Optional(), NumberRange(0, MAX_AFFECTED)]
    )
    affected_groups = CheckboxGroupField(_l("Whose data?"), choices=static_choices(GROUP_CHOICES))
    minors_involved = TriStateField(_l("Are minors among them?"))
    encrypted = TriStateField(_l("Was the data encrypted?"))
    consequences = TextAreaField(_l("Likely consequences for the people involved"), validators=[Length(max=10000)])
    measures_taken = TextAreaField(_l("Measures taken so far"), validators=[Length(max=10000)])
    people_informed = TriStateField(_l("Have the people involved been informed?"))
    ap_notified = TriStateField(_l("Reported to the Autoriteit Persoonsgegevens (AP)?"))
    ap_notified_by = StringField(_l("Reported to the AP by"), validators=[Optional(), Length(max=200)])
    ap_notified_at = MomentField(_l("Reported to the AP on"), validators=[Optional()])
    ap_reference = StringField(_l("AP reference"), validators=[Optional(), Length(max=100)])
    affected_schools = TextAreaField(_l("Schools affected"), validators=[Length(max=10000)])
    contact_person = StringField(_l("Contact person for questions"), validators=[Optional(), Length(max=200)])

    attachments = MultipleFileField(_l("Attachments"))

    # The order of the questions on the page (templates/intake/incident.html), in four sections; the error
    # summary lists errors in this order (templates/macros/forms.html). A test compares it with the page.
    SECTIONS = (
        (
            "what",
            (
                "category",
                "title",
                "description",
                "discovered_at",
                "started_at",
                "ongoing",
                "severity",
                "participant_id",
                "product_id",
                "gegevensdienst",
                "affected_schools",
            ),
        ),
        (
            "data",
            (
                "impact",
                "nature",
                "data_categories",
                "special_categories",
                "bsn_involved",
                "affected_min",
                "affected_max",
                "affected_groups",
                "minors_involved",
                "encrypted",
                "consequences",
            ),
        ),
        (
            "measures",
            (
                "measures_taken",
                "people_informed",
                "ap_notified",
                "ap_notified_by",
                "ap_notified_at",
                "ap_reference",
                "attachments",
            ),
        ),
        ("you", ("reporter_name", "reporter_email", "reporter_phone", "reporter_organisation", "contact_person")),
    )
    page_order = tuple(name for _section, names in SECTIONS for name in names)

    @property
    def is_data_breach(self) -> bool:
        return self.category.data == "data_breach"

    def validate(self, extra_validators=None) -> bool:
        # Every check runs in one pass (no short-circuit), so the first submit shows every error.
        results = [super().validate(extra_validators), self._check_times(), self._check_breach(), self._check_product()]
        return all(results)

    def _check_times(self) -> bool:
        latest = clock.now() + FUTURE_TOLERANCE
        ok = True
        for field in (self.discovered_at, self.started_at, self.ap_notified_at):
            if field.data is not None and field.data > latest:
                field.errors.append(_l("This moment lies in the future."))
                ok = False
        if self.started_at.data and self.discovered_at.data and self.started_at.data > self.discovered_at.data:
            self.started_at.errors.append(_l("It cannot have begun after it was discovered."))
            ok = False
        return ok

    def _check_breach(self) -> bool:
        if not self.is_data_breach:
            return True
        ok = True
        for field in (self.affected_min, self.affected_max):
            if field.data is None and not field.errors:
                field.errors.append(_l("Give an estimate; for a data leak the AP asks for it."))
                ok = False
        low, high = self.affected_min.data, self.affected_max.data
        if low is not None and high is not None and low > high:
            self.affected_max.errors.append(_l("The maximum must be at least the minimum."))
            ok = False
        if not self.impact.data:
            self.impact.errors.append(_l("Choose at least one."))
            ok = False
        if self.ap_notified.data is None:
            self.ap_notified.errors.append(_l("Say whether the leak has been reported to the AP."))
            ok = False
        elif self.ap_notified.as_bool and self.ap_notified_at.data is None and not self.ap_notified_at.errors:
            self.ap_notified_at.errors.append(_l("When was it reported to the AP?"))
            ok = False
        return ok

    def _check_product(self) -> bool:
        if self.product_id.data is None or self.participant_id.data is None:
            return True
        product = db.session.get(Product, self.product_id.data)
        if product is not None and product.organisation_id != self.participant_id.data:
            self.product_id.errors.append(_l("This product belongs to another participant."))
            return False
        return True

    def to_report(self) -> IncidentReport:
        breach = self.is_data_breach
        return IncidentReport(
            reporter=Reporter(
                name=self.reporter_name.data.strip(),
                email=self.reporter_email.data.strip().lower(),
                phone=(self.reporter_phone.data or "").strip() or None,
                organisation=(self.reporter_organisation.data or "").strip() or None,
                access_links=bool(self.access_links.data),
            ),
            participant_id=self.participant_id.data,
            product_id=self.product_id.data,
            gegevensdienst=self.gegevensdienst.data or None,
            category=self.category.data,
            severity=self.severity.data or "incident",
            title=self.title.data.strip(),
            description=self.description.data.strip(),
            discovered_at=self.discovered_at.data,
            started_at=self.started_at.data,
            ongoing=self.ongoing.as_bool,
            breach=breach_answers(self) if breach else {},
            consequences=self.consequences.data or None,
            measures_taken=self.measures_taken.data or None,
            affected_schools=self.affected_schools.data or None,
            contact_person=self.contact_person.data or None,
        )
