"""The public pages in Chromium: home, the incident form (with and without JavaScript) and follow-up.

Tests that type into the form switch to English first: its texts are the message ids, so the
label locators keep working whatever the Dutch translation says. Every page is checked with axe:
no serious or critical violations. With SCREENSHOT_DIR set, the README's screenshots are saved.
"""

import re

import pytest

try:
    from playwright.sync_api import expect
except ImportError:  # the fixtures skip (or fail under REQUIRE_BROWSER) and say why
    expect = None

from .accessibility import assert_accessible
from .steps import (
    breach_fields,
    expect_receipt,
    fill_valid_breach_report,
    open_in_english,
    submit_report,
    switch_language,
)

pytestmark = pytest.mark.browser

INCIDENT, FOLLOW_UP = "/melden/incident", "/volgen"


def test_home_page_links_and_language_switch(page, screenshot):
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    main = page.get_by_role("main")
    expect(main.locator(f'a[href="{INCIDENT}"]')).to_be_visible()
    expect(main.locator(f'a[href="{FOLLOW_UP}"]')).to_be_visible()
    assert_accessible(page, "home (nl)")
    screenshot(page, "home.png")

    switch_language(page, "en")
    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.get_by_role("heading", level=1, name="Edu-V Meldpunt")).to_be_visible()
    expect(main.get_by_role("link", name="Report an incident")).to_have_attribute("href", INCIDENT)
    expect(main.get_by_role("link", name="Follow your report")).to_have_attribute("href", FOLLOW_UP)
    assert_accessible(page, "home (en)")

    switch_language(page, "nl")
    expect(page.get_by_role("button", name="English", exact=True)).to_be_visible()


def test_breach_fields_show_only_for_a_data_leak(page, screenshot):
    page.goto(INCIDENT)  # the default language: name-based locators, independent of translations
    category = page.locator("select[name=category]")
    breach = page.locator("#breach-fields")
    expect(category).to_have_value("")  # nothing chosen yet: no breach questions
    expect(breach).to_be_hidden()
    category.select_option("outage")
    expect(breach).to_be_hidden()
    category.select_option("data_breach")
    expect(breach).to_be_visible()
    # What a data leak requires is not labelled optional.
    for question in ("#impact legend", "label[for=affected_min]", "label[for=affected_max]", "#ap_notified legend"):
        expect(page.locator(f"{question} .optional, {question} + .optional")).to_have_count(0)
    expect(page.locator("#affected_min")).to_have_attribute("aria-required", "true")
    assert_accessible(page, "incident form")
    screenshot(page, "incident-form.png")
    category.select_option("security")
    expect(breach).to_be_hidden()


def test_empty_form_shows_each_error_next_to_its_field(page):
    open_in_english(page, INCIDENT)
    submit_report(page)

    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()
    links = summary.get_by_role("link")
    for label in ("Your name", "Your e-mail address", "Short title", "What happened?", "When was it discovered?"):
        expect(links.filter(has_text=label)).to_have_count(1)
    targets = [href.lstrip("#") for href in links.evaluate_all("els => els.map(e => e.getAttribute('href'))")]
    assert targets, "the summary links to no field"
    for field_id in targets:
        error = page.locator(f"#{field_id}-error")
        expect(error).to_be_visible()
        expect(error).not_to_be_empty()
        # Next to the field: in the same field block, and read out with it by screen readers.
        expect(
            page.locator(".has-error")
            .filter(has=error)
            .locator(f"#{field_id}")
            .or_(page.locator(f".has-error#{field_id}"))
        ).to_have_count(1)
        expect(page.locator(f"#{field_id}")).to_have_attribute(
            "aria-describedby", re.compile(rf"(^|\s){field_id}-error(\s|$)")
        )
    assert_accessible(page, "incident form, error state")


