"""Starting a dispute through the web form: who may, the respondent told with a deadline, bad input."""

import io
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from app.auth.models import Role
from app.cases.models import Attachment, Case, TimelineEvent
from app.extensions import db
from app.notify.models import OutboxMessage
from app.sla.models import Deadline
from tests.helpers.login import login
from tests.helpers.pages import nl
from tests.intake.helpers import field_error, submit_form

URL = "/melden/geschil"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


pytestmark = pytest.mark.usefixtures("frozen_clock")  # Tuesday 10 March 2026, 11:00 in Amsterdam


@pytest.fixture()
def orgs(make_org, make_user):
    vodix = make_org("Vodix")
    leerlab = make_org("Leerlab")
    make_user("jan@vodix.example", Role.PARTICIPANT, organisation=vodix, name="Jan")
    make_user("eva@leerlab.example", Role.PARTICIPANT, organisation=leerlab)
    make_user("ali@leerlab.example", Role.PARTICIPANT, organisation=leerlab)
    return vodix, leerlab


def dispute_form(respondent_id) -> dict:
    return {
        "respondent_id": str(respondent_id),
        "title": "Leerlab levert geen Leermiddelgebruik",
        "description": "Sinds februari weigert Leerlab de gegevensdienst Leermiddelgebruik te leveren.",
        "agreement": "Afspraak Leermiddelgebruik, levering binnen 5 werkdagen",
        "prior_attempt": "Overleg op 12 en 26 februari; Leerlab wil eerst een nieuw contract.",
        "desired_outcome": "Bemiddeling en levering volgens de afspraak.",
    }


def submit(client, data: dict, files=None):
    return submit_form(client, URL, data, files)


def test_filing_needs_an_account(client):
    response = client.get(URL)
    assert response.status_code == 302 and "/inloggen" in response.headers["Location"]


@pytest.mark.parametrize("role, kind", [(Role.PARTICIPANT, "school_board"), (Role.SUPERVISOR, None)])
def test_only_users_of_a_participating_supplier_may_file(client, make_org, make_user, role, kind):
    organisation = make_org("Stichting Primo", kind=kind) if kind else None
    make_user("someone@example.org", role, organisation=organisation)
    login(client, "someone@example.org")
    response = client.get(URL)
    assert response.status_code == 403
    assert nl(
        "Disputes are between participants of the afsprakenstelsel: only users of a participating "
        "supplier can start one, on behalf of their organisation."
    ) in response.get_data(as_text=True)
    assert client.post(URL, data={}).status_code in (400, 403)
    assert db.session.scalar(select(Case)) is None


def test_the_form_leaves_out_the_own_organisation(client, orgs):
    login(client, "jan@vodix.example")
    html = client.get(URL).get_data(as_text=True)
    assert ">Leerlab</option>" in html and ">Vodix</option>" not in html


