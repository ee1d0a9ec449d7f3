"""A lost code is not a lost report: opting in at filing, asking for a link, opening it once."""

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from app import clock
from app.cases.models import Case
from app.extensions import db
from app.intake.access_links import AccessLink
from app.notify.models import OutboxMessage
from tests.api.helpers import breach, file, rate_limited_app
from tests.helpers.clock import NOW
from tests.helpers.pages import csrf_token, nl, text
from tests.intake.helpers import breach_form, receipt, submit_incident

ON_ITS_WAY = (
    "If this matches a report that asked for links, a link is on its way. It works once, for %(minutes)s minutes."
)


pytestmark = pytest.mark.usefixtures("frozen_clock")


def _file(app, org_id, opt_in=True) -> str:
    client = app.test_client()
    submit_incident(client, breach_form(org_id, access_links="y" if opt_in else None))
    return receipt(client)[0]


def ask(client, reference, email):
    return client.post(
        "/volgen/link",
        data={"csrf_token": csrf_token(client, "/volgen"), "reference": reference, "email": email},
        follow_redirects=True,
    )


def _link_mails() -> list[OutboxMessage]:
    return [
        m
        for m in db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id))
        if m.key.startswith("access-link:")
    ]


def _url(message: OutboxMessage) -> str:
    return re.search(r"https?://\S+/volgen/link/\S+", message.body_text).group(0).split("/volgen", 1)[1]


def test_the_forms_offer_the_opt_in_and_the_case_stores_it(app, client, register_with_keurmerk):
    for path in ("/melden/incident", "/melden/klacht"):
        assert 'name="access_links"' in client.get(path).get_data(as_text=True)
    reference = _file(app, register_with_keurmerk.id)
    assert db.session.scalar(select(Case.access_links_opt_in).where(Case.reference == reference)) is True
    other = _file(app, register_with_keurmerk.id, opt_in=False)
    assert db.session.scalar(select(Case.access_links_opt_in).where(Case.reference == other)) is False


def test_a_link_is_mailed_only_when_everything_matches_and_the_answer_is_always_the_same(app, register_with_keurmerk):
    reference = _file(app, register_with_keurmerk.id)
    not_opted = _file(app, register_with_keurmerk.id, opt_in=False)
    visitor = app.test_client()
    answers = [
        text(ask(visitor, *attempt))
        for attempt in (
            ("INC-2026-99999", "anna@example-school.nl"),  # unknown reference
            (not_opted, "anna@example-school.nl"),  # did not opt in
            (reference, "someone@else.example"),  # another address
        )
    ]
    assert _link_mails() == []
    answers.append(text(ask(visitor, reference.lower(), " Anna@Example-School.nl ")))
    [mail] = _link_mails()
    assert mail.recipient == "anna@example-school.nl" and mail.secret
    assert "Cijferlijsten" not in mail.body_text and "Anna" not in mail.body_text  # nothing the filer typed
    expected = nl(ON_ITS_WAY, minutes=30)
    strip = lambda html: re.sub(r'value="[^"]*"', "", html)  # noqa: E731
    assert all(expected in answer for answer in answers)
    assert len({strip(answer) for answer in answers}) == 1
    assert AccessLink.query.one().token_hash not in mail.body_text  # stored hashed


def test_the_outbox_page_never_shows_the_link(app, register_with_keurmerk, make_user):
    from app.auth.models import Role
    from tests.helpers.login import login

    reference = _file(app, register_with_keurmerk.id)
    ask(app.test_client(), reference, "anna@example-school.nl")
    path = _url(_link_mails()[0])
    admin = app.test_client()
    make_user("adam@edu-v.example", Role.ADMIN)
    login(admin, "adam@edu-v.example")
    assert path.split("/")[-1] not in admin.get("/beheer/outbox").get_data(as_text=True)


def test_the_link_opens_the_report_once(app, register_with_keurmerk):
    reference = _file(app, register_with_keurmerk.id)
    ask(app.test_client(), reference, "anna@example-school.nl")
    path = "/volgen" + _url(_link_mails()[0])
    browser = app.test_client()
    assert browser.get(path).status_code == 200  # a mail scanner's fetch spends nothing
    assert browser.get(f"/volgen/{reference}").status_code == 404
    opened = browser.post(path, data={"csrf_token": csrf_token(browser, path)})
    assert opened.status_code == 302 and opened.headers["Location"].endswith(f"/volgen/{reference}")
    assert "Cijferlijsten zichtbaar" in browser.get(f"/volgen/{reference}").get_data(as_text=True)

    again = app.test_client().get(path)
    assert again.status_code == 410
    assert nl("This link has been used already. Ask for a new one, or enter your reference and code.") in text(again)


def test_an_expired_link_says_so(app, register_with_keurmerk):
    reference = _file(app, register_with_keurmerk.id)
    ask(app.test_client(), reference, "anna@example-school.nl")
    path = "/volgen" + _url(_link_mails()[0])
    clock.freeze(NOW + timedelta(minutes=31))
    browser = app.test_client()
    response = browser.get(path)
    assert response.status_code == 410
    assert nl("This link has expired. Ask for a new one, or enter your reference and code.") in text(response)
    assert app.test_client().get("/volgen/link/not-a-real-token").status_code == 404


def test_the_validity_is_configurable(app, register_with_keurmerk):
    app.config["ACCESS_LINK_VALID_MINUTES"] = 5
    reference = _file(app, register_with_keurmerk.id)
    ask(app.test_client(), reference, "anna@example-school.nl")
    link = AccessLink.query.one()
    assert clock.as_utc(link.expires_at) == NOW + timedelta(minutes=5)


def test_asking_for_links_is_rate_limited(app, register_with_keurmerk):
    with rate_limited_app(app, FOLLOW_UP_RATE_LIMIT="2 per minute") as limited:
        asker = limited.test_client()
        with limited.app_context():
            token = csrf_token(asker, "/volgen")
            statuses = [
                asker.post(
                    "/volgen/link", data={"csrf_token": token, "reference": "INC-2026-00001", "email": "a@b.example"}
                ).status_code
                for _ in range(3)
            ]
    assert statuses == [302, 302, 429]


def test_the_api_intake_takes_the_opt_in(client, register_with_keurmerk):
    view = file(
        client,
        breach(
            register_with_keurmerk.id, reporter={"name": "Anna", "email": "anna@school.example", "accessLinks": True}
        ),
    )
    assert db.session.scalar(select(Case.access_links_opt_in).where(Case.reference == view["reference"])) is True
    bad = client.post(
        "/api/v1/incidents",
        json=breach(
            register_with_keurmerk.id, reporter={"name": "Anna", "email": "anna@school.example", "accessLinks": "ja"}
        ),
    )
    assert bad.status_code == 422 and "reporter.accessLinks" in bad.get_json()["errors"]


def test_the_acknowledgement_says_how_to_get_a_link_only_after_opting_in(app, register_with_keurmerk):
    with_links, without = _file(app, register_with_keurmerk.id), _file(app, register_with_keurmerk.id, opt_in=False)
    mails = {m.key: m.body_text for m in db.session.scalars(select(OutboxMessage))}
    ack = {
        ref: next(body for key, body in mails.items() if key.startswith("ack") and ref in body)
        for ref in (with_links, without)
    }
    assert "Vraag op de volgpagina een link aan" in ack[with_links]
    assert "link aan" not in ack[without]
