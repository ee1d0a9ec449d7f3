"""Coercions for the choice fields of several domains' forms: a submitted choice as the value it stands for."""


def optional_int(value):
    """The chosen id, or None for the empty choice (WTForms also coerces the None it starts from)."""
    return int(value) if value not in (None, "", "None") else None
