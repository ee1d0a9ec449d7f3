"""A long list of choices (a thousand participants) renders exactly as WTForms' own select does."""

from wtforms import Form, SelectField

from app.web.form_fields import LongSelect


class Pick(Form):
    plain = SelectField(choices=[])
    fast = SelectField(choices=[], widget=LongSelect())


def _form(choices, chosen: str) -> Pick:
    form = Pick(data={"plain": chosen, "fast": chosen})
    form.plain.choices = form.fast.choices = choices
    return form


def test_the_same_html_as_wtforms_select_with_the_choice_selected_and_names_escaped():
    choices = [("", "All participants"), ("1", "Vodix B.V."), ("2", 'Lees & "Leer" <bv>'), ("3", "Überall")]
    form = _form(choices, "2")
    assert str(form.fast()).replace('name="fast"', "").replace('id="fast"', "") == str(form.plain()).replace(
        'name="plain"', ""
    ).replace('id="plain"', "")
    assert '<option selected value="2">Lees &amp; &#34;Leer&#34; &lt;bv&gt;</option>' in str(form.fast())
