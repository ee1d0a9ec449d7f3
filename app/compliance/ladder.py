"""The sanction ladder's rules (pure): outcomes per case type, four eyes, terms and the next step."""

from datetime import date, datetime, timedelta

from app.compliance.status import MEASURE_KINDS
from app.rule_books import N_

OUTCOMES: dict[str, tuple[str, ...]] = {
    "complaint": ("upheld", "partly_upheld", "not_upheld", "withdrawn"),
    "dispute": ("settled", "advice", "referred", "withdrawn"),
    "incident": ("resolved", "withdrawn"),
    "objection": ("upheld", "partly_upheld", "not_upheld", "withdrawn"),
}
# domain.md: suspension and revocation need a second person's approval.
FOUR_EYES = frozenset({"suspension", "emergency_suspension", "revocation"})
# A term the participant must meet; the ladder's lower steps are about delivering something.
NEEDS_DUE = frozenset({"improvement_plan", "notice_of_default"})
TAKES_DUE = frozenset({"request_explanation", "improvement_plan", "notice_of_default", "emergency_suspension"})
# Suspensions may be for a period; the other steps are on record until met or lifted.
TAKES_END = frozenset({"suspension", "emergency_suspension", "improvement_plan", "notice_of_default"})
EXPLANATION_DAYS = 10  # business days to answer a request for explanation (domain.md)
HEARING_DAYS = 10  # business days within which an emergency suspension's participant is heard
OBJECTION_WEEKS = 6  # the objection window, and then the term to decide on it
MAX_TERM = timedelta(days=2 * 366)  # a term further out is a typing error, not a measure
# What follows when a measure's term passes unmet.
NEXT_STEP = {
    "request_explanation": "warning",
    "warning": "improvement_plan",
    "improvement_plan": "notice_of_default",
    "notice_of_default": "suspension",
    "suspension": "revocation",
    "emergency_suspension": "revocation",
}


class MeasureRefused(ValueError):
    """A measure that cannot be taken as asked; `field` names the input at fault."""

    def __init__(self, template: str, field: str):
        self.template = template
        self.field = field
        super().__init__(template)


def outcomes_for(case_type: str) -> tuple[str, ...]:
    return OUTCOMES.get(case_type, ())


def needs_approval(kind: str) -> bool:
    return kind in FOUR_EYES


def next_step(kind: str) -> str | None:
    return NEXT_STEP.get(kind)


def check_terms(
    kind: str, starts_on: date, ends_on: date | None, due_at: datetime | None, now: datetime, today: date
) -> None:
    """Refuses a measure whose kind, dates or term do not fit together (`today` is the local date)."""
    if kind not in MEASURE_KINDS:
        raise MeasureRefused(N_("Choose a measure from the ladder."), "kind")
    if due_at is not None and kind not in TAKES_DUE:
        raise MeasureRefused(N_("This measure has no term to meet: leave the due date empty."), "due_at")
    if due_at is None and kind in NEEDS_DUE:
        raise MeasureRefused(N_("Give the term within which the participant must comply."), "due_at")
    if due_at is not None and due_at <= now:
        raise MeasureRefused(N_("The due date has passed: give a moment in the future."), "due_at")
    if due_at is not None and due_at > now + MAX_TERM:
        raise MeasureRefused(N_("Give a due date within two years."), "due_at")
    if ends_on is not None and kind not in TAKES_END:
        raise MeasureRefused(N_("This measure has no end date: leave it empty."), "ends_on")
    if ends_on is not None and ends_on <= starts_on:
        raise MeasureRefused(N_("The end date must come after the start date."), "ends_on")
    if starts_on < today:
        raise MeasureRefused(N_("A measure cannot start in the past."), "starts_on")
