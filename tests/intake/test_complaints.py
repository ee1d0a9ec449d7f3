"""Making a complaint through the web form: receipt, clocks, the participant told, consent, bad input."""

import io
import re

import pytest
from sqlalchemy import select

from app.auth.models import Role
from app.cases.models import Attachment, Case, TimelineEvent
from app.cases.timeline import verify_case
from app.extensions import db
from app.notify.models import OutboxMessage
from app.sla.models import Deadline
from tests.helpers.login import login
from tests.helpers.pages import nl
from tests.intake.helpers import field_error, receipt, submit_form

URL = "/melden/klacht"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


pytestmark = pytest.mark.usefixtures("frozen_clock")


@pytest.fixture()
def vodix(make_org, make_user):
    org = make_org("Vodix", contact_email="info@vodix.example")
    make_user("jan@vodix.example", Role.PARTICIPANT, organisation=org)
    make_user("eva@vodix.example", Role.PARTICIPANT, organisation=org)
    return org


def complaint_form(participant_id, **overrides) -> dict:
    data = {
        "participant_id": str(participant_id),
        "title": "Geen antwoord op verwijderverzoek",
        "description": "Wij vroegen in januari om leerlinggegevens te verwijderen en kregen geen antwoord.",
        "occurred_on": "2026-01-15",
        "raised_with_participant": "yes",
        "desired_outcome": "Dat de gegevens worden verwijderd.",
        "reporter_name": "Anna de Vries",
        "reporter_email": "Anna@Example-School.nl",
        "reporter_phone": "020 123 4567",
        "reporter_organisation": "Basisschool De Linde",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def submit(client, data: dict, files=None):
    return submit_form(client, URL, data, files)


def mails() -> dict[str, OutboxMessage]:
    return {m.recipient: m for m in db.session.scalars(select(OutboxMessage))}


def test_form_shows_the_admissibility_hint_and_labels_every_field(client, vodix):
    html = client.get(URL).get_data(as_text=True)
    assert "Vodix" in html
    assert (
        nl(
            "We take up a complaint when it happened less than a year ago, you first raised it with the "
            "participant, and it has not been handled before. Otherwise we may declare it not admissible, "
            "with our reasons."
        )
        in html
    )
    assert 'name="contact_shared"' in html
    inputs = set(re.findall(r'<(?:input|select|textarea)[^>]*\bid="([^"]+)"', html)) - {"csrf_token"}
    labelled = set(re.findall(r'<label[^>]*for="([^"]+)"', html))
    fieldsets = set(re.findall(r'<fieldset class="field choices[^"]*" id="([^"]+)"', html))
    assert not {i for i in inputs if i not in labelled and not any(i.startswith(f + "-") for f in fieldsets)}


def test_home_and_menu_link_to_the_complaint_form(client):
    html = client.get("/").get_data(as_text=True)
    assert 'href="/melden/klacht"' in html and 'href="/melden/geschil"' in html


def test_complaint_gets_a_reference_code_clocks_and_mails(client, vodix):
    response = submit(client, complaint_form(vodix.id))
    assert response.status_code == 302 and response.headers["Location"].endswith("/melden/ontvangen")
    reference, code = receipt(client)
    assert reference == "KLA-2026-00001" and code

    case = db.session.scalar(select(Case))
    assert case.type == "complaint" and case.participant_id == vodix.id and case.category is None
    assert case.reporter_email == "anna@example-school.nl"
    assert [(p.role, p.organisation_id) for p in case.parties] == [("subject", vodix.id)]
    details = case.complaint
    assert details.occurred_on.isoformat() == "2026-01-15" and details.raised_with_participant is True
    assert details.desired_outcome == "Dat de gegevens worden verwijderd." and details.contact_shared is False

    clocks = {d.kind: d for d in db.session.scalars(select(Deadline))}
    assert set(clocks) == {"acknowledge", "admissibility", "resolution"}
    assert clocks["acknowledge"].state == "met"
    # Weeks are calendar weeks: the admissibility decision four weeks after receipt.
    assert clocks["admissibility"].due_at.date().isoformat() == "2026-04-07"
    assert case.next_due_at == clocks["admissibility"].due_at

    sent = mails()
    assert set(sent) == {"anna@example-school.nl", "jan@vodix.example", "eva@vodix.example"}
    assert sent["anna@example-school.nl"].key == f"ack:{reference}"
    notice = sent["jan@vodix.example"]
    assert reference in notice.subject and f"/mijn/zaken/{reference}" in notice.body_text
    kinds = [e.kind for e in db.session.scalars(select(TimelineEvent).order_by(TimelineEvent.seq))]
    assert kinds == ["received", "acknowledged", "party_informed"]
    assert verify_case(case.id) == []


def test_without_consent_the_participant_never_sees_the_complainant(client, vodix, make_user):
    submit(client, complaint_form(vodix.id))
    reference, _ = receipt(client)
    notice = mails()["jan@vodix.example"].body_text
    for detail in ("Anna", "anna@example-school.nl", "020 123 4567", "De Linde"):
        assert detail not in notice
    received = db.session.scalar(select(TimelineEvent).where(TimelineEvent.kind == "received"))
    assert received.actor_label == "klager" and received.visibility == "parties"

    subject_client = client.application.test_client()
    login(subject_client, "jan@vodix.example")
    for path in (f"/volgen/{reference}", f"/mijn/zaken/{reference}"):  # the link in the notice: the portal
        page = subject_client.get(path)
        assert page.status_code == 200, path
        html = page.get_data(as_text=True)
        assert "Geen antwoord op verwijderverzoek" in html and "Anna" not in html and "anna@" not in html


def test_with_consent_the_notice_names_the_complainant(client, vodix):
    submit(client, complaint_form(vodix.id, contact_shared="y"))
    assert db.session.scalar(select(Case)).complaint.contact_shared is True
    notice = mails()["jan@vodix.example"].body_text
    assert "Anna de Vries" in notice and "anna@example-school.nl" in notice and "020 123 4567" in notice
    received = db.session.scalar(select(TimelineEvent).where(TimelineEvent.kind == "received"))
    assert received.actor_label == "Anna de Vries"


def test_a_participant_without_users_is_told_at_its_contact_address(client, make_org):
    org = make_org("Leerlab", contact_email="meldingen@leerlab.example")
    submit(client, complaint_form(org.id))
    assert set(mails()) == {"anna@example-school.nl", "meldingen@leerlab.example"}


def test_a_participant_no_one_can_be_told_about_is_flagged_for_the_foundation(client, make_org):
    org = make_org("Stilte BV")
    submit(client, complaint_form(org.id))
    assert set(mails()) == {"anna@example-school.nl"}
    flagged = db.session.scalar(select(TimelineEvent).where(TimelineEvent.kind == "party_not_informed"))
    assert flagged is not None and flagged.visibility == "internal"


def test_files_stay_with_the_complainant_and_the_foundation(client, vodix):
    submit(client, complaint_form(vodix.id), files=[(io.BytesIO(PDF), "mail.pdf")])
    attachment = db.session.scalar(select(Attachment))
    assert attachment.filename == "mail.pdf" and attachment.visibility == "reporter"


def test_a_logged_in_complainant_files_for_its_organisation(client, vodix, make_org, make_user):
    board = make_org("Stichting Primo", kind="school_board")
    make_user("piet@primo.example", Role.PARTICIPANT, organisation=board, name="Piet")
    login(client, "piet@primo.example")
    html = client.get(URL).get_data(as_text=True)
    assert 'value="piet@primo.example"' in html and 'value="Stichting Primo"' in html
    submit(client, complaint_form(vodix.id, reporter_email="piet@primo.example"))
    case = db.session.scalar(select(Case))
    assert {(p.role, p.organisation_id) for p in case.parties} == {("reporter", board.id), ("subject", vodix.id)}


@pytest.mark.parametrize(
    "change, field_id, message",
    [
        ({"participant_id": ""}, "participant_id", "Choose the participant your complaint is about."),
        ({"participant_id": "9999"}, "participant_id", "Choose a participant from the register."),
        ({"occurred_on": "2026-03-11"}, "occurred_on", "This date lies in the future."),
        ({"occurred_on": "15 januari"}, "occurred_on", "Enter a date, for example 2026-03-14."),
        (
            {"raised_with_participant": None},
            "raised_with_participant",
            "Say whether you raised it with the participant first.",
        ),
        ({"raised_with_participant": "unknown"}, "raised_with_participant", None),  # WTForms' own words
    ],
)
def test_bad_input_is_explained_at_the_field_and_nothing_is_lost(client, vodix, change, field_id, message):
    data = {**complaint_form(vodix.id), **change}
    response = submit(client, {k: v for k, v in data.items() if v is not None})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    error = field_error(html, field_id)
    assert error and (message is None or error == nl(message))
    assert "Wij vroegen in januari om leerlinggegevens te verwijderen" in html
    assert 'value="Anna de Vries"' in html
    assert db.session.scalar(select(Case)) is None and db.session.scalar(select(OutboxMessage)) is None


def test_a_school_board_is_not_a_participant_to_complain_about(client, make_org):
    board = make_org("Stichting Primo", kind="school_board")
    html = submit(client, complaint_form(board.id)).get_data(as_text=True)
    assert field_error(html, "participant_id") == nl("Choose a participant from the register.")