def test_a_dispute_gets_a_reference_parties_clocks_and_mails(client, orgs):
    vodix, leerlab = orgs
    login(client, "jan@vodix.example")
    response = submit(client, dispute_form(leerlab.id))
    assert response.status_code == 302 and response.headers["Location"].endswith("/melden/ontvangen")
    html = client.get("/melden/ontvangen").get_data(as_text=True)
    assert "GES-2026-00001" in html and 'id="follow-up-code"' not in html
    assert (
        nl("You follow this case while logged in with your organisation's account; no secret code is needed.") in html
    )

    case = db.session.scalar(select(Case))
    assert case.reference == "GES-2026-00001" and case.type == "dispute" and case.participant_id == leerlab.id
    assert [(p.role, p.organisation_id) for p in case.parties] == [("claimant", vodix.id), ("respondent", leerlab.id)]
    assert case.reporter_email == "jan@vodix.example" and case.reporter_organisation == "Vodix"
    assert case.dispute.prior_attempt.startswith("Overleg op 12") and case.dispute.agreement.startswith("Afspraak")
    assert case.dispute.claimant_user_id == case.reporter_user_id and case.dispute.claimant == vodix

    clocks = {d.kind: d for d in db.session.scalars(select(Deadline))}
    assert set(clocks) == {"acknowledge", "admissibility", "response", "resolution"}
    assert clocks["acknowledge"].state == "met"
    # Business days from Tuesday 11:00: five for admissibility, ten for the respondent.
    assert clocks["admissibility"].due_at == datetime(2026, 3, 17, 10, 0, tzinfo=UTC)
    assert clocks["response"].due_at == datetime(2026, 3, 24, 10, 0, tzinfo=UTC)
    assert case.next_due_at == clocks["admissibility"].due_at

    mails = {m.recipient: m for m in db.session.scalars(select(OutboxMessage))}
    assert set(mails) == {"jan@vodix.example", "eva@leerlab.example", "ali@leerlab.example"}
    assert mails["jan@vodix.example"].key == "ack:GES-2026-00001"
    notice = mails["eva@leerlab.example"]
    assert "GES-2026-00001" in notice.subject and "Vodix" in notice.subject
    assert "24 mrt 2026 11:00" in notice.body_text and "/mijn/zaken/GES-2026-00001" in notice.body_text
    kinds = [e.kind for e in db.session.scalars(select(TimelineEvent).order_by(TimelineEvent.seq))]
    assert kinds == ["received", "acknowledged", "party_informed"]


def test_both_sides_follow_the_dispute_through_their_account(client, orgs):
    _, leerlab = orgs
    login(client, "jan@vodix.example")
    submit(client, dispute_form(leerlab.id))
    assert client.get("/volgen/GES-2026-00001").status_code == 200
    respondent = client.application.test_client()
    login(respondent, "eva@leerlab.example")
    for path in ("/volgen/GES-2026-00001", "/mijn/zaken/GES-2026-00001"):
        page = respondent.get(path)
        assert page.status_code == 200 and "Leerlab levert geen Leermiddelgebruik" in page.get_data(as_text=True)


@pytest.mark.parametrize("confidential, visibility", [(None, "parties"), ("y", "party:{claimant}")])
def test_files_are_shared_unless_marked_for_the_foundation(client, orgs, confidential, visibility):
    vodix, leerlab = orgs
    login(client, "jan@vodix.example")
    data = {**dispute_form(leerlab.id), **({"files_confidential": confidential} if confidential else {})}
    submit(client, data, files=[(io.BytesIO(PDF), "offerte.pdf")])
    assert db.session.scalar(select(Attachment)).visibility == visibility.format(claimant=vodix.id)


@pytest.mark.parametrize(
    "change, field_id, message",
    [
        ({"respondent_id": "own"}, "respondent_id", "You cannot start a dispute against your own organisation."),
        ({"respondent_id": "9999"}, "respondent_id", "Choose a participant from the register."),
        ({"respondent_id": ""}, "respondent_id", "Choose the participant you have the dispute with."),
        (
            {"prior_attempt": "  "},
            "prior_attempt",
            "Describe how you tried to resolve it together first: the foundation takes up a dispute only after that.",
        ),
    ],
)
def test_bad_input_is_explained_at_the_field_and_nothing_is_lost(client, orgs, change, field_id, message):
    vodix, leerlab = orgs
    login(client, "jan@vodix.example")
    data = {**dispute_form(leerlab.id), **change}
    if data["respondent_id"] == "own":
        data["respondent_id"] = str(vodix.id)
    response = submit(client, data)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert field_error(html, field_id) == nl(message)
    assert "Sinds februari weigert Leerlab de gegevensdienst" in html
    assert 'value="Afspraak Leermiddelgebruik, levering binnen 5 werkdagen"' in html
    assert db.session.scalar(select(Case)) is None and db.session.scalar(select(OutboxMessage)) is None
