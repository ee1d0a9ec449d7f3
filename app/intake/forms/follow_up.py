"""Forms of the reporter's follow-up: reference + code, and adding information."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import MultipleFileField
from wtforms import EmailField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, Length


class FollowUpForm(FlaskForm):
    reference = StringField(_l("Reference"), validators=[DataRequired(), Length(max=20)])
    code = StringField(_l("Secret code"), validators=[DataRequired(), Length(max=40)])


class AddInformationForm(FlaskForm):
    body = TextAreaField(_l("Your addition"), validators=[DataRequired(), Length(max=20000)])
    attachments = MultipleFileField(_l("Attachments"))


def _stripped(value):
    return value.strip() if isinstance(value, str) else value


class RequestLinkForm(FlaskForm):
    """A lost code: reference and the e-mail address given at filing."""

    reference = StringField(_l("Reference"), validators=[DataRequired(), Length(max=20)], filters=[_stripped])
    email = EmailField(
        _l("The e-mail address you gave with your report"),
        validators=[DataRequired(), Email(), Length(max=254)],
        filters=[_stripped],
    )


class OpenLinkForm(FlaskForm):
    """A button: opening the link is a POST, so a mail scanner fetching it does not spend it."""
