"""The public Keurmerkregister in Chromium: the list with its filters and a participant's page, checked with axe."""

import pytest

try:
    from playwright.sync_api import expect
except ImportError:  # the fixtures skip (or fail under REQUIRE_BROWSER) and say why
    expect = None

from app.keurmerkregister import listing
from tests.helpers.pages import nl
from tests.keurmerkregister.helpers import PLAN_REASON, PLAN_REASONING, build

from .accessibility import assert_accessible, on_a_phone

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


def test_register_pages_keep_the_filter(page, make_user, monkeypatch):
    # Two participants a page, so the three of the small register take two pages.
    monkeypatch.setattr(listing, "PER_PAGE", 2)
    build(make_user)
    page.goto("/keurmerkregister")
    table = page.get_by_role("table")
    expect(table.get_by_role("link", name="Diataal", exact=True)).to_be_visible()
    expect(table.get_by_role("link", name="Vodix", exact=True)).to_have_count(0)
    pages = page.get_by_role("navigation", name=nl("Pages"))
    expect(pages).to_contain_text(nl("Page %(page)s of %(pages)s", page=1, pages=2))
    assert_accessible(page, "the Keurmerkregister's first page")
    pages.get_by_role("link", name=nl("Next page")).click()
    expect(table.get_by_role("link", name="Vodix", exact=True)).to_be_visible()
    expect(table.get_by_role("link", name="Diataal", exact=True)).to_have_count(0)
    on_a_phone(page, "the Keurmerkregister's second page")

    # One a page: the two participants with a valid keurmerk take two pages, and the filter stays.
    monkeypatch.setattr(listing, "PER_PAGE", 1)
    page.get_by_label(nl("Status")).select_option("valid")
    page.get_by_role("button", name=nl("Search")).click()
    expect(table.get_by_role("link", name="EduHint", exact=True)).to_be_visible()
    pages.get_by_role("link", name=nl("Next page")).click()
    expect(table.get_by_role("link", name="Vodix", exact=True)).to_be_visible()
    expect(table.get_by_role("link", name="EduHint", exact=True)).to_have_count(0)
    expect(table).not_to_contain_text(nl("Valid under conditions"))
    expect(page.get_by_label(nl("Status"))).to_have_value("valid")
