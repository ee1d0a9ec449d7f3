"""Every link in every e-mail the desk sends opens a page for that recipient: followed with the
recipient's own browser (a guest with the follow-up code, an organisation user or staff member
through the login and its `next`), each link answers 200, never 404."""

import re
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from sqlalchemy import select

from app import clock
from app.auth.models import Role, User
from app.cases.services import handling, hearing
from app.compliance.services import decisions, measures, objections
from app.compliance.services.measures import MeasureInput
from app.extensions import db
from app.intake.services.filing import DisputeReport, file_dispute
from app.notify.models import OutboxMessage
from tests.helpers.clock import NOW
from tests.helpers.login import PASSWORD, totp_code
from tests.helpers.pages import csrf_token
from tests.intake.helpers import breach_form, receipt, submit_incident

from .helpers import complaint_with_code, keurmerk, people, supplier

URL = re.compile(r"https?://\S+")


class Browsers:
    """A fresh browser for every link, as when the mail is opened later: an account holder goes
    through the login (and its second step) and must land on the linked page itself."""

    def __init__(self, app, codes: dict[str, tuple[str, str]]):
        self.app, self.codes = app, codes

    def open(self, recipient: str, url: str) -> int:
        parts = urlsplit(url)
        assert parts.netloc == "localhost", url  # PUBLIC_BASE_URL of the tests
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        user = db.session.scalar(select(User).where(User.email == recipient.lower()))
        client = self.app.test_client()
        if user is not None:
            return self._through_login(client, user, path)
        assert parts.path == "/volgen", f"a guest ({recipient}) got a link to {path}"
        return self._with_code(client, recipient, path, client.get(path))

    def _through_login(self, client, user: User, path: str) -> int:
        clock.freeze(clock.now() + timedelta(seconds=31))  # a fresh TOTP step for each staff login
        first = client.get(path)
        assert first.status_code == 302, (path, first.status_code)
        login_path = first.headers["Location"]
        assert login_path.startswith("/inloggen?next="), login_path
        response = client.post(
            login_path, data={"csrf_token": csrf_token(client, login_path), "email": user.email, "password": PASSWORD}
        )
        if response.headers.get("Location", "").endswith("/inloggen/code"):
            response = client.post(
                "/inloggen/code",
                data={"csrf_token": csrf_token(client, "/inloggen/code"), "code": totp_code(user.email)},
            )
        assert response.status_code == 302 and response.headers["Location"] == path, (path, response.headers)
        return client.get(path).status_code

    def _with_code(self, client, recipient: str, path: str, response) -> int:
        """The follow-up page has the reference filled in; the guest types the code from the receipt."""
        assert response.status_code == 200
        reference = path.partition("reference=")[2]
        assert self.codes[recipient][0] == reference
        posted = client.post(
            "/volgen",
            data={"csrf_token": csrf_token(client, path), "reference": reference, "code": self.codes[recipient][1]},
        )
        assert posted.status_code == 302, posted.get_data(as_text=True)
        return client.get(posted.headers["Location"]).status_code


