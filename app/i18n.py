"""Language choice (Dutch by default, English on request) and date formatting filters."""

from collections.abc import Callable
from datetime import datetime

from babel import dates
from flask import Flask, current_app, has_request_context, session
from flask_babel import format_date, format_decimal, get_locale, get_timezone, gettext

from app import clock, template_words
from app.extensions import babel


def select_locale() -> str:
    # Jobs and commands have no session: they write in the default language.
    chosen = session.get("lang") if has_request_context() else None
    if chosen in current_app.config["LANGUAGES"]:
        return chosen
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def localdt(moment: datetime | None, fmt: str = "d MMM yyyy HH:mm") -> str:
    """A stored UTC time shown in Europe/Amsterdam (Flask-Babel's default timezone)."""
    return local_times(fmt)(moment)


def _page_localdt(moment: datetime | None, fmt: str = "d MMM yyyy HH:mm") -> str:
    """localdt in templates: the page's language and time zone looked up once a rendering."""
    return template_words.kept(("localdt", fmt), lambda: local_times(fmt))(moment)


def local_times(fmt: str = "d MMM yyyy HH:mm") -> Callable[[datetime | None], str]:
    """localdt for many times on one page: the language and timezone are looked up once, not per
    time (Flask-Babel's lookups cost several times the formatting itself)."""
    locale, timezone = get_locale(), get_timezone()

    def shown(moment: datetime | None) -> str:
        return "" if moment is None else dates.format_datetime(moment, fmt, tzinfo=timezone, locale=locale)

    return shown


def localdate(day, fmt: str = "d MMM yyyy") -> str:
    """A calendar date (no time of day), in the page's language."""
    if day is None:
        return ""
    return format_date(day, fmt)


def number(value: int) -> str:
    """A count with the language's digit grouping (1.000 in Dutch)."""
    return format_decimal(value)


def remaining(moment: datetime) -> str:
    """Hours and minutes until a moment, for pages read without JavaScript."""
    seconds = int((moment - clock.now()).total_seconds())
    hours, minutes = divmod(abs(seconds) // 60, 60)
    if seconds < 0:
        return gettext("overdue by %(h)s h %(m)s min", h=hours, m=minutes)
    return gettext("%(h)s h %(m)s min left", h=hours, m=minutes)


def filesize(size: int) -> str:
    """Bytes as people read them: 512 B, 12.3 kB, 4.5 MB (decimal mark per language)."""
    for unit, factor in (("MB", 1_048_576), ("kB", 1024)):
        if size >= factor:
            return f"{format_decimal(round(size / factor, 1))} {unit}"
    return f"{size} B"


def register(app: Flask) -> None:
    babel.init_app(app, locale_selector=select_locale)
    template_words.register(app)
    app.add_template_filter(_page_localdt, "localdt")
    app.add_template_filter(localdate, "localdate")
    app.add_template_filter(number, "number")
    app.add_template_filter(remaining, "remaining")
    app.add_template_filter(filesize, "filesize")

    @app.context_processor
    def _language():
        return {"current_lang": str(get_locale()), "languages": app.config["LANGUAGES"]}
