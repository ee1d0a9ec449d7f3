"""Translation in templates with the catalogue and each label found once per rendered page, not per word."""

from contextvars import ContextVar
from dataclasses import dataclass, field

from flask import Flask, before_render_template, template_rendered
from flask_babel import get_translations
from flask_babel import gettext as babel_gettext
from flask_babel import ngettext as babel_ngettext
from jinja2 import pass_context, pass_eval_context
from jinja2.nodes import EvalContext
from markupsafe import Markup

# Flask-Babel finds the catalogue anew for every word (the request's language through several context
# lookups, its name formatted, the translation directories resolved): about 20 µs a word against
# 1 µs for the lookup itself, and a page of fifty rows asks for several hundred words. Jinja's own
# wrapper also copies the template context for every call inside a loop. So the catalogue is found
# once when Flask starts rendering a template (under force_locale too) and kept in a context
# variable until it has rendered it; words asked for outside such a rendering go through Flask-Babel.


@dataclass
class _Page:
    catalogue: object
    kept: dict = field(default_factory=dict)  # what kept() found, by its key


_page: ContextVar[_Page | None] = ContextVar("meldpunt_template_words", default=None)


def _formatted(eval_ctx: EvalContext, text: str, variables: dict):
    # As Jinja's newstyle gettext: marked safe where the template escapes, then the variables put in
    # (escaped) with %, which also turns a written %% into %.
    if eval_ctx.autoescape:
        # The catalogue's own text, marked safe as Jinja's gettext marks it; the variables are escaped.
        text = Markup(text)  # nosec B704
    return text % variables if "%" in text else text


@pass_eval_context
def gettext(eval_ctx: EvalContext, string: str, /, **variables):
    page = _page.get()
    text = page.catalogue.ugettext(string) if page else babel_gettext(string)
    return _formatted(eval_ctx, text, variables)


@pass_eval_context
def ngettext(eval_ctx: EvalContext, singular: str, plural: str, number: int, /, **variables):
    # Positional only: a template may pass num= as a variable of its own, as Jinja allows.
    variables.setdefault("num", number)
    page = _page.get()
    text = page.catalogue.ungettext(singular, plural, number) if page else babel_ngettext(singular, plural, number)
    return _formatted(eval_ctx, text, variables)


def label_filter(mapping: dict):
    """A filter showing a code's word from a mapping of codes to lazy words (app.cases.labels), each
    word translated once per page; an unknown code is shown as it is."""
    return word_filter(lambda code: str(mapping.get(code, code)))


def word_filter(word):
    """A filter showing word(code), found once per page for each code (None shows nothing)."""

    # pass_context keeps Jinja from computing a constant's word once, when it compiles the template.
    @pass_context
    def shown(_context, code: str | None) -> str:
        if code is None:
            return ""
        return kept((id(word), code), lambda: word(code))

    return shown


def kept(key, make):
    """make() found once per rendering and kept for the rest of it under key (made anew outside one):
    for what depends only on the page's language and time zone."""
    page = _page.get()
    if page is None:
        return make()
    found = page.kept.get(key)
    if found is None:
        found = page.kept[key] = make()
    return found


def _rendering(_app, **_extra) -> None:
    _page.set(_Page(get_translations()))


def _rendered(_app, **_extra) -> None:
    _page.set(None)


def register(app: Flask) -> None:
    """Replaces the template callables Flask-Babel installed (call after it is set up)."""
    app.jinja_env.globals.update(_=gettext, gettext=gettext, ngettext=ngettext)
    before_render_template.connect(_rendering, app)
    template_rendered.connect(_rendered, app)
    # A rendering that failed leaves its page behind: it ends with the app context at the latest.
    app.teardown_appcontext(_rendered)
