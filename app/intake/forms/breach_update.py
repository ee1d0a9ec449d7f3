"""A data-breach reporter's later steps: the AP notified (which stops the AP clock), and updated
answers to the breach questions (AVG art. 33(4)). The fields and checks are the incident form's,
so the page and the API validate alike."""

from datetime import datetime

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import InputRequired, Length, Optional

from app import clock
from app.intake.forms.incident import FUTURE_TOLERANCE, IncidentForm, breach_answers
from app.web.form_fields import MomentField

# The breach questions as the incident form asks them (the same unbound fields, so the same labels,
# choices and limits), in the form's order.
BREACH_FIELDS = (
    "ongoing",
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
    "measures_taken",
    "people_informed",
    "ap_notified",
    "ap_notified_by",
    "ap_notified_at",
    "ap_reference",
)


def _check_notified_at(field, discovered_at: datetime | None) -> bool:
    """A notification cannot lie in the future, nor before the leak was discovered."""
    if field.data is None:
        return True
    if field.data > clock.now() + FUTURE_TOLERANCE:
        field.errors.append(_l("This moment lies in the future."))
        return False
    if discovered_at is not None and field.data < clock.as_utc(discovered_at):
        field.errors.append(_l("The AP cannot have been told before the leak was discovered."))
        return False
    return True


class ApNotificationForm(FlaskForm):
    """The reporter told the AP: when, and the AP's reference."""

    ap_notified_at = MomentField(_l("Reported to the AP on"), validators=[InputRequired()])
    ap_reference = StringField(_l("AP reference"), validators=[Optional(), Length(max=100)])
    ap_notified_by = StringField(_l("Reported to the AP by"), validators=[Optional(), Length(max=200)])

    def __init__(self, *args, discovered_at: datetime | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.discovered_at = discovered_at

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        return _check_notified_at(self.ap_notified_at, self.discovered_at) and valid

    def to_notification(self) -> dict:
        return {
            "ap_notified_at": self.ap_notified_at.data,
            "ap_reference": (self.ap_reference.data or "").strip() or None,
            "ap_notified_by": (self.ap_notified_by.data or "").strip() or None,
        }


class BreachUpdateForm(FlaskForm):
    """Updated answers to the breach questions, checked as the incident form checks a data leak."""

    is_data_breach = True

    def __init__(self, *args, discovered_at: datetime | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.discovered_at = discovered_at

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        breach_ok = IncidentForm._check_breach(self)
        return _check_notified_at(self.ap_notified_at, self.discovered_at) and breach_ok and valid

    def to_answers(self) -> dict:
        """The breach answers as the incident form stores them, with the incident's own progress."""
        return {
            **breach_answers(self),
            "ongoing": self.ongoing.as_bool,
            "consequences": (self.consequences.data or "").strip() or None,
            "measures_taken": (self.measures_taken.data or "").strip() or None,
        }


for _name in BREACH_FIELDS:  # FormMeta takes the unbound fields in, in their declared order
    setattr(BreachUpdateForm, _name, getattr(IncidentForm, _name))


def breach_forms(case, submitted: str | None = None) -> dict:
    """The two forms of a data leak's follow-up page; `submitted` ("ap" or "breach") reads the request,
    the other is shown as stored."""
    discovered = case.incident.discovered_at
    auto = {}  # Flask-WTF reads the posted form by default
    return {
        "ap_form": ApNotificationForm(
            prefix="ap", discovered_at=discovered, **(auto if submitted == "ap" else {"formdata": None})
        ),
        "breach_form": BreachUpdateForm(
            prefix="breach",
            discovered_at=discovered,
            obj=case.incident,
            **(auto if submitted == "breach" else {"formdata": None}),
        ),
    }
