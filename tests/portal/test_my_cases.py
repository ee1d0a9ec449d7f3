"""My cases: the list with its filters, the party view, replies with a visibility, files, claiming a report."""

import io
import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from app import clock
from app.auth.models import Role
from app.cases import timeline
from app.cases.models import Attachment, Case, TimelineEvent
from app.cases.services import handling
from app.extensions import db
from app.intake.services import filing
from app.intake.services.filing import IncidentReport, Reporter
from tests.helpers.files import EXE, PDF
from tests.helpers.login import PASSWORD, login_en
from tests.helpers.pages import csrf_of, english
from tests.portal.helpers import mails_to


def incident(reporter_email="rita@school.example", participant=None, actor=None, title="Storing roosters"):
    filed = filing.file_incident(
        IncidentReport(
            reporter=Reporter(name="Rita", email=reporter_email),
            participant_id=participant.id if participant else None,
            category="outage",
            title=title,
            description="Geen roosters sinds vanochtend.",
            discovered_at=clock.now() - timedelta(hours=1),
        ),
        actor=actor,
    )
    case, code = filed.case, filed.code
    db.session.commit()
    return case, code


def reply(client, reference: str, files=None, **fields):
    page = client.get(f"/mijn/zaken/{reference}").get_data(as_text=True)
    data = {"csrf_token": csrf_of(page), **fields}
    if files:
        data["attachments"] = files
    return client.post(f"/mijn/zaken/{reference}/reageren", data=data, content_type="multipart/form-data")


def test_the_list_holds_every_case_the_organisation_is_party_to_with_filters(client, world, dispute):
    subject_case, _ = incident(participant=world["leerlab"], title="Leerlab ligt eruit")
    incident(participant=None, title="Niet van Leerlab")
    login_en(client, world["respondent"].email)
    html = client.get("/mijn/zaken").get_data(as_text=True)
    assert dispute.reference in html and subject_case.reference in html and "Niet van Leerlab" not in html
    assert "Respondent" in html and "Participant involved" in html
    only = client.get("/mijn/zaken?role=respondent").get_data(as_text=True)
    assert dispute.reference in only and subject_case.reference not in only
    typed = client.get("/mijn/zaken?type=incident").get_data(as_text=True)
    assert dispute.reference not in typed and subject_case.reference in typed
    assert "No cases match" in client.get("/mijn/zaken?status=closed").get_data(as_text=True)
    # A tampered filter value is ignored, not a crash.
    assert client.get("/mijn/zaken?role=king&status=lost&type=x").status_code == 200


def test_the_list_pages_with_a_cursor(client, world, monkeypatch):
    from app.portal.controllers import my_cases

    monkeypatch.setattr(my_cases, "PAGE_SIZE", 2)
    for n in range(5):
        incident(participant=world["vodix"], title=f"Storing {n}")
    login_en(client, world["claimant"].email)
    seen, url = [], "/mijn/zaken"
    while url:
        html = client.get(url).get_data(as_text=True)
        seen += sorted(set(re.findall(r"INC-\d{4}-\d{5}", html)))
        match = re.search(r'href="([^"]+)" rel="next"', html)
        url = match.group(1).replace("&amp;", "&") if match else None
    assert len(seen) == 5 == len(set(seen))
    bad = client.get("/mijn/zaken?cursor=nonsense")
    assert bad.status_code == 400 and "This page link is not valid." in bad.get_data(as_text=True)


def test_the_party_view_shows_status_deadlines_timeline_and_what_is_asked(client, world, dispute):
    timeline.append(dispute, "note", "Intern: Vodix lijkt sterk", visibility="internal")
    db.session.commit()
    login_en(client, world["respondent"].email)
    html = client.get(f"/mijn/zaken/{dispute.reference}").get_data(as_text=True)
    assert dispute.title in html and "Received" in html and "Respondent" in html
    assert "Asked of you" in html and "Respond by" in html  # the dispute's response term
    assert "Intern: Vodix" not in html
    assert "Sinds maart weigert Leerlab" in html
    # The claimant sees the response term among the deadlines, but nothing is asked of it.
    login_en(client, world["claimant"].email)
    claimant_view = client.get(f"/mijn/zaken/{dispute.reference}").get_data(as_text=True)
    assert "Asked of you" not in claimant_view and "Response" in claimant_view


