"""The staff case page: the case and its timeline first, the actions folded (<details>) but the one in use,
without JavaScript too; a failed form stays open with its errors, a successful action returns to the case."""

import re

import pytest

try:
    from playwright.sync_api import expect
except ImportError:  # the fixtures skip (or fail under REQUIRE_BROWSER) and say why
    expect = None

from app.auth.models import Role

from .accessibility import assert_accessible
from .steps import logged_in

pytestmark = pytest.mark.browser

# Measured at 1280 px with this fixture: 4,748 px before the actions were folded (every form open).
MAX_HEIGHT_1280 = 3200


def page_height(page) -> int:
    return page.evaluate("() => document.documentElement.scrollHeight")


@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_the_actions_fold_and_the_one_in_use_stays_open(new_context, make_user, filed_case, javascript):
    reference, _code = filed_case
    make_user("sam@edu-v.example", Role.SUPERVISOR, name="Sam Supervisor")
    sam = logged_in(new_context, "sam@edu-v.example")
    if not javascript:
        cookies = sam.context.cookies()
        sam = new_context(java_script_enabled=False)
        sam.add_cookies(cookies)
        sam = sam.new_page()
    sam.goto(f"/behandelen/{reference}")

    # The case and its timeline come before the actions.
    timeline, actions = sam.locator("#timeline"), sam.locator("#actions")
    assert timeline.bounding_box()["y"] < actions.bounding_box()["y"]
    # A new case: the admissibility question is open, the other actions one click away.
    expect(sam.locator("details#action-triage")).to_have_attribute("open", "")
    for name in ("status", "assign", "message", "note", "link"):
        expect(sam.locator(f"details#action-{name}")).not_to_have_attribute("open", re.compile(".*"))
    if javascript:
        height = page_height(sam)
        print(f"\nstaff case page at 1280 px: {height} px tall")
        assert height < MAX_HEIGHT_1280, height
        assert_accessible(sam, "staff case page, actions folded")  # axe runs as a script: with JavaScript only

    # One click opens an action; a failed submit shows that form open with its errors, the others folded.
    sam.locator("details#action-note > summary").click()
    note = sam.locator("details#action-note")
    expect(note).to_have_attribute("open", "")
    note.get_by_role("button", name="Add the note").click()  # empty: refused
    expect(sam.locator("details#action-note")).to_have_attribute("open", "")
    expect(sam.locator("details#action-note .error-summary")).to_be_visible()
    expect(sam.locator("details#action-triage")).not_to_have_attribute("open", re.compile(".*"))
    expect(sam.locator("details#decide-group")).to_have_count(0)  # not decidable before triage

    # A successful action returns to the case, its actions folded again but for the one in use.
    sam.locator("details#action-note textarea").fill("Leverancier gebeld; logbestanden opgevraagd.")
    sam.locator("details#action-note").get_by_role("button", name="Add the note").click()
    expect(sam).to_have_url(re.compile(rf"/behandelen/{reference}$"))
    expect(sam.locator("#timeline")).to_contain_text("Leverancier gebeld")
    expect(sam.locator("details#action-note")).not_to_have_attribute("open", re.compile(".*"))
