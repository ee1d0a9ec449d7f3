"""PlainSelect writes a select exactly as WTForms' own select does, for a thousand participants as for a few choices."""

import pytest
from wtforms import Form, SelectField
from wtforms.validators import InputRequired

from app.web.form_fields import PlainSelect, optional_int


def _same(choices, chosen, **field_options) -> tuple[str, str]:
    class Pick(Form):
        plain = SelectField(choices=[], **field_options)
        fast = SelectField(choices=[], widget=PlainSelect(), **field_options)

    form = Pick(data={"plain": chosen, "fast": chosen})
    form.plain.choices = form.fast.choices = choices
    fast = str(form.fast(**{"class": "wide"})).replace('name="fast"', "").replace('id="fast"', "")
    plain = str(form.plain(**{"class": "wide"})).replace('name="plain"', "").replace('id="plain"', "")
    return fast, plain


def test_the_same_html_as_wtforms_select_with_the_choice_selected_and_names_escaped():
    choices = [("", "All participants"), ("1", "Vodix B.V."), ("2", 'Lees & "Leer" <bv>'), ("3", "Überall")]
    fast, plain = _same(choices, "2")
    assert fast == plain
    assert '<option selected value="2">Lees &amp; &#34;Leer&#34; &lt;bv&gt;</option>' in fast


@pytest.mark.parametrize(
    ("choices", "chosen", "options"),
    [
        ([(None, "None chosen"), (1, "One"), (2, "Two & more")], 2, {"coerce": optional_int}),
        ([(None, "None chosen"), (1, "One")], None, {"coerce": optional_int}),
        ([("a", "A"), ("b", "B")], "b", {"validators": [InputRequired()]}),
        ([(True, "Yes"), (False, "No")], "True", {}),
        ({"Group": [("1", "One")], "Other": [("2", "Two")]}, "2", {}),  # groups: through WTForms
        ([("1", "One", {"disabled": True}), ("2", "Two")], "2", {}),  # own attributes: through WTForms
    ],
)
def test_coerced_required_boolean_grouped_and_attributed_choices_render_as_wtforms_does(choices, chosen, options):
    fast, plain = _same(choices, chosen, **options)
    assert fast == plain


def test_choices_declared_as_select_choices_render_as_wtforms_does():
    from wtforms import SelectChoice

    choices = [SelectChoice("", "All"), SelectChoice("7", "Seven <7>"), SelectChoice("8")]
    fast, plain = _same(choices, "7")
    assert fast == plain
    grouped = [SelectChoice("1", "One", optgroup="G"), SelectChoice("2", "Two", render_kw={"disabled": True})]
    assert _same(grouped, "1")[0] == _same(grouped, "1")[1]
