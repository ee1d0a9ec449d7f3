"""The one password rule of the desk: at least 12 characters and not weak or common (zxcvbn score 3+).

Every path that sets a password calls `check_password_strength`: the invitation, `flask user create`
and the change on the profile page.
"""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from zxcvbn import zxcvbn

from app.errors_domain import DomainError

MIN_LENGTH = 12
MAX_LENGTH = 200
MIN_SCORE = 3  # zxcvbn: 0 too guessable ... 4 very unguessable

# zxcvbn's feedback (English) in the desk's language; an unknown sentence is shown as zxcvbn wrote it.
FEEDBACK = {
    "Use a few words, avoid common phrases.": _l("Use a few words, avoid common phrases."),
    "No need for symbols, digits, or uppercase letters.": _l("No need for symbols, digits, or uppercase letters."),
    "Add another word or two. Uncommon words are better.": _l("Add another word or two. Uncommon words are better."),
    "Use a longer keyboard pattern with more turns.": _l("Use a longer keyboard pattern with more turns."),
    "Avoid repeated words and characters.": _l("Avoid repeated words and characters."),
    "Avoid sequences.": _l("Avoid sequences."),
    "Avoid recent years.": _l("Avoid recent years."),
    "Avoid years that are associated with you.": _l("Avoid years that are associated with you."),
    "Avoid dates and years that are associated with you.": _l("Avoid dates and years that are associated with you."),
    "Capitalization doesn't help very much.": _l("Capitalization doesn't help very much."),
    "All-uppercase is almost as easy to guess as all-lowercase.": _l(
        "All-uppercase is almost as easy to guess as all-lowercase."
    ),
    "Reversed words aren't much harder to guess.": _l("Reversed words aren't much harder to guess."),
    "Predictable substitutions like '@' instead of 'a' don't help very much.": _l(
        "Predictable substitutions like '@' instead of 'a' don't help very much."
    ),
    "Straight rows of keys are easy to guess.": _l("Straight rows of keys are easy to guess."),
    "Short keyboard patterns are easy to guess.": _l("Short keyboard patterns are easy to guess."),
    'Repeats like "aaa" are easy to guess.': _l('Repeats like "aaa" are easy to guess.'),
    'Repeats like "abcabcabc" are only slightly harder to guess than "abc".': _l(
        'Repeats like "abcabcabc" are only slightly harder to guess than "abc".'
    ),
    'Sequences like "abc" or "6543" are easy to guess.': _l('Sequences like "abc" or "6543" are easy to guess.'),
    "Recent years are easy to guess.": _l("Recent years are easy to guess."),
    "Dates are often easy to guess.": _l("Dates are often easy to guess."),
    "This is a top-10 common password.": _l("This is a top-10 common password."),
    "This is a top-100 common password.": _l("This is a top-100 common password."),
    "This is a very common password.": _l("This is a very common password."),
    "This is similar to a commonly used password.": _l("This is similar to a commonly used password."),
    "A word by itself is easy to guess.": _l("A word by itself is easy to guess."),
    "Names and surnames by themselves are easy to guess.": _l("Names and surnames by themselves are easy to guess."),
    "Common names and surnames are easy to guess.": _l("Common names and surnames are easy to guess."),
}


def _translated(sentence: str) -> str:
    return str(FEEDBACK.get(sentence, sentence))


def check_password_strength(password: str, user_inputs: tuple[str, ...] = ()) -> None:
    """Refuses (DomainError on the field "password") a short, weak or common password, with zxcvbn's advice.

    `user_inputs` are words a guesser knows (the e-mail address, the name): a password made of them is weak.
    """
    password = password or ""
    if len(password) < MIN_LENGTH:
        raise DomainError(_("Use at least %(min)s characters.", min=MIN_LENGTH), field="password")
    if len(password) > MAX_LENGTH:
        raise DomainError(_("Use at most %(max)s characters.", max=MAX_LENGTH), field="password")
    inputs = [part for value in user_inputs if value for part in _words(value)]
    result = zxcvbn(password[:72], user_inputs=inputs)  # zxcvbn reads at most 72 characters
    if result["score"] >= MIN_SCORE:
        return
    feedback = result["feedback"]
    advice = [_translated(s) for s in [feedback.get("warning") or "", *feedback.get("suggestions", [])] if s]
    message = _("This password is too easy to guess.")
    raise DomainError(" ".join([message, *advice]), field="password")


def _words(value: str) -> list[str]:
    """ "Nina de Vries <nina@vodix.example>" -> nina, de, vries, vodix, example: what zxcvbn should know."""
    cleaned = "".join(ch if ch.isalnum() else " " for ch in value.lower())
    return [value.lower(), *cleaned.split()]
