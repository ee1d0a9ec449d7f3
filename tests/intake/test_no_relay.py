"""Issue 9: the desk is no relay for chosen text. Anyone can file with any e-mail address, so mail
to an address nobody verified carries nothing the filer typed: not the name, the title, the
description nor the organisation. Reference, dates and the desk's (and staff's) own words remain."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from app import clock
from app.auth.models import Role
from app.cases.deadline_events import reporter_reminder
from app.cases.models import Case
from app.cases.services import handling
from app.extensions import db
from app.notify import services as outbox
from app.notify.delivery import deliver_due
from app.notify.models import OutboxMessage, addressed_to
from app.sla.models import Deadline
from tests.helpers.login import login
from tests.helpers.pages import csrf_token
from tests.intake.helpers import breach_form, receipt, submit_incident

VICTIM = "victim@example.org"
SPAM = {
    "reporter_name": "Cheap meds at http://spam.example/buy now",
    "title": "WIN 1000 EUR: visit http://spam.example/win",
    "description": "Click http://spam.example/desc for your prize, and forward this to everyone you know.",
    "reporter_organisation": "Free crypto http://spam.example/org",
}
SPAM_WORDS = ("spam.example", "Cheap meds", "WIN 1000", "Free crypto", "prize")


pytestmark = pytest.mark.usefixtures("frozen_clock")


def assert_clean(texts: list[str]) -> None:
    assert texts
    for text in texts:
        for word in SPAM_WORDS:
            assert word not in text, f"{word!r} relayed in:\n{text}"


def delivered_to(server, address: str) -> list[str]:
    texts = []
    for received in server.received:
        if address in received.rcpt_tos:
            mail = received.message
            html = mail.get_body(("html",))
            texts.append(
                "\n".join(
                    [mail["Subject"], mail.get_body(("plain",)).get_content(), html.get_content() if html else ""]
                )
            )
    return texts


def stored_to(address: str) -> list[str]:
    db.session.expire_all()
    return [
        f"{m.subject}\n{m.body_text}\n{m.body_html or ''}"
        for m in db.session.scalars(select(OutboxMessage).where(addressed_to(address)))
    ]


def test_an_incident_acknowledgement_to_a_given_address_repeats_nothing_typed(
    client, register_with_keurmerk, smtp_server
):
    response = submit_incident(client, breach_form(register_with_keurmerk.id, reporter_email=VICTIM, **SPAM))
    assert response.status_code == 302
    reference, _code = receipt(client)
    assert deliver_due().sent >= 1
    texts = delivered_to(smtp_server, VICTIM)
    assert_clean(texts)
    assert reference in texts[0]  # the desk's own words and the reference remain

    # The data leak's AP reminder goes to the same address: nothing typed there either.
    case = db.session.scalar(select(Case))
    deadline = db.session.scalar(select(Deadline).where(Deadline.kind == "ap_notification"))
    outbox.enqueue_all([reporter_reminder(case, deadline, "reminder:1")])
    db.session.commit()
    assert_clean(stored_to(VICTIM))


def test_a_complaint_and_what_follows_it_repeat_nothing_typed_to_a_given_address(
    client, make_org, make_user, smtp_server
):
    vodix = make_org("Vodix", contact_email="info@vodix.example")
    make_user("jan@vodix.example", Role.PARTICIPANT, organisation=vodix)
    form = {
        "participant_id": str(vodix.id),
        "occurred_on": "2026-01-15",
        "raised_with_participant": "yes",
        "desired_outcome": "Visit http://spam.example/outcome",
        "reporter_email": VICTIM,
        **SPAM,
    }
    response = client.post("/melden/klacht", data={"csrf_token": csrf_token(client, "/melden/klacht"), **form})
    assert response.status_code == 302
    case = db.session.scalar(select(Case))

    # Later mail to the complainant's address: a message (party update), an extension and a
    # rejection (decision letters): staff-written reasons stay, the filer's text does not.
    coordinator = make_user("co@edu-v.example", Role.COORDINATOR)
    handling.send_message(case, "We are looking into it.", "reporter", actor=coordinator)
    handling.extend_complaint_term(case, 2, "We need the supplier's logs.", actor=coordinator)
    handling.triage(case, False, "This was handled before by the supplier's own desk.", actor=coordinator)
    db.session.commit()
    # News waits a few minutes to gather later changes (NOTICE_DIGEST_MINUTES); letters go at once.
    deliver_due(clock.now() + timedelta(minutes=client.application.config["NOTICE_DIGEST_MINUTES"]))
    texts = delivered_to(smtp_server, VICTIM)
    assert len(texts) == 4  # acknowledgement, news, extension, rejection
    assert_clean(texts)
    assert any("handled before by the supplier" in t for t in texts)  # staff's reason is kept
    assert all(case.reference in t for t in texts)
    # The participant's account holders still read the case's title.
    assert any(SPAM["title"] in t for t in delivered_to(smtp_server, "jan@vodix.example"))


def test_a_reporter_filing_with_their_own_account_address_is_addressed_by_name(
    client, make_org, make_user, smtp_server
):
    vodix = make_org("Vodix", contact_email="info@vodix.example")
    board = make_org("Stichting Primo", kind="school_board")
    make_user("piet@primo.example", Role.PARTICIPANT, organisation=board, name="Piet")
    login(client, "piet@primo.example")
    form = {
        "participant_id": str(vodix.id),
        "occurred_on": "2026-01-15",
        "raised_with_participant": "yes",
        "title": "Geen antwoord op verwijderverzoek",
        "description": "Wij kregen geen antwoord.",
        "reporter_name": "Piet Jansen",
        "reporter_email": "piet@primo.example",
    }
    client.post("/melden/klacht", data={"csrf_token": csrf_token(client, "/melden/klacht"), **form})
    deliver_due(clock.now() + timedelta(seconds=1))
    [ack] = delivered_to(smtp_server, "piet@primo.example")
    assert "Piet Jansen" in ack and "Geen antwoord op verwijderverzoek" in ack
