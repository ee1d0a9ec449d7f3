"""What the report forms share beyond app/web/form_fields.py: the reporter's fields and the checks of a
chosen organisation."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, StringField, TelField
from wtforms.validators import DataRequired, Email, Length, Optional

from app.errors_domain import DomainError


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


def check_organisation(field, check) -> bool:
    """Runs a service check of the chosen organisation, its refusal shown at the field."""
    if field.errors or field.data is None:
        return True
    try:
        check(field.data)
    except DomainError as refusal:
        field.errors.append(refusal.message)
        return False
    return True
