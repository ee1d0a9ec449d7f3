"""Words in templates follow the page's language, page after page, in imported macros and under force_locale."""

from flask import render_template_string
from flask_babel import force_locale

from app.cases.labels import STATUS, label
from app.compliance.labels import MEASURE_KIND

# A macro imported without context lives in a module Jinja keeps between renderings.
PAGE = (
    '{% from "cases/_report_macros.html" import yes_no %}'
    "{{ yes_no(true) }}|{{ _('Cases') }}|{{ 'triage' | status_label }}|{{ 'warning' | measure_label }}|"
    "{{ ngettext('%(num)d report', '%(num)d reports', 3) }}|"
    "{{ ngettext('%(num)s report', '%(num)s reports', 1, num='one') }}|"
    "{{ _('%(low)s to %(high)s', low='<1>', high=2) }}"
)


def _shown(app, language: str) -> list[str]:
    with app.test_request_context("/"), force_locale(language):
        return render_template_string(PAGE).split("|")


def test_each_rendering_speaks_its_own_language_after_another_language_was_rendered(app):
    english, dutch, english_again = _shown(app, "en"), _shown(app, "nl"), _shown(app, "en")
    assert english == english_again
    assert english[:4] == ["Yes", "Cases", "Triage", "Warning"]
    assert dutch[0] == "Ja" and dutch[1] != "Cases" and dutch[2] != "Triage"
    with app.test_request_context("/"), force_locale("nl"):
        assert dutch[2] == label(STATUS, "triage") and dutch[3] == label(MEASURE_KIND, "warning")


def test_plural_forms_numbers_and_escaped_variables_as_jinja_gives_them(app):
    english = _shown(app, "en")
    assert english[4] == "3 reports"
    assert english[5] == "one report"  # a template's own num= wins, as with Jinja's newstyle gettext
    assert english[6] == "&lt;1&gt; to 2"


def test_a_rendering_inside_another_language_uses_that_language_and_the_outer_one_keeps_its_own(app):
    with app.test_request_context("/"), force_locale("en"):
        inner = []

        def nested() -> str:
            with force_locale("nl"):
                inner.append(render_template_string("{{ _('Cases') }}"))
            return ""

        outer = render_template_string("{{ _('Cases') }}{{ nested() }}{{ _('Cases') }}", nested=nested)
    assert outer == "CasesCases"
    assert inner == [_shown(app, "nl")[1]]


def test_words_rendered_outside_flask_follow_the_current_language(app):
    template = app.jinja_env.from_string("{{ _('Cases') }} {{ 'triage' | status_label }}")
    with app.test_request_context("/"):
        with force_locale("en"):
            assert template.render() == "Cases Triage"
        with force_locale("nl"):
            assert template.render() == f"{_shown(app, 'nl')[1]} {label(STATUS, 'triage')}"
