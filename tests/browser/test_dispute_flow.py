"""A whole dispute in Chromium: supplier A files against supplier B, the foundation asks B for a response,
B answers with a shared message and a document for the foundation only; A never sees that document,
the supervisor does, and each side gets its e-mails (never the content); the foundation decides and both
sides read the outcome in words, at a desktop's width and a phone's.

Pages are switched to English first, so the label locators read the message ids.
"""

import re

import pytest
from sqlalchemy import select

try:
    from playwright.sync_api import expect
except ImportError:  # the fixtures skip (or fail under REQUIRE_BROWSER) and say why
    expect = None

from app.auth.models import Role
from app.extensions import db
from app.notify.models import OutboxMessage, addressed_to
from tests.helpers.files import EXE, PDF

from .accessibility import assert_accessible, on_a_phone
from .steps import admit_and_decide, logged_in

pytestmark = pytest.mark.browser

ADVICE = "Leerlab herstelt de koppeling volgens afspraak 4.2; Vodix levert de testomgeving."


@pytest.fixture()
def suppliers(make_org, make_user):
    vodix, leerlab = make_org("Vodix"), make_org("Leerlab")
    make_user("anna@vodix.example", Role.PARTICIPANT, organisation=vodix, name="Anna Vodix")
    make_user("bert@leerlab.example", Role.PARTICIPANT, organisation=leerlab, name="Bert Leerlab")
    make_user("sam@edu-v.example", Role.SUPERVISOR, name="Sam Supervisor")
    return vodix, leerlab


def mails(address: str) -> list[OutboxMessage]:
    db.session.expire_all()  # the live server wrote them in its own session
    return list(db.session.scalars(select(OutboxMessage).where(addressed_to(address))))


def section(page, heading: str):
    return page.locator("section").filter(has=page.get_by_role("heading", name=heading, exact=True))


def test_a_dispute_heard_on_both_sides(new_context, suppliers, screenshot):
    # A files the dispute through the real form.
    anna = logged_in(new_context, "anna@vodix.example")
    expect(anna).to_have_url(re.compile(r"/mijn/zaken$"))
    anna.goto("/melden/geschil")
    anna.get_by_label("Which participant is the dispute with?").select_option(label="Leerlab")
    anna.get_by_label("Short title", exact=True).fill("Leerlab levert geen roosterdata")
    anna.get_by_label("What happened?", exact=True).fill("Sinds maart weigert Leerlab de koppeling.")
    anna.get_by_label("How did you try to resolve it together?").fill("Twee overleggen in februari.")
    anna.get_by_role("button", name="Start the dispute").click()
    reference = anna.locator(".reference").inner_text()
    assert re.fullmatch(r"GES-\d{4}-\d{5}", reference)

    # The foundation asks B for a response, with a deadline.
    sam = logged_in(new_context, "sam@edu-v.example")
    sam.goto(f"/behandelen/{reference}")
    hearing = section(sam, "Asked of the parties")
    hearing.get_by_label("Party").select_option(label="Leerlab (Respondent)")
    hearing.get_by_label("What do you ask?").fill("Leg uit waarom de koppeling is stopgezet.")
    hearing.get_by_label("Business days to respond").fill("5")
    hearing.get_by_role("button", name="Ask for a response").click()
    expect(section(sam, "Asked of the parties")).to_contain_text("Leg uit waarom")

    # B sees the case and what is asked of it, and answers.
    bert = logged_in(new_context, "bert@leerlab.example")
    bert.get_by_role("link", name=reference).click()
    expect(section(bert, "Asked of you")).to_contain_text("Leg uit waarom de koppeling is stopgezet.")
    assert_accessible(bert, "party view")
    reply = section(bert, "Reply or add documents")
    reply.get_by_label("Your message").fill("De koppeling voldeed niet aan afspraak 4.2; zie ons contract.")
    reply.get_by_label("All parties of the case (and the foundation)").check()
    reply.get_by_role("button", name="Send", exact=True).click()
    expect(bert).to_have_url(re.compile(rf"/mijn/zaken/{reference}#timeline$"))
    expect(bert.locator(".panel")).to_have_count(0)  # the reply met what was asked

    # A disguised executable is refused; what B typed stays.
    reply = section(bert, "Reply or add documents")
    reply.get_by_label("Your message").fill("Ons contract, alleen voor de stichting.")
    reply.get_by_label("Only the foundation (and your own organisation)").check()
    reply.get_by_label("Documents").set_input_files(
        files=[{"name": "contract.pdf", "mimeType": "application/pdf", "buffer": EXE}]
    )
    reply.get_by_role("button", name="Send", exact=True).click()
    expect(bert.locator("#error-summary")).to_contain_text("contract.pdf is not a real .pdf file")
    expect(section(bert, "Reply or add documents").get_by_label("Your message")).to_have_value(
        "Ons contract, alleen voor de stichting."
    )
    assert_accessible(bert, "party view with a refused file")
    reply = section(bert, "Reply or add documents")
    reply.get_by_label("Only the foundation (and your own organisation)").check()
    reply.get_by_label("Documents").set_input_files(
        files=[{"name": "contract.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    reply.get_by_role("button", name="Send", exact=True).click()
    document = section(bert, "Documents").get_by_role("link", name="contract.pdf")
    expect(document).to_be_visible()
    screenshot(bert, "party-view.png")
    href = document.get_attribute("href")

    # A sees the shared answer, not the document.
    anna.goto(f"/mijn/zaken/{reference}")
    expect(anna.locator("#timeline")).to_contain_text("De koppeling voldeed niet aan afspraak 4.2")
    expect(anna.locator("body")).not_to_contain_text("contract.pdf")
    expect(anna.locator("body")).not_to_contain_text("alleen voor de stichting")
    assert anna.request.get(href).status == 404
    assert_accessible(anna, "the claimant's view")
    on_a_phone(anna, "the claimant's view")
    on_a_phone(bert, "the respondent's view")

    # The supervisor sees and downloads it.
    sam.goto(f"/behandelen/{reference}")
    link = section(sam, "Attachments").get_by_role("link", name="contract.pdf")
    expect(link).to_be_visible()
    assert sam.request.get(link.get_attribute("href")).body() == PDF

    # The e-mails: each side about what it may see, with a link and without the content.
    to_anna, to_bert = mails("anna@vodix.example"), mails("bert@leerlab.example")
    assert any(m.key == f"ack:{reference}" for m in to_anna)  # the acknowledgement
    news = [m for m in to_anna if m.key.startswith("parties:")]
    assert len(news) == 1 and f"/mijn/zaken/{reference}" in news[0].body_text
    assert "afspraak 4.2" not in news[0].body_text and "contract" not in news[0].body_text
    # Told of the dispute when it was filed (app/intake/notices.py), then asked for a response.
    assert any(reference in m.subject for m in to_bert if not m.key.startswith("parties:"))
    asked = [m for m in to_bert if m.key.startswith("parties:")]
    assert len(asked) == 1 and "Leg uit" not in asked[0].body_text

    # The foundation admits the dispute and advises; both sides read the outcome in words.
    sam.goto(f"/behandelen/{reference}")
    admit_and_decide(sam, "advice", ADVICE)
    for page, label in ((anna, "the claimant's decided case"), (bert, "the respondent's decided case")):
        page.set_viewport_size({"width": 1280, "height": 900})
        page.goto(f"/mijn/zaken/{reference}")
        outcome = page.locator("#outcome")
        expect(outcome).to_contain_text("Advice")
        expect(outcome).to_contain_text(ADVICE)
        assert_accessible(page, label)
        on_a_phone(page, label)
