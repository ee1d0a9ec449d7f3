"""Releases and the public text of an RFC (pure): the summer freeze, which release kind fits a priority,
and names the analyst marked replaced by "[geredigeerd]"."""

import re
from datetime import date

RELEASE_KINDS = ("hotfix", "feature", "patch")
# domain.md: hot fix for blocker/critical (any time), feature release for major/minor, patch for trivial.
KIND_FOR_PRIORITY = {
    "blocker": "hotfix",
    "critical": "hotfix",
    "major": "feature",
    "minor": "feature",
    "trivial": "patch",
}
# The school-year freeze: no critical technical changes from 15 July up to 1 October.
FREEZE_START = (7, 15)
FREEZE_END = (10, 1)  # the first day after the freeze
REDACTED = "[geredigeerd]"


def in_freeze(day: date) -> bool:
    """Whether `day` lies in the summer freeze (15 July up to and including 30 September)."""
    return FREEZE_START <= (day.month, day.day) < FREEZE_END


def freeze_of(year: int) -> tuple[date, date]:
    """The freeze's first day and the first day after it, in `year`."""
    return date(year, *FREEZE_START), date(year, *FREEZE_END)


def needs_freeze_reason(technical: bool, release_day: date | None) -> bool:
    """Planning a technical change into a release inside the freeze asks for an explicit reason."""
    return technical and release_day is not None and in_freeze(release_day)


def fits(release_kind: str, priority: str) -> bool:
    """Whether a release of this kind carries an RFC of this priority."""
    return KIND_FOR_PRIORITY.get(priority) == release_kind


def redact(text: str | None, names: list[str] | tuple[str, ...]) -> str:
    """`text` with every marked name (whole words, any case) replaced by "[geredigeerd]"."""
    if not text:
        return ""
    marked = sorted({name.strip() for name in names if name and name.strip()}, key=len, reverse=True)
    if not marked:
        return text
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(name) for name in marked) + r")(?!\w)", re.IGNORECASE)
    return pattern.sub(REDACTED, text)


def parse_names(text: str | None) -> list[str]:
    """The names to redact, one per line or separated by commas, each once, in the order given."""
    parts = re.split(r"[\n,;]", text or "")
    return list(dict.fromkeys(part.strip() for part in parts if part.strip()))
