"""Forms of the party view: the case list's filters, a message with its visibility, a reply with files."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import MultipleFileField
from wtforms import RadioField, SelectField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length

from app.cases import labels
from app.cases.services.queue import OPEN
from app.cases.visibility import is_party

# What a party's two choices mean to it; the foundation sees everything either way.
PARTY_CHOICE = {
    "parties": _l("All parties of the case (and the foundation)"),
    "party": _l("Only the foundation (and your own organisation)"),
}


def _choice_label(scope: str):
    if is_party(scope):
        return PARTY_CHOICE["party"]
    return PARTY_CHOICE.get(scope) or labels.visibility_label(scope)


class CaseFilterForm(FlaskForm):
    """The case list's filters: a GET form, so no CSRF token (it changes nothing)."""

    class Meta:
        csrf = False

    role = SelectField(_l("Your role"), choices=[("", _l("Any role")), *labels.PARTY_ROLE.items()], default="")
    status = SelectField(
        _l("Status"),
        default="",
        choices=[("", _l("All statuses")), (OPEN, _l("Open cases")), *labels.STATUS.items()],
    )
    type = SelectField(_l("Type"), choices=[("", _l("All types")), *labels.CASE_TYPE.items()], default="")

    def value(self, name: str) -> str | None:
        """The field's value, or None when it is empty or was refused."""
        field = self[name]
        return None if field.errors or not field.data else field.data


class VisibilityForm(FlaskForm):
    """Who may see a message or file; the choices are the visibilities the writer may give."""

    visibility = RadioField(_l("Who may see this?"), validators=[InputRequired(message=_l("Choose who may see this."))])

    def __init__(self, *args, scopes: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.visibility.choices = [(scope, _choice_label(scope)) for scope in scopes]


class MessageForm(VisibilityForm):
    body = TextAreaField(_l("Your message"), validators=[DataRequired(), Length(max=20000)])


class ReplyForm(MessageForm):
    attachments = MultipleFileField(_l("Documents"))
