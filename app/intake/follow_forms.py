"""Forms of the reporter's follow-up: reference + code, and adding information."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import MultipleFileField
from wtforms import StringField, TextAreaField
from wtforms.validators import DataRequired, Length


class FollowUpForm(FlaskForm):
    reference = StringField(_l("Reference"), validators=[DataRequired(), Length(max=20)])
    code = StringField(_l("Secret code"), validators=[DataRequired(), Length(max=40)])


class AddInformationForm(FlaskForm):
    body = TextAreaField(_l("Your addition"), validators=[DataRequired(), Length(max=20000)])
    attachments = MultipleFileField(_l("Attachments"))