def test_a_shared_reply_reaches_the_other_party_and_meets_the_response_term(client, world, dispute):
    login_en(client, world["respondent"].email)
    before = len(mails_to(world["claimant"].email))
    response = reply(client, dispute.reference, body="Wij betwisten dit.", visibility="parties")
    assert response.status_code == 302
    event = db.session.scalar(select(TimelineEvent).where(TimelineEvent.kind == "message"))
    assert event.visibility == "parties" and event.actor_id == world["respondent"].id
    mails = mails_to(world["claimant"].email)
    assert len(mails) == before + 1 and "Wij betwisten" not in mails[-1].body_text
    assert f"/mijn/zaken/{dispute.reference}" in mails[-1].body_text
    assert "Asked of you" not in client.get(f"/mijn/zaken/{dispute.reference}").get_data(as_text=True)


def test_a_document_for_the_foundation_only_stays_hidden_from_the_other_party(client, app, world, dispute):
    login_en(client, world["respondent"].email)
    own = f"party:{world['leerlab'].id}"
    before = len(mails_to(world["claimant"].email))
    response = reply(
        client,
        dispute.reference,
        body="Onze contracten, vertrouwelijk.",
        visibility=own,
        files=[(io.BytesIO(PDF), "contract.pdf")],
    )
    assert response.status_code == 302
    file = db.session.scalar(select(Attachment))
    assert file.visibility == own
    assert client.get(f"/mijn/zaken/{dispute.reference}/bijlagen/{file.id}").data == PDF
    assert len(mails_to(world["claimant"].email)) == before
    other = app.test_client()
    login_en(other, world["claimant"].email)
    html = other.get(f"/mijn/zaken/{dispute.reference}").get_data(as_text=True)
    assert "contract.pdf" not in html and "vertrouwelijk" not in html
    assert other.get(f"/mijn/zaken/{dispute.reference}/bijlagen/{file.id}").status_code == 404


@pytest.mark.parametrize(
    "upload, message",
    [
        ((EXE, "offerte.pdf"), "offerte.pdf is not a real .pdf file, whatever its name says."),
        ((b"x" * 2048, "notes.txt"), "notes.txt is larger than 0.0 MB."),
        ((b"#!/bin/sh\nrm -rf /\n", "run.sh"), "run.sh has a type we do not accept."),
    ],
)
def test_a_refused_file_gets_a_clear_message_and_the_text_is_kept(client, app, world, dispute, upload, message):
    app.config["MAX_UPLOAD_BYTES"] = 1024
    login_en(client, world["respondent"].email)
    data, name = upload
    response = reply(
        client,
        dispute.reference,
        body="Zie bijlage, met veel uitleg.",
        visibility="parties",
        files=[(io.BytesIO(data), name)],
    )
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert message in html and "Zie bijlage, met veel uitleg." in html
    assert db.session.scalar(select(Attachment)) is None
    assert db.session.scalar(select(TimelineEvent).where(TimelineEvent.kind == "message")) is None


def test_a_reply_needs_a_visibility_the_party_may_give(client, world, dispute):
    login_en(client, world["respondent"].email)
    none = reply(client, dispute.reference, body="Tekst blijft staan")
    assert none.status_code == 422 and "Choose who may see this." in none.get_data(as_text=True)
    assert "Tekst blijft staan" in none.get_data(as_text=True)
    for forged in ("internal", f"party:{world['vodix'].id}", "reporter"):
        assert reply(client, dispute.reference, body="x", visibility=forged).status_code == 422
    assert db.session.scalar(select(TimelineEvent).where(TimelineEvent.kind == "message")) is None


def test_a_closed_case_takes_no_more_replies(client, world, dispute):
    dispute.status = "closed"
    db.session.commit()
    login_en(client, world["respondent"].email)
    html = client.get(f"/mijn/zaken/{dispute.reference}").get_data(as_text=True)
    assert "This case is closed" in html and "reageren" not in html
    token = csrf_of(html)
    refused = client.post(
        f"/mijn/zaken/{dispute.reference}/reageren",
        data={"csrf_token": token, "body": "Nog iets", "visibility": "parties"},
    )
    assert refused.status_code == 409 and "Nog iets" not in [e.text for e in db.session.scalars(select(TimelineEvent))]


