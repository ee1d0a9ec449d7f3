"""Domain errors that services raise and views map onto forms, pages or problem+json."""


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


def show_on_form(form, error: DomainError) -> None:
    """The refusal's message next to the field it names, or above the form; what was typed stays."""
    field = form._fields.get(error.field) if error.field else None
    (field.errors if field is not None else form.form_errors).append(str(error.message))
