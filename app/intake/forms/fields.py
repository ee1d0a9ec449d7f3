"""What the report forms share beyond app/web/form_fields.py: the reporter's fields."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, StringField, TelField
from wtforms.validators import DataRequired, Email, Length, Optional


class ReporterFields:
    """Who reports: the same fields on every report form."""

    reporter_name = StringField(_l("Your name"), validators=[DataRequired(), Length(max=200)])
    reporter_email = EmailField(_l("Your e-mail address"), validators=[DataRequired(), Email(), Length(max=254)])
    reporter_phone = TelField(_l("Phone number"), validators=[Optional(), Length(max=40)])
    reporter_organisation = StringField(
        _l("Your organisation (school, school board or supplier)"), validators=[Optional(), Length(max=200)]
    )
    access_links = BooleanField(
        _l("If I lose my code, I may ask for a link to my report by e-mail"), false_values=(False, "false", "", "no")
    )
