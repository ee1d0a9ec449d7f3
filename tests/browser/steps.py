"""Steps several browser journeys share: logging in, filling in and sending the incident form, and the
foundation admitting a case and deciding it on its page."""

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

try:
    from playwright.sync_api import expect
except ImportError:  # the fixtures skip (or fail under REQUIRE_BROWSER) and say why
    expect = None

from tests.helpers.login import PASSWORD, totp_code

LOCAL = ZoneInfo("Europe/Amsterdam")
CODE = re.compile(r"^[A-Z2-9]{5}(-[A-Z2-9]{5}){3}$")


def switch_language(page, to: str) -> None:
    """Clicks the header's language button; it returns to the same page in the other language."""
    button = {"en": "English", "nl": "Nederlands"}[to]
    page.get_by_role("button", name=button, exact=True).click()
    expect(page.locator("html")).to_have_attribute("lang", to)
    # The new document's lang is there before its stylesheet: wait for it, or a layout check may
    # measure the unstyled page.
    page.wait_for_load_state("load")


def open_in_english(page, path: str) -> None:
    page.goto(path)
    switch_language(page, "en")


def local_input(moment: datetime) -> str:
    """A moment as a datetime-local input takes it (the server reads it as Amsterdam time)."""
    return moment.astimezone(LOCAL).strftime("%Y-%m-%dT%H:%M")


def breach_fields(page):
    return page.get_by_role("group", name="Which data and people")


def submit_report(page) -> None:
    page.get_by_role("button", name="Send report").click()


def fill_valid_breach_report(page) -> None:
    page.get_by_label("What kind of incident?").select_option("data_breach")
    page.get_by_label("Short title", exact=True).fill("Cijfers zichtbaar voor andere scholen")
    page.get_by_label("What happened?", exact=True).fill("Leerlingen zagen elkaars cijfers in de toetsapp.")
    discovered = datetime.now(LOCAL) - timedelta(hours=2)
    page.get_by_label("When was it discovered?").fill(local_input(discovered))
    page.get_by_label("Participant involved").select_option(label="Vodix")
    breach = breach_fields(page)
    breach.get_by_role("group", name="What was affected?").get_by_label(
        "Confidentiality: people saw data they should not"
    ).check()
    breach.get_by_label("Number of people affected, at least").fill("120")
    breach.get_by_label("Number of people affected, at most").fill("450")
    page.get_by_role("group", name="Reported to the Autoriteit Persoonsgegevens (AP)?").get_by_label(
        "No", exact=True
    ).check()
    page.get_by_label("Your name").fill("Rita Reporter")
    page.get_by_label("Your e-mail address").fill("rita@hetbaken.example")


def expect_receipt(page) -> tuple[str, str]:
    expect(page).to_have_url(re.compile(r"/melden/ontvangen$"))
    year = datetime.now(LOCAL).year
    reference = page.locator(".reference")
    expect(reference).to_have_text(f"INC-{year}-00001")
    code = page.locator("#follow-up-code")
    expect(code).to_have_text(CODE)
    return reference.inner_text(), code.inner_text()


def logged_in(new_context, email: str):
    """A new page logged in as `email`, in English, the second factor's code given where asked."""
    page = new_context().new_page()
    page.goto("/inloggen")
    page.get_by_role("button", name="English", exact=True).click()
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_load_state()
    if page.url.endswith("/inloggen/code"):  # coordinators, administrators and who set one up: the code
        page.get_by_label("Code").fill(totp_code(email))
        page.get_by_role("button", name="Continue").click()
        page.wait_for_load_state()
    return page


def admit_and_decide(page, outcome: str, reasons: str, *, unheard: str | None = None) -> None:
    """On the staff case page: admissible at triage, then the decision with its reasons.

    `unheard`: the party hoor en wederhoor names as not heard; the handler then confirms. None: the
    confirmation is given only if the page asks for it.
    """
    triage = page.locator("details#action-triage")
    triage.get_by_label("Admissible: handle it").check()
    triage.get_by_role("button", name="Record the decision").click()
    expect(page.locator(".flash")).to_be_visible()
    decision = page.locator("#decision")
    decision.get_by_label("Outcome").select_option(outcome)
    decision.get_by_label("Reasons for the decision").fill(reasons)
    if unheard is not None:
        expect(decision.locator("#decision-missing-hearing")).to_contain_text(unheard)
    if decision.get_by_label("Decide anyway").count():
        decision.get_by_label("Decide anyway").check()
    decision.get_by_role("button", name="Record the decision").click()
    expect(page.locator("#decision")).to_contain_text(reasons)