@pytest.fixture()
def busy_desk(app, client, make_user):
    """Every kind of mail the desk sends, written to the outbox through the real services and forms."""
    clock.freeze(NOW)
    vodix, leerlab = supplier(), supplier("Leerlab", services=("Onderwijsaanbod",))
    db.session.commit()
    desk = people(make_user, vodix)
    desk.update(
        vodix=vodix,
        leerlab=leerlab,
        lotte=make_user("lotte@leerlab.example", Role.PARTICIPANT, organisation=leerlab, name="Lotte"),
    )
    sam, cora, carl, pia = desk["sam"], desk["cora"], desk["carl"], desk["pia"]
    case, code = complaint_with_code(vodix, sam)  # a guest's complaint about Vodix, admissible
    codes = {"anna@school.example": (case.reference, code)}
    # A guest's data leak through the form: acknowledgement with the AP deadline.
    assert (
        submit_incident(client, breach_form(desk["vodix"].id, reporter_email="guest@school.example")).status_code == 302
    )
    codes["guest@school.example"] = receipt(client)
    handling.assign(case, sam, actor=cora)
    hearing.request_response(case, desk["vodix"].id, "Wat is er gebeurd?", 10, actor=sam)
    handling.send_message(case, "We onderzoeken de klacht.", "parties", actor=sam)
    db.session.commit()
    hearing.reply(case, "Het lek is gedicht.", "parties", actor=pia)
    db.session.commit()
    plan = MeasureInput(
        kind="improvement_plan",
        participant_id=desk["vodix"].id,
        keurmerk_id=keurmerk(desk["vodix"]).id,
        reasoning="Toegangscontrole ontbrak.",
        public_reason="Verbeterplan",
        publish=True,
        due_at=NOW + timedelta(days=28),
    )
    suspension = MeasureInput(
        kind="suspension",
        participant_id=desk["vodix"].id,
        keurmerk_id=keurmerk(desk["vodix"], "Onderwijsdeelnemers").id,
        reasoning="Ernstig.",
        public_reason="Schorsing",
        publish=True,
    )
    decision = decisions.decide(case, "upheld", "De klacht is gegrond.", [plan, suspension], actor=cora)
    db.session.commit()
    proposed = next(m for m in decision.measures if m.status == "proposed")
    measures.approve(proposed, actor=carl)
    db.session.commit()
    objection = objections.file_objection(proposed, "De schorsing is onevenredig.", actor=pia)
    db.session.commit()
    handling.triage(objection, True, None, actor=sam)
    decisions.decide(objection, "not_upheld", "Het bezwaar is ongegrond.", actor=sam)
    db.session.commit()
    # A dispute between two participants, filed by Pia against Leerlab (Lotte).
    dispute = file_dispute(
        DisputeReport(
            respondent_id=desk["leerlab"].id,
            title="Koppeling geweigerd",
            description="Leerlab weigert de koppeling.",
            prior_attempt="Overleg in maart.",
            agreement="Afspraak 4",
        ),
        actor=pia,
    ).case
    db.session.commit()
    handling.triage(dispute, False, "Eerst samen overleggen.", actor=sam)
    db.session.commit()
    return codes


def test_every_link_in_every_mail_opens_for_its_recipient(app, busy_desk):
    codes = busy_desk
    messages = list(db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))
    browsers = Browsers(app, codes)
    kinds, opened = set(), 0
    for message in messages:
        kinds.add(message.key.split(":")[0])
        for url in URL.findall(message.body_text):
            status = browsers.open(message.recipient, url.rstrip(".,)"))
            assert status == 200, (message.key, message.recipient, url, status)
            opened += 1
    assert {"ack", "party-notice", "parties", "assigned", "decision", "measure", "rejected"} <= kinds, kinds
    recipients = {m.recipient for m in messages}
    assert {
        "anna@school.example",
        "guest@school.example",
        "pia@vodix.example",
        "lotte@leerlab.example",
        "sam@edu-v.example",
        "carl@edu-v.example",
    } <= recipients, recipients
    assert opened >= len(messages)


def test_a_date_reads_the_same_in_the_mail_and_on_the_page(app, busy_desk):
    """Mails and pages share the `localdt` filter: Europe/Amsterdam, the same format. The complaint
    was received at 11:00 Amsterdam time (10:00 UTC), and both say so in the same words."""
    reference, code = busy_desk["anna@school.example"]
    ack = db.session.scalar(select(OutboxMessage).where(OutboxMessage.key == f"ack:{reference}"))
    received = re.search(r"^Ontvangen: (.+)$", ack.body_text, re.M).group(1).strip()
    assert received == "10 mrt 2026 11:00"
    client = app.test_client()
    posted = client.post(
        "/volgen", data={"csrf_token": csrf_token(client, "/volgen"), "reference": reference, "code": code}
    )
    page = client.get(posted.headers["Location"]).get_data(as_text=True)
    assert re.search(rf"<dt>Ontvangen</dt>\s*<dd>{re.escape(received)}</dd>", page)
