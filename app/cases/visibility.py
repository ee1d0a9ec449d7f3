"""Who may read a timeline event or a file: "internal", "reporter", "parties" or "party:<organisation id>"."""

from dataclasses import dataclass

INTERNAL = "internal"  # the foundation only
REPORTER = "reporter"  # the reporter (and the reporter's organisation) and the foundation
PARTIES = "parties"  # every party of the case and the foundation
SCOPES = (INTERNAL, REPORTER, PARTIES)
PARTY_PREFIX = "party:"  # one organisation and the foundation


@dataclass(frozen=True)
class Visibility:
    """A parsed visibility: one of SCOPES, or one party's (scope "party" and its organisation)."""

    scope: str
    organisation_id: int | None = None

    @classmethod
    def parse(cls, code: str) -> "Visibility":
        """Reads a stored code; anything else (a "party:" without a whole number) is a ValueError."""
        if code in SCOPES:
            return cls(code)
        number = code.removeprefix(PARTY_PREFIX) if isinstance(code, str) else ""
        if code == number or not number.isdigit() or not number.isascii():
            raise ValueError(f"Not a visibility: {code!r}")
        return cls("party", int(number))

    def __str__(self) -> str:
        return self.scope if self.organisation_id is None else f"{PARTY_PREFIX}{self.organisation_id}"


def for_party(organisation_id: int) -> str:
    """The code of what only this organisation (and the foundation) may read."""
    return str(Visibility("party", int(organisation_id)))


def party_of(code: str) -> int | None:
    """The organisation a "party:<id>" code names; None for the other scopes."""
    return Visibility.parse(code).organisation_id


def check_sql(column: str) -> str:
    """The CHECK constraint's condition for a visibility column, the same on SQLite and PostgreSQL:
    one of SCOPES, or the prefix and a whole number (ltrim strips the digits; nothing may remain).
    substr, not LIKE: SQLite's LIKE ignores case."""
    scopes = ", ".join(f"'{scope}'" for scope in SCOPES)
    size = len(PARTY_PREFIX)
    return (
        f"{column} IN ({scopes}) OR (substr({column}, 1, {size}) = '{PARTY_PREFIX}' "
        f"AND length({column}) > {size} AND ltrim(substr({column}, {size + 1}), '0123456789') = '')"
    )


def is_party(code: str) -> bool:
    """Whether the code is one party's, without checking its number (for words on a page)."""
    return code.startswith(PARTY_PREFIX)
