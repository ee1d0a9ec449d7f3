"""Domain errors that services raise and views map onto forms, pages or problem+json."""

from flask_babel import gettext

from app.rule_books import TransitionRefused


class DomainError(Exception):
    """A rule of the desk refuses the request; the message is safe to show."""

    status = 422

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


class NotFound(DomainError):
    status = 404


class NotAllowed(DomainError):
    status = 403


class Conflict(DomainError):
    """The request does not fit the case's current state (a transition, a second extension)."""

    status = 409


def refused_change(refused: TransitionRefused, word) -> DomainError:
    """A rule book's refused status change as the desk answers it, each status worded by `word`: a
    missing reason is bad input at its field (422), anything else a conflict with the current status (409)."""
    message = gettext(refused.template, **refused.values(word))
    return DomainError(message, refused.field) if refused.field else Conflict(message)


def show_on_form(form, error: DomainError) -> None:
    """The refusal's message next to the field it names, or above the form; what was typed stays.

    Whatever the refused action wrote is undone first: a refusal stores nothing, and the page drawn
    next must not flush half of it.
    """
    from app.extensions import db  # kept local: the error classes need no app

    db.session.rollback()
    field = _named(form, error.field) if error.field else None
    (field.errors if field is not None else form.form_errors).append(str(error.message))


def _named(form, name: str):
    """The field `name` names, also inside a list of subforms: "measures-0-due_at" is row 0's due_at."""
    if name in form._fields:
        return form._fields[name]
    for key, field in form._fields.items():
        rest = name.removeprefix(f"{key}-")
        if rest == name:
            continue
        index, _, inner = rest.partition("-")
        entries = getattr(field, "entries", None)
        if entries is not None and index.isdigit() and int(index) < len(entries):
            entry = entries[int(index)]
            if not hasattr(entry, "form"):
                return None if inner else entry
            return _named(entry.form, inner) if inner else None
        if hasattr(field, "form"):  # a single subform
            return _named(field.form, rest)
    return None
