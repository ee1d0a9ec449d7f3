"""Forms of organisation accounts: inviting a colleague, accepting an invitation, a webhook endpoint."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, SearchField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, Length, Optional

from app.auth.forms import StrongPassword
from app.cases.event_models import EVENT_TYPES
from app.web.form_fields import CheckboxGroupField


class InviteForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    email = EmailField(_l("E-mail address"), validators=[DataRequired(), Email(), Length(max=254)])
    grants_admin = BooleanField(_l("May invite and remove colleagues (administrator)"))


class AcceptForm(FlaskForm):
    name = StringField(_l("Your name"), validators=[DataRequired(), Length(max=200)])
    password = PasswordField(
        _l("Choose a password"),
        validators=[DataRequired(), StrongPassword("name")],
    )
    confirm = PasswordField(
        _l("Type the password again"),
        validators=[DataRequired(), EqualTo("password", message=_l("The two passwords differ."))],
    )


class OrganisationSearchForm(FlaskForm):
    """The staff list's search: a GET form, so no CSRF token (it changes nothing)."""

    class Meta:
        csrf = False

    q = SearchField(_l("Search"), validators=[Optional(), Length(max=200)])


class WebhookForm(FlaskForm):
    """A webhook endpoint: where to POST (checked by the service) and which event types (the API's too)."""

    url = StringField(_l("Address (URL)"), validators=[DataRequired(), Length(max=500)])
    events = CheckboxGroupField(
        _l("Events"),
        choices=[(code, code) for code in EVENT_TYPES],
        validators=[DataRequired(message=_l("Choose at least one event."))],
    )
