"""The privacy pages' forms: retention terms, legal hold, a data subject's search and erasure."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, IntegerField, StringField, TextAreaField
from wtforms.validators import InputRequired, NumberRange

from app.privacy import retention

CLASS_LABELS = {
    retention.INCIDENT: _l("Incidents"),
    retention.COMPLAINT: _l("Complaints"),
    retention.DISPUTE: _l("Disputes"),
    retention.OBJECTION: _l("Objections"),
    retention.MEASURE: _l("Cases that led to a measure (after it left the register)"),
    retention.AP_NOTIFIED: _l("Data breaches reported to the AP"),
}


class RetentionForm(FlaskForm):
    """One number of years per retention class (the fields are named after the classes)."""


for _class in retention.CLASSES:
    setattr(
        RetentionForm,
        _class,
        IntegerField(
            CLASS_LABELS[_class],
            validators=[InputRequired(), NumberRange(min=1, max=retention.MAX_YEARS)],
            render_kw={"inputmode": "numeric"},
        ),
    )


class HoldForm(FlaskForm):
    reason = TextAreaField(_l("Reason for the legal hold"), render_kw={"maxlength": 2000, "rows": 3})


class LiftHoldForm(FlaskForm):
    reason = TextAreaField(_l("Why the hold is lifted (optional)"), render_kw={"maxlength": 2000, "rows": 2})


class SubjectForm(FlaskForm):
    # Posted, not in the URL: an address or name in a query string would land in the web server's access log.
    needle = StringField(_l("E-mail address or name"), render_kw={"maxlength": 254, "autocomplete": "off"})


class SubjectActionForm(FlaskForm):
    needle = StringField(_l("E-mail address or name"), render_kw={"maxlength": 254})
    confirm = BooleanField(_l("I have checked the identity of the person asking"))
