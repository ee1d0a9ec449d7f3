"""A whole RFC in Chromium: a supplier's user submits it, the analyst qualifies it and records the impact, the
change manager finds it on the CAB agenda and records the CAB's advice, the workgroup handles it, the analyst
plans it into a release and it is released. The submitter is told at each step the process names; the public
register and its feed show it without the submitter. axe at a desktop's width and a phone's.

Pages are switched to English first, so the label locators read the message ids.
"""

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

try:
    from playwright.sync_api import expect
except ImportError:  # the fixtures skip (or fail under REQUIRE_BROWSER) and say why
    expect = None

from app.auth.models import Role
from app.extensions import db
from app.notify.models import OutboxMessage, addressed_to

from .accessibility import assert_accessible, on_a_phone
from .steps import logged_in

pytestmark = pytest.mark.browser

LOCAL = ZoneInfo("Europe/Amsterdam")
SUBMITTER = "sanne@vodix.example"


@pytest.fixture()
def desk(make_org, make_user):
    vodix = make_org("Vodix")
    make_user(SUBMITTER, Role.PARTICIPANT, organisation=vodix, name="Sanne Smit")
    make_user("ada@edu-v.example", Role.SUPERVISOR, name="Ada Analist")
    make_user("carl@edu-v.example", Role.COORDINATOR, name="Carl Changemanager")
    return vodix


def told() -> list[str]:
    db.session.rollback()  # a new read: the live server wrote them in its own session, after ours began
    query = select(OutboxMessage.subject).where(addressed_to(SUBMITTER)).order_by(OutboxMessage.id)
    return list(db.session.scalars(query))


def check(page, label: str) -> None:
    page.set_viewport_size({"width": 1280, "height": 900})
    assert_accessible(page, label)
    on_a_phone(page, label)
    page.set_viewport_size({"width": 1280, "height": 900})


def move(page, status: str, reason: str | None = None) -> None:
    action = page.locator("details#action-status")
    if action.get_attribute("open") is None:
        action.locator("summary").click()
    action.get_by_label("New status").select_option(label=status)
    if reason:
        action.get_by_label("Reason").fill(reason)
    action.get_by_role("button", name="Change the status").click()
    expect(page.locator(".flash")).to_contain_text(status)


def open_action(page, name: str):
    action = page.locator(f"details#action-{name}")
    action.locator("summary").click()
    return action


