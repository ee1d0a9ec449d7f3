"""What the databases can hold (pure): whole numbers within 64 bits, text without NUL or lone surrogates.

SQLite refuses a Python int at or above 2**63 ("Python int too large to convert to SQLite INTEGER");
PostgreSQL refuses a NUL character in text, and neither driver can encode a lone UTF-16 surrogate
(JSON's "\\ud800"). Input that breaks these rules is refused where it enters: the URL converter,
the JSON reader and the form fields (app/web/input_guard.py).
"""

INT64_MIN = -(2**63)
INT64_MAX = 2**63 - 1
# The largest id an integer column takes: larger numbers from the API must not reach one.
MAX_ID = 2**31 - 1


def fits_int64(number: int) -> bool:
    return INT64_MIN <= number <= INT64_MAX


def storable_text(text: str) -> bool:
    """False for text with a NUL character or a lone surrogate (U+D800 to U+DFFF)."""
    if "\x00" in text:
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def whole_number(text: str) -> int | None:
    """The digits of `text` as an int that fits 64 bits, or None (no digits, or too large)."""
    text = text.strip()
    if not text.isascii() or not text.isdigit():
        return None
    number = int(text)
    return number if fits_int64(number) else None
