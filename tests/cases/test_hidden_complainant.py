"""A complainant who did not share their details stays unnamed to the participant on every path.

Every action a complainant (as a guest with the code, and as a school's account user) and a case
handler can take is driven through the pages and the API; then everything the participant can
read (its pages, its API answers, the e-mails addressed to it) is searched for the complainant's
name, e-mail address and organisation.
"""

import io

import pytest
from sqlalchemy import or_, select

from app.auth.models import Role
from app.extensions import db
from app.notify.models import OutboxMessage, addressed_to
from tests.api.helpers import complaint, token_for
from tests.helpers.login import login
from tests.helpers.pages import csrf_token

NAME, EMAIL, SCHOOL = "Geheime Klager Jansen", "jansen@geheim-klager.example", "OBS Geheimschool"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


pytestmark = pytest.mark.usefixtures("frozen_clock")


@pytest.fixture()
def people(make_org, make_user):
    vodix = make_org("Vodix", contact_email="info@vodix.example")
    school = make_org(SCHOOL, kind="school_board")
    return {
        "vodix": vodix,
        "jan": make_user("jan@vodix.example", Role.PARTICIPANT, organisation=vodix),
        "sam": make_user("sam@edu-v.example", Role.SUPERVISOR),
        "klager": make_user(EMAIL, Role.PARTICIPANT, organisation=school, name=NAME),
    }


def complaint_body(participant_id) -> dict:
    return complaint(
        participant_id,
        reporter={"name": NAME, "email": EMAIL, "phone": "06 1234 5678", "organisation": SCHOOL},
        contactShared=False,
    )


def handle(client, sam_headers, reference: str, to: str, **extra):
    response = client.post(f"/api/v1/cases/{reference}/transition", json={"to": to, **extra}, headers=sam_headers)
    assert response.status_code == 200, response.get_json()


def message(client, headers, reference: str, body: str, visibility: str):
    response = client.post(
        f"/api/v1/cases/{reference}/messages", json={"body": body, "visibility": visibility}, headers=headers
    )
    assert response.status_code == 201, response.get_json()


def handler_actions_up_to_waiting(client, sam, reference):
    handle(client, sam, reference, "triage")
    handle(client, sam, reference, "in_progress")
    message(client, sam, reference, "Wij vragen de leverancier om een reactie.", "parties")
    message(client, sam, reference, "Interne notitie over de klager.", "internal")
    handle(client, sam, reference, "waiting", reason="Stuur de e-mailwisseling.", waitingOn="reporter")


def decide(client, sam, reference):
    response = client.post(
        f"/api/v1/cases/{reference}/decision",
        headers=sam,
        # The supplier was asked by message, not by a request with a term: confirmed.
        json={"outcome": "upheld", "reasoning": "De klacht is gegrond.", "measures": [], "confirmMissingHearing": True},
    )
    assert response.status_code == 200, response.get_json()


def what_the_participant_reads(client, people, reference: str) -> str:
    """Every page, API answer and e-mail the participant's users can read about the case."""
    jan = app_client = client.application.test_client()
    login(app_client, "jan@vodix.example")
    token = token_for(people["jan"])
    texts = [
        jan.get(f"/mijn/zaken/{reference}").get_data(as_text=True),
        jan.get("/mijn/zaken").get_data(as_text=True),
        client.get(f"/api/v1/cases/{reference}", headers=token).get_data(as_text=True),
        client.get("/api/v1/cases", headers=token).get_data(as_text=True),
    ]
    addresses = {"jan@vodix.example", "info@vodix.example"}
    mails = db.session.scalars(select(OutboxMessage).where(or_(*(addressed_to(a) for a in addresses)))).all()
    assert mails, "the participant was never written to: the test would prove nothing"
    texts += [f"{m.subject}\n{m.body_text}\n{m.body_html or ''}" for m in mails]
    return "\n".join(texts)


def assert_unnamed(text: str) -> None:
    for secret in (NAME, "Jansen", EMAIL, "geheim-klager", SCHOOL, "06 1234 5678"):
        assert secret.lower() not in text.lower(), f"{secret!r} reached the participant"


def test_a_guest_complainant_stays_unnamed_through_every_action(client, people):
    sam = token_for(people["sam"])
    filed = client.post("/api/v1/complaints", json=complaint_body(people["vodix"].id))
    assert filed.status_code == 201
    reference, code = filed.get_json()["reference"], filed.get_json()["followUpCode"]

    handler_actions_up_to_waiting(client, sam, reference)
    # The complainant answers through the API: the case resumes, and that status event is theirs.
    added = client.post(
        "/api/v1/follow-up/messages", json={"reference": reference, "code": code, "body": "Hierbij de e-mails."}
    )
    assert added.status_code == 201
    handle(client, sam, reference, "waiting", reason="Nog een bijlage graag.", waitingOn="reporter")
    # ... and through the web follow-up, with a file.
    guest = client.application.test_client()
    guest.post("/volgen", data={"csrf_token": csrf_token(guest, "/volgen"), "reference": reference, "code": code})
    response = guest.post(
        f"/volgen/{reference}/aanvullen",
        content_type="multipart/form-data",
        data={
            "csrf_token": csrf_token(guest, f"/volgen/{reference}"),
            "body": "En de bijlage.",
            "attachments": [(io.BytesIO(PDF), "mails.pdf")],
        },
    )
    assert response.status_code == 302
    message(client, token_for(people["jan"]), reference, "Wij reageren graag.", "parties")
    decide(client, sam, reference)

    text = what_the_participant_reads(client, people, reference)
    assert_unnamed(text)
    assert "klager" in text  # the neutral word stands where the name would
    # The foundation still sees who complained.
    staff = client.application.test_client()
    login(staff, "sam@edu-v.example")
    assert NAME in staff.get(f"/behandelen/{reference}").get_data(as_text=True)


def test_a_complainant_with_an_account_stays_unnamed_through_every_action(client, people):
    sam, own = token_for(people["sam"]), token_for(people["klager"])
    filed = client.post("/api/v1/complaints", json=complaint_body(people["vodix"].id), headers=own)
    assert filed.status_code == 201
    reference = filed.get_json()["reference"]

    handler_actions_up_to_waiting(client, sam, reference)
    # Replying on the case page resumes it; shared with all parties, still unnamed.
    school_user = client.application.test_client()
    login(school_user, EMAIL)
    page = f"/mijn/zaken/{reference}"
    response = school_user.post(
        f"{page}/reageren",
        content_type="multipart/form-data",
        data={
            "csrf_token": csrf_token(school_user, page),
            "body": "Zie de bijlage.",
            "visibility": "parties",
            "attachments": [(io.BytesIO(PDF), "mails.pdf")],
        },
    )
    assert response.status_code == 302
    upload = client.post(
        f"/api/v1/cases/{reference}/attachments",
        headers=own,
        content_type="multipart/form-data",
        data={"file": (io.BytesIO(PDF), "nog-een.pdf"), "visibility": "parties"},
    )
    assert upload.status_code == 201
    decide(client, sam, reference)

    text = what_the_participant_reads(client, people, reference)
    assert_unnamed(text)
    assert "nog-een.pdf" in text  # the shared file is there, without its uploader's name


def test_with_consent_the_participant_reads_who_complained(client, people):
    body = complaint_body(people["vodix"].id) | {"contactShared": True}
    reference = client.post("/api/v1/complaints", json=body).get_json()["reference"]
    jan = client.application.test_client()
    login(jan, "jan@vodix.example")
    assert NAME in jan.get(f"/mijn/zaken/{reference}").get_data(as_text=True)