def test_an_rfc_from_submission_to_release(new_context, desk, screenshot):
    # The supplier's user submits through the real form.
    sanne = logged_in(new_context, SUBMITTER)
    sanne.goto("/melden/rfc")
    check(sanne, "the RFC form")
    sanne.get_by_label("Short title", exact=True).fill("Toetsversie bij leerresultaten")
    sanne.get_by_label("Variant").select_option("gegevensdienst")
    sanne.get_by_label("Which agreement is it about? (name or link)").fill("Afspraak Leerresultaten v1.2")
    sanne.get_by_label("Data service (gegevensdienst)").select_option("Leerresultaten")
    sanne.get_by_label("The proposed change").fill("Voeg de versie van de toets toe aan elk resultaat.")
    sanne.get_by_label("Why is it needed?").fill("Zonder versie zijn resultaten niet te vergelijken.")
    sanne.get_by_label("Proposed type").select_option("major")
    sanne.get_by_label("Proposed priority").select_option("major")
    yesterday = (datetime.now(LOCAL) - timedelta(days=1)).date().isoformat()
    sanne.get_by_label("Desired moment of introduction").fill(yesterday)
    sanne.get_by_role("button", name="Submit the RFC").click()
    expect(sanne.locator(".error-summary, .field-error").first).to_contain_text("past")
    sanne.get_by_label("Desired moment of introduction").fill("")
    sanne.get_by_role("button", name="Submit the RFC").click()
    expect(sanne.locator(".flash")).to_contain_text("received in good order")
    reference = re.search(r"RFC-\d{4}-\d{5}", sanne.locator(".flash").inner_text()).group(0)
    check(sanne, "the submitter's RFC page")
    assert told() == [f"Your RFC {reference} has been received"]

    # The analyst qualifies it and records the impact analysis.
    ada = logged_in(new_context, "ada@edu-v.example")
    ada.goto("/behandelen-rfc")
    ada.get_by_role("link", name=reference).click()
    check(ada, "the desk's RFC page")
    move(ada, "Qualified")
    analysis = open_action(ada, "analysis")
    analysis.get_by_label("Analyst").select_option(label="Ada Analist")
    analysis.get_by_label("Technical impact").fill("Een nieuw veld in het berichtmodel.")
    analysis.get_by_label("Risks").fill("Oude afnemers negeren het veld.")
    analysis.get_by_role("button", name="Save").click()
    expect(ada.locator(".flash")).to_contain_text("handling details are saved")
    move(ada, "To prioritise (CAB)")

    # The change manager finds it on the CAB agenda with its impact, and records the CAB's advice.
    carl = logged_in(new_context, "carl@edu-v.example")
    carl.goto("/behandelen-rfc/cab")
    expect(carl.locator("main")).to_contain_text("Een nieuw veld in het berichtmodel.")
    check(carl, "the CAB agenda")
    carl.get_by_role("link", name=reference).click()
    cab = open_action(carl, "cab")
    cab.get_by_label("CAB meeting").fill(datetime.now(LOCAL).date().isoformat())
    cab.get_by_label("Priority").select_option("minor")
    cab.get_by_label("Advice of the CAB").fill("Doen, in de volgende feature-release.")
    cab.get_by_role("button", name="Record the advice").click()
    expect(carl.locator(".flash")).to_contain_text("CAB's advice is recorded")
    for status in ("To handle", "In progress (workgroup)", "Change proposal", "To review (CAB)", "To change"):
        move(carl, status)

    # A release in the next month; the RFC planned into it, changed and released.
    carl.goto("/behandelen-rfc/uitgaven")
    form = carl.locator("#release-form")
    form.get_by_label("Name").fill("2027.1")
    form.get_by_label("Kind").select_option("feature")
    form.get_by_label("Planned on").fill((datetime.now(LOCAL) + timedelta(days=30)).date().isoformat())
    form.get_by_label("Introduction to the release notes").fill("Wat nieuw is in 2027.1.")
    form.get_by_role("button", name="Add the release").click()
    expect(carl.locator("h1")).to_have_text("2027.1")
    carl.goto(f"/behandelen-rfc/{reference}")
    plan = open_action(carl, "plan")
    plan.get_by_label("Release").select_option(index=1)  # the only release: "2027.1 (Feature release, ...)"
    plan.get_by_role("button", name="Plan").click()
    expect(carl.locator(".flash")).to_contain_text("planned into 2027.1")
    for status in ("Changed", "Pre-release", "Released"):
        move(carl, status)
    expect(carl.locator("main")).to_contain_text("Released")
    carl.goto("/behandelen-rfc/uitgaven")
    carl.get_by_role("link", name="2027.1").click()
    notes = carl.locator("article.release-notes")
    expect(notes).to_contain_text(reference)
    expect(notes).to_contain_text("Voeg de versie van de toets toe aan elk resultaat.")
    check(carl, "the release page")

    # The submitter was told at the process's steps, in the desk's language whatever the handler reads.
    statuses = [subject.split("de status is nu ", 1)[-1] for subject in told()[1:]]
    assert statuses == ["Gekwalificeerd", "In behandeling (werkgroep)", "Wijzigingsvoorstel", "Gewijzigd", "Released"]

    # The public register and its feed show it without the submitter.
    visitor = new_context().new_page()
    visitor.goto("/rfc-register")
    row = visitor.get_by_role("row").filter(has_text=reference)
    expect(row).to_contain_text("Released")
    expect(row).to_contain_text("2027.1")
    expect(visitor.locator("main")).not_to_contain_text("Sanne")
    check(visitor, "the RFC register")
    screenshot(visitor, "rfc-register.png", height=900)
    visitor.get_by_role("link", name=reference).click()
    expect(visitor.locator("main")).to_contain_text("Gekwalificeerd")
    expect(visitor.locator("main")).not_to_contain_text("Vodix")
    check(visitor, "the register's RFC page")
    feed = visitor.request.get("/rfc-register/feed.atom")
    assert feed.ok and reference in feed.text() and "Sanne" not in feed.text()
