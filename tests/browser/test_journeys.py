"""Journeys from filing to the outcome as each party sees it, at a phone's width (390 px) and a desktop's
(1280 px), every page checked with axe and for horizontal scrolling.

A school reports a data breach as a guest (form, receipt, follow-up page); the foundation triages and decides
it; the reporter's page then shows what exists of the outcome today. The outcome checks sit in one function,
`expect_outcome`, so a richer outcome block (being added to the party pages) is one assertion away.
With SCREENSHOT_DIR set, the phone run saves the README's screenshot of a decided case (docs/screenshots).
"""

import re

import pytest

try:
    from playwright.sync_api import expect
except ImportError:  # the fixtures skip (or fail under REQUIRE_BROWSER) and say why
    expect = None

from app.auth.models import Role

from .accessibility import assert_accessible, width_problems
from .steps import (
    admit_and_decide,
    expect_receipt,
    fill_valid_breach_report,
    logged_in,
    open_in_english,
    submit_report,
    switch_language,
)

pytestmark = pytest.mark.browser

REASONS = "Het lek is gedicht: de leverancier heeft de toegangscontrole hersteld en de logs nagekeken."


def check_page(page, label: str) -> None:
    """Nothing wider than the window, and no serious or critical axe violation."""
    page.wait_for_load_state("load")  # after a click, the stylesheet may still be on its way
    problem = width_problems(page)
    assert problem is None, f"{label}: {problem}"
    assert_accessible(page, label)


def expect_outcome(page, *, status: str, reasons: str, outcome: str) -> None:
    """The outcome as a party's page shows it: the decided status in the facts and on the timeline, and the
    outcome block with the decision in words and the reasons given to the parties."""
    expect(page.locator(".facts .badge").first).to_have_text(status)
    expect(page.locator("#timeline")).to_contain_text(status)
    block = page.locator("#outcome")
    expect(block).to_contain_text(outcome)
    expect(block).to_contain_text(reasons)


@pytest.mark.parametrize("width", [390, 1280])
def test_a_data_breach_by_a_school_from_filing_to_the_outcome(
    new_context, make_user, register_with_keurmerk, screenshot, width
):
    viewport = {"width": width, "height": 900}
    make_user("sam@edu-v.example", Role.SUPERVISOR, name="Sam Supervisor")

    # The school's employee files as a guest and keeps the receipt's reference and code.
    school = new_context(viewport=viewport).new_page()
    open_in_english(school, "/melden/incident")
    check_page(school, f"incident form at {width}")
    fill_valid_breach_report(school)
    submit_report(school)
    reference, code = expect_receipt(school)
    check_page(school, f"receipt at {width}")

    # The follow-up page, opened with reference and code.
    school.goto("/volgen")
    school.get_by_label("Reference").fill(reference)
    school.get_by_label("Secret code").fill(code)
    school.get_by_role("button", name="Show my report").click()
    expect(school).to_have_url(re.compile(rf"/volgen/{reference}$"))
    expect(school.locator(".facts .badge")).to_have_text("Received")
    check_page(school, f"follow-up page at {width}")

    # The foundation triages and decides, on the same screen width.
    sam = logged_in(new_context, "sam@edu-v.example")
    sam.set_viewport_size(viewport)
    sam.goto(f"/behandelen/{reference}")
    check_page(sam, f"staff case page at {width}")
    # The supplier was never asked to respond: hoor en wederhoor asks for an explicit confirmation.
    admit_and_decide(sam, "resolved", REASONS, unheard="Vodix")
    check_page(sam, f"decided staff case page at {width}")

    # The reporter's page now shows the outcome.
    school.reload()
    expect_outcome(school, status="Decided", reasons=REASONS, outcome="Resolved")
    check_page(school, f"decided follow-up page at {width}")
    if width == 390 and screenshot.enabled:
        switch_language(school, "nl")
        screenshot(school, "decided-case-phone.png", height=1100)  # the case and its outcome, as a phone shows them


COMPLAINT_REASONS = "De leverancier had het verwijderverzoek binnen een maand moeten uitvoeren."


@pytest.mark.parametrize("width", [390, 1280])
def test_a_complaint_by_a_guest_from_filing_to_the_outcome(new_context, make_user, register_with_keurmerk, width):
    viewport = {"width": width, "height": 900}
    make_user("sam@edu-v.example", Role.SUPERVISOR, name="Sam Supervisor")
    make_user("jan@vodix.example", Role.PARTICIPANT, organisation=register_with_keurmerk, name="Jan Vodix")

    # A parent complains as a guest, without sharing their details with the supplier.
    guest = new_context(viewport=viewport).new_page()
    open_in_english(guest, "/melden/klacht")
    check_page(guest, f"complaint form at {width}")
    guest.get_by_label("Which participant is your complaint about?").select_option(label="Vodix")
    guest.get_by_label("Short title").fill("Geen antwoord op verwijderverzoek")
    guest.get_by_label("What is your complaint?").fill("Wij vroegen in januari om verwijdering, zonder antwoord.")
    guest.get_by_label("When did it happen?").fill("2026-01-15")
    guest.get_by_role("group", name="Did you first raise it with the participant?").get_by_label("Yes").check()
    guest.get_by_label("Your name").fill("Petra Ouder")
    guest.get_by_label("Your e-mail address").fill("petra@ouder.example")
    guest.get_by_role("button", name="Send complaint").click()
    expect(guest).to_have_url(re.compile(r"/melden/ontvangen$"))
    reference, code = guest.locator(".reference").inner_text(), guest.locator("#follow-up-code").inner_text()
    assert reference.startswith("KLA-")
    check_page(guest, f"complaint receipt at {width}")

    # The supplier reads the complaint in its cases, without the complainant's name.
    jan = logged_in(new_context, "jan@vodix.example")
    jan.set_viewport_size(viewport)
    jan.goto(f"/mijn/zaken/{reference}")
    expect(jan.locator("main")).to_contain_text("Wij vroegen in januari")
    expect(jan.locator("main")).not_to_contain_text("Petra Ouder")
    check_page(jan, f"participant's complaint page at {width}")

    # The foundation admits and decides it; the supplier was not asked to respond, so it confirms.
    sam = logged_in(new_context, "sam@edu-v.example")
    sam.set_viewport_size(viewport)
    sam.goto(f"/behandelen/{reference}")
    admit_and_decide(sam, "upheld", COMPLAINT_REASONS, unheard="Vodix")

    # Both sides read the outcome in words, with the reasons.
    guest.goto("/volgen")
    guest.get_by_label("Reference").fill(reference)
    guest.get_by_label("Secret code").fill(code)
    guest.get_by_role("button", name="Show my report").click()
    expect_outcome(guest, status="Decided", reasons=COMPLAINT_REASONS, outcome="Upheld")
    check_page(guest, f"complainant's decided page at {width}")
    jan.reload()
    expect_outcome(jan, status="Decided", reasons=COMPLAINT_REASONS, outcome="Upheld")
    expect(jan.locator("main")).not_to_contain_text("Petra Ouder")
    check_page(jan, f"participant's decided page at {width}")
