"""Steps several browser journeys share: the foundation admits a case and decides it on its page."""
try:
    from playwright.sync_api import expect
except ImportError:  # the fixtures skip (or fail under REQUIRE_BROWSER) and say why
    expect = None


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
