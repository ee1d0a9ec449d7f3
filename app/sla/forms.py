"""The coordinators' forms for clock policies, opening hours and closure days (the rules live in app.sla.admin)."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, IntegerField, SelectField, StringField, TimeField

from app.sla.clocks import Basis

BASIS_CHOICES = [
    (Basis.CALENDAR.value, _l("Calendar hours (day and night)")),
    (Basis.BUSINESS.value, _l("Business hours (opening hours on business days)")),
    (Basis.WEEKS.value, _l("Calendar weeks (a term ending on a day off moves to the next business day)")),
]


class PolicyForm(FlaskForm):
    basis = SelectField(_l("How the clock counts"), choices=BASIS_CHOICES)
    amount = IntegerField(_l("Length (hours, or weeks for a term in weeks)"))
    warn_percent = IntegerField(_l("Warn the case handler at (percent of the clock)"))


class HoursForm(FlaskForm):
    day_start = TimeField(_l("Opens at"))
    day_end = TimeField(_l("Closes at"))


class ClosureDayForm(FlaskForm):
    day = DateField(_l("Date"))
    reason = StringField(_l("Reason"), render_kw={"maxlength": 200})