def test_a_reply_from_the_party_waited_on_resumes_the_case(client, world, dispute):
    handling.transition(dispute, "triage", actor=world["supervisor"])
    handling.transition(dispute, "in_progress", "Ontvankelijk", actor=world["supervisor"])
    handling.transition(
        dispute, "waiting", "Wacht op Leerlab", actor=world["supervisor"], waiting_on=f"party:{world['leerlab'].id}"
    )
    db.session.commit()
    login_en(client, world["respondent"].email)
    assert reply(client, dispute.reference, body="Hier is ons antwoord", visibility="parties").status_code == 302
    assert db.session.get(Case, dispute.id).status == "in_progress"


def test_an_organisation_claims_a_report_it_filed_as_a_guest(client, world):
    case, code = incident(participant=None)
    login_en(client, world["claimant"].email)
    page = client.get("/mijn/zaken/claimen").get_data(as_text=True)
    wrong = client.post(
        "/mijn/zaken/claimen",
        data={"csrf_token": csrf_of(page), "reference": case.reference, "code": "AAAAA-BBBBB-CCCCC-DDDDD"},
    )
    assert wrong.status_code == 422 and "is not known to us" in wrong.get_data(as_text=True)
    assert client.get(f"/mijn/zaken/{case.reference}").status_code == 404
    done = client.post(
        "/mijn/zaken/claimen", data={"csrf_token": csrf_of(page), "reference": case.reference, "code": code}
    )
    assert done.status_code == 302 and done.headers["Location"].endswith(f"/mijn/zaken/{case.reference}")
    assert case.reference in client.get("/mijn/zaken?role=reporter").get_data(as_text=True)
    claimed = db.session.scalar(select(TimelineEvent).where(TimelineEvent.kind == "claimed"))
    assert claimed.visibility == "reporter" and claimed.text == "Vodix"
    again = client.post(
        "/mijn/zaken/claimen", data={"csrf_token": csrf_of(page), "reference": case.reference, "code": code}
    )
    assert "already among your organisation" in again.get_data(as_text=True)


def test_a_report_claimed_by_one_organisation_cannot_be_claimed_by_another(client, app, world):
    case, code = incident(participant=None)
    login_en(client, world["claimant"].email)
    token = csrf_of(client.get("/mijn/zaken/claimen").get_data(as_text=True))
    client.post("/mijn/zaken/claimen", data={"csrf_token": token, "reference": case.reference, "code": code})
    other = app.test_client()
    login_en(other, world["respondent"].email)
    token = csrf_of(other.get("/mijn/zaken/claimen").get_data(as_text=True))
    refused = other.post("/mijn/zaken/claimen", data={"csrf_token": token, "reference": case.reference, "code": code})
    assert "already belongs to another organisation" in refused.get_data(as_text=True)
    assert other.get(f"/mijn/zaken/{case.reference}").status_code == 404


def test_staff_are_sent_to_their_own_pages(client, world, dispute):
    login_en(client, world["supervisor"].email)
    assert client.get("/mijn/zaken").headers["Location"].endswith("/behandelen")
    assert (
        client.get(f"/mijn/zaken/{dispute.reference}").headers["Location"].endswith(f"/behandelen/{dispute.reference}")
    )


def test_anonymous_visitors_are_sent_to_login(client, dispute):
    english(client)
    for path in ("/mijn/zaken", f"/mijn/zaken/{dispute.reference}", "/mijn/zaken/claimen", "/organisatie"):
        response = client.get(path)
        assert response.status_code == 302 and "/inloggen" in response.headers["Location"]


def test_participants_land_on_their_cases_after_login(client, world):
    english(client)
    token = csrf_of(client.get("/inloggen").get_data(as_text=True))
    response = client.post(
        "/inloggen", data={"csrf_token": token, "email": world["claimant"].email, "password": PASSWORD}
    )
    assert response.headers["Location"].endswith("/mijn/zaken")


def test_a_reporting_organisation_sees_its_own_report_with_its_contact_details(client, make_org, make_user):
    school = make_org("Het Baken", kind="school_board")
    case, _ = incident(actor=make_user("juf@baken.example", Role.PARTICIPANT, organisation=school))
    login_en(client, "juf@baken.example")
    html = client.get(f"/mijn/zaken/{case.reference}").get_data(as_text=True)
    assert "Reporter" in html and "rita@school.example" in html  # the reporter sees its own contact details