def test_typed_values_survive_an_error(page):
    open_in_english(page, INCIDENT)
    page.get_by_label("What kind of incident?").select_option("outage")
    page.get_by_label("Short title", exact=True).fill("Toetsdienst onbereikbaar")
    page.get_by_label("What happened?", exact=True).fill("Sinds 8 uur geeft de toetsdienst een foutmelding.")
    page.get_by_label("Your name").fill("Rita Reporter")
    submit_report(page)

    expect(page.locator("#error-summary")).to_be_focused()
    expect(page.get_by_label("What kind of incident?")).to_have_value("outage")
    expect(page.get_by_label("Short title", exact=True)).to_have_value("Toetsdienst onbereikbaar")
    expect(page.get_by_label("What happened?", exact=True)).to_have_value(
        "Sinds 8 uur geeft de toetsdienst een foutmelding."
    )
    expect(page.get_by_label("Your name")).to_have_value("Rita Reporter")
    expect(breach_fields(page)).to_be_hidden()
    expect(page.locator("#reporter_email-error")).to_be_visible()


def test_valid_breach_report_gives_reference_and_code(page, register_with_keurmerk):
    open_in_english(page, INCIDENT)
    fill_valid_breach_report(page)
    submit_report(page)
    expect_receipt(page)
    assert_accessible(page, "receipt")


def test_follow_up_with_a_wrong_code_shows_one_error(page, filed_case):
    reference, _code = filed_case
    open_in_english(page, FOLLOW_UP)
    page.get_by_label("Reference").fill(reference)
    page.get_by_label("Secret code").fill("AAAAA-BBBBB-CCCCC-DDDDD")
    page.get_by_role("button", name="Show my report").click()

    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("listitem")).to_have_count(1)
    expect(summary).to_contain_text("This combination of reference and code is not known to us.")
    expect(page.locator(".field-error")).to_have_count(0)
    assert_accessible(page, "follow-up, wrong code")


def test_follow_up_shows_the_case_and_takes_a_file(page, filed_case, screenshot):
    reference, code = filed_case
    open_in_english(page, FOLLOW_UP)
    page.get_by_label("Reference").fill(reference)
    page.get_by_label("Secret code").fill(code.lower())  # typed over from paper: case does not matter
    page.get_by_role("button", name="Show my report").click()

    expect(page).to_have_url(re.compile(rf"/volgen/{reference}$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text(reference)
    # The case's facts come first, the report as filed below them.
    expect(page.locator(".facts").first).to_contain_text("Status")
    expect(page.locator(".facts .badge").first).not_to_be_empty()
    expect(page.locator(".countdown")).to_have_text(re.compile(r"^\d+ h \d{2} min"))
    timeline = page.locator("#timeline")
    expect(timeline.get_by_role("listitem")).not_to_have_count(0)
    assert_accessible(page, "reporter's case page")

    page.get_by_label("Your addition").fill("Het exportbestand van de leverancier zit erbij.")
    page.get_by_label("Attachments").set_input_files(
        files=[{"name": "export-log.txt", "mimeType": "text/plain", "buffer": b"12:00 export gestart\n"}]
    )
    page.get_by_role("button", name="Send", exact=True).click()

    expect(page).to_have_url(re.compile(rf"/volgen/{reference}#timeline$"))
    entry = timeline.get_by_role("listitem").filter(has_text="Het exportbestand van de leverancier zit erbij.")
    link = entry.get_by_role("link", name="export-log.txt")
    expect(link).to_have_attribute("href", re.compile(rf"/volgen/{reference}/bijlagen/\d+$"))
    download = page.request.get(link.get_attribute("href"))
    assert download.ok and download.body() == b"12:00 export gestart\n"
    assert_accessible(page, "reporter's case page after adding information")

    if screenshot.enabled:
        switch_language(page, "nl")
        screenshot(page, "follow-up.png")


def test_form_works_without_javascript(new_context, register_with_keurmerk):
    page = new_context(java_script_enabled=False).new_page()
    open_in_english(page, INCIDENT)
    expect(page.locator("html")).not_to_have_class(re.compile(r"\bjs\b"))
    expect(breach_fields(page)).to_be_visible()
    fill_valid_breach_report(page)
    submit_report(page)
    expect_receipt(page)
