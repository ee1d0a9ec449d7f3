"""Decision and measure in Chromium: a supervisor decides with an improvement plan (a past term refused, values
kept), the measure page, and the supplier's follow-through with evidence and an objection; each checked with axe.

Pages are switched to English first, so the label locators read the message ids.
"""

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

try:
    from playwright.sync_api import expect
except ImportError:  # the fixtures skip (or fail under REQUIRE_BROWSER) and say why
    expect = None

from app import clock
from app.auth.models import Role
from app.compliance.models import Measure, Objection
from app.extensions import db
from tests.compliance.helpers import complaint_in_progress, supplier
from tests.helpers.files import PDF

from .accessibility import assert_accessible, on_a_phone
from .steps import logged_in

pytestmark = pytest.mark.browser


def test_a_decision_with_an_improvement_plan_followed_through(new_context, make_user, screenshot):
    vodix = supplier()
    db.session.commit()
    sam = make_user("sam@edu-v.example", Role.SUPERVISOR, name="Sam Supervisor")
    make_user("pia@vodix.example", Role.PARTICIPANT, organisation=vodix, name="Pia Vodix")
    case = complaint_in_progress(vodix, sam)
    reference = case.reference

    staff = logged_in(new_context, "sam@edu-v.example")
    staff.goto(f"/behandelen/{reference}")
    form = staff.locator("#decision")
    form.get_by_label("Outcome").select_option(label="Upheld (gegrond)")
    form.get_by_label("Reasons for the decision").fill("De toegangscontrole schoot tekort.")
    row = form.get_by_role("group", name="Measure 1")
    row.get_by_label("Measure", exact=True).select_option(label="Improvement plan")
    row.get_by_label("Keurmerk", exact=True).select_option(label="Vodix: Vodix Toets / Leerresultaten")
    row.get_by_label("Short reason for the public register").fill("Verbeterplan toegangscontrole")
    row.get_by_label("Publish in the Keurmerkregister").check()
    row.get_by_label("Due date (hersteltermijn)").fill("2020-01-01T17:00")  # a datetime-local input
    form.get_by_role("button", name="Record the decision").click()
    expect(staff.locator("#error-summary")).to_contain_text("The due date has passed")
    row = staff.locator("#decision").get_by_role("group", name="Measure 1")
    expect(row.get_by_label("Short reason for the public register")).to_have_value("Verbeterplan toegangscontrole")
    expect(staff.get_by_label("Reasons for the decision")).to_have_value("De toegangscontrole schoot tekort.")
    assert_accessible(staff, "the decision form with an error")
    due = clock.local(clock.now() + timedelta(days=30)).strftime("%Y-%m-%dT17:00")
    row.get_by_label("Due date (hersteltermijn)").fill(due)
    # Vodix was told of the complaint but never asked for a response: the page says so and the handler
    # decides anyway (the first try also asked for that confirmation).
    expect(staff.locator("#decision-missing-hearing")).to_contain_text("Vodix was never asked for a response")
    staff.locator("#decision").get_by_label("Decide anyway").check()
    staff.locator("#decision").get_by_role("button", name="Record the decision").click()
    decided = staff.locator("#decision")
    expect(decided).to_contain_text("Upheld (gegrond)")
    decided.get_by_role("link", name="Improvement plan").click()
    expect(staff).to_have_url(re.compile(r"/zaken/maatregelen/\d+$"))
    expect(staff.locator("main")).to_contain_text("In force")
    assert_accessible(staff, "the staff measure page")
    screenshot(staff, "measure.png")

    db.session.rollback()  # end this session's read snapshot: the live server wrote the measure
    measure = db.session.scalar(select(Measure))
    pia = logged_in(new_context, "pia@vodix.example")
    pia.goto("/mijn/maatregelen")
    pia.get_by_role("link", name="Improvement plan").first.click()
    expect(pia).to_have_url(re.compile(rf"/mijn/maatregelen/{measure.id}$"))
    assert_accessible(pia, "the participant's measure")
    on_a_phone(pia, "the participant's measure")
    evidence = pia.locator("#evidence")
    evidence.get_by_label("What did your organisation do?").fill("Tweefactorauthenticatie ingevoerd.")
    evidence.get_by_label("Documents").set_input_files(
        files=[{"name": "bewijs.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    evidence.get_by_role("button", name="Send the evidence").click()
    expect(pia.locator("main")).to_contain_text("Tweefactorauthenticatie ingevoerd.")
    pia.locator("#objection").get_by_label("Grounds of your objection").fill("De termijn is te kort.")
    pia.locator("#objection").get_by_role("button", name="File the objection").click()
    expect(pia).to_have_url(re.compile(r"/mijn/zaken/BEZ-\d{4}-\d{5}$"))  # the objection's own case
    assert_accessible(pia, "the objection case")
    on_a_phone(pia, "the objection case")
    db.session.rollback()
    assert db.session.scalar(select(Objection.measure_id)) == measure.id
