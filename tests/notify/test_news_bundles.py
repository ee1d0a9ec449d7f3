"""No flood: changes to one case within a few minutes reach each recipient as one e-mail.

A reporter once got five mails in a minute. News now waits NOTICE_DIGEST_MINUTES, gathering every
later change to the case into the same mail; formal letters are never held.
"""

from datetime import timedelta

import pytest
from sqlalchemy import select

from app import clock
from app.cases.services import handling
from app.extensions import db
from app.notify.delivery import deliver_due
from app.notify.models import OutboxMessage
from tests.cases.helpers import handling_world, incident

MESSAGES = ["Eerste vraag.", "Tweede vraag.", "Derde vraag.", "Vierde vraag.", "Vijfde vraag."]


@pytest.fixture()
def world(app, make_org, make_user):
    return handling_world(make_org, make_user)


def news_received_by(smtp_server, address: str) -> list[str]:
    return [
        r.message.get_body(("plain",)).get_content()
        for r in smtp_server.received
        if address in r.rcpt_tos and r.message["Subject"].startswith("Nieuws over")
    ]


def test_five_changes_in_a_minute_reach_the_reporter_as_one_mail(world, smtp_server):
    case = incident(world["vodix"])
    for n, body in enumerate(MESSAGES):
        clock.freeze(clock.now() + timedelta(seconds=12 if n else 0))
        handling.send_message(case, body, "reporter", actor=world["sam"])
        db.session.commit()

    deliver_due()  # still inside the window: nothing goes yet
    assert news_received_by(smtp_server, "rita@school.example") == []
    clock.freeze(clock.now() + timedelta(minutes=5))
    deliver_due()
    deliver_due()
    [mail] = news_received_by(smtp_server, "rita@school.example")
    assert mail.count("\n- ") == 5, mail  # one line per change
    assert all(body not in mail for body in MESSAGES)  # news names what happened, never the content

    # A change after the mail went out starts a new one.
    handling.send_message(case, "Zesde vraag.", "reporter", actor=world["sam"])
    db.session.commit()
    clock.freeze(clock.now() + timedelta(minutes=5))
    deliver_due()
    assert len(news_received_by(smtp_server, "rita@school.example")) == 2


def test_each_recipient_gets_a_bundle_of_its_own(world):
    case = incident(world["vodix"])
    handling.send_message(case, "Aan de melder.", "reporter", actor=world["sam"])
    handling.send_message(case, "Aan alle partijen.", "parties", actor=world["sam"])
    db.session.commit()
    news = {m.recipient: m for m in db.session.scalars(select(OutboxMessage).where(OutboxMessage.bundle.is_not(None)))}
    assert set(news) == {"rita@school.example", "security@vodix.example"}
    assert len(news["rita@school.example"].bundle_items) == 2
    assert len(news["security@vodix.example"].bundle_items) == 1
    assert all(clock.as_utc(m.next_attempt_at) == clock.now() + timedelta(minutes=5) for m in news.values())


def test_the_window_is_configurable(app, world):
    app.config["NOTICE_DIGEST_MINUTES"] = 1
    case = incident(world["vodix"])
    handling.send_message(case, "Vraag.", "reporter", actor=world["sam"])
    db.session.commit()
    [news] = db.session.scalars(select(OutboxMessage).where(OutboxMessage.bundle.is_not(None))).all()
    assert clock.as_utc(news.next_attempt_at) == clock.now() + timedelta(minutes=1)


def test_formal_letters_are_never_held(world):
    case = incident(world["vodix"])
    handling.transition(case, "triage", actor=world["sam"])
    handling.transition(case, "rejected", "Geen incident in de zin van het afsprakenstelsel.", actor=world["sam"])
    db.session.commit()
    letters = db.session.scalars(select(OutboxMessage).where(OutboxMessage.key.like("rejected:%"))).all()
    assert letters and all(clock.as_utc(m.next_attempt_at) <= clock.now() for m in letters)
