"""What the report forms share beyond app/web/form_fields.py: the reporter's fields, register rows and the
checks that read them."""

from collections.abc import Callable

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from wtforms import BooleanField, EmailField, SelectField, StringField, TelField
from wtforms.validators import DataRequired, Email, Length, Optional, ValidationError

from app.bounds import MAX_ID
from app.errors_domain import DomainError
from app.extensions import db
from app.register.models import Organisation


class RegisterChoiceField(SelectField):
    """One row of the register (a participant, a product), or None: the empty choice.

    The page lists every row, but checking one submitted id needs only that row: `load_choices`
    runs when the field is rendered, `find_row(id)` (a primary-key get, None for no valid choice)
    when it is validated, and the two accept the same ids. So the JSON API, which only validates,
    reads one row; the field keeps it in `row` (the session holds rows only while they are used).
    """

    def __init__(
        self,
        label=None,
        validators=None,
        *,
        load_choices: Callable[[], list],
        find_row: Callable[[int], object | None],
        **kwargs,
    ):
        super().__init__(label, validators, choices=self._choices_now, **kwargs)
        self.load_choices = load_choices
        self.find_row = find_row
        self.row = None

    def _choices_now(self) -> list:
        return self.load_choices()

    def pre_validate(self, form):
        if self.process_errors or self.data is None:
            return
        self.row = self.find_row(self.data) if 0 < self.data <= MAX_ID else None
        if self.row is None:
            raise ValidationError(self.gettext("Not a valid choice."))


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


def participant_choices(empty=_l("Unknown or not listed"), leave_out: int | None = None) -> list[tuple[str, str]]:
    query = select(Organisation.id, Organisation.name).where(Organisation.is_participant.is_(True))
    if leave_out is not None:
        query = query.where(Organisation.id != leave_out)
    rows = db.session.execute(query.order_by(Organisation.name))
    return [("", empty)] + [(str(i), name) for i, name in rows]


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
