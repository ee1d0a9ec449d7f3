"""The public Keurmerkregister in Chromium: the list with its filters and a participant's page, checked with axe."""

import pytest

try:
    from playwright.sync_api import expect
except ImportError:  # the fixtures skip (or fail under REQUIRE_BROWSER) and say why
    expect = None

from tests.helpers.pages import nl
from tests.keurmerkregister.helpers import PLAN_REASON, PLAN_REASONING, build

from .accessibility import assert_accessible

pytestmark = pytest.mark.browser


def test_register_and_participant_page(page, make_user, screenshot):
    world = build(make_user)
    page.goto("/keurmerkregister")
    expect(page.get_by_role("heading", level=1)).to_have_text(nl("Keurmerkregister"))
    table = page.get_by_role("table")
    expect(table.get_by_role("link", name="Vodix", exact=True)).to_be_visible()
    expect(table).to_contain_text(nl("Suspended"))
    expect(table).to_contain_text(nl("Decision not published"))
    assert_accessible(page, "the Keurmerkregister")
    screenshot(page, "register.png")

    page.get_by_label(nl("Status")).select_option("suspended")
    page.get_by_role("button", name=nl("Search")).click()
    expect(table.get_by_role("link", name="Diataal", exact=True)).to_be_visible()
    expect(table.get_by_role("link", name="Vodix", exact=True)).to_have_count(0)

    page.goto("/keurmerkregister")
    page.get_by_role(
        "link", name=nl("%(measure)s of %(date)s", measure=nl("Improvement plan"), date="10 maart 2026")
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Vodix")
    measure = page.locator(f"#maatregel-{world['plan'].id}")
    expect(measure).to_contain_text(PLAN_REASON)
    expect(page.locator("main")).not_to_contain_text(PLAN_REASONING)
    assert_accessible(page, "a participant's page")
