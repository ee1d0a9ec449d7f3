"""The staff case page and attachment downloads: every detail for the foundation, nothing for others."""

import hashlib

import pytest

from app import clock
from app.auth.models import Role
from app.cases import timeline
from app.cases.models import CaseParty, IncidentDetails
from app.cases.services import case_records
from app.cases.uploads import CheckedFile
from app.extensions import db
from tests.helpers.clock import NOW
from tests.helpers.login import login
from tests.helpers.statements import counted_statements

from .helpers import add_deadline, hours, new_case

PDF = b"%PDF-1.4\n% test file\n"


@pytest.fixture()
def breach(app, make_org):
    """A data-leak incident with its details, parties, events, a deadline and one file."""
    clock.freeze(NOW)
    vodix, school = make_org("Vodix"), make_org("Het Baken", kind="school_board")
    case = new_case(
        7,
        due=hours(60),
        category="data_breach",
        severity="calamity",
        title="Cijfers zichtbaar",
        description="Leerlingen zagen elkaars cijfers.\nTweede regel.",
        participant_id=vodix.id,
        reporter_phone="+31 6 1234 5678",
        reporter_organisation="Het Baken College",
    )
    case.incident = IncidentDetails(
        discovered_at=hours(-12),
        started_at=hours(-20),
        ongoing=False,
        impact=["confidentiality"],
        nature=["read", "copied"],
        data_categories=["results", "health"],
        special_categories=True,
        bsn_involved=False,
        affected_min=120,
        affected_max=450,
        affected_groups=["pupils"],
        minors_involved=True,
        encrypted=None,
        consequences="Pupils may be embarrassed.",
        measures_taken="Access closed.",
        people_informed=False,
        ap_notified=True,
        ap_notified_by="The school's privacy officer",
        ap_notified_at=hours(-2),
        ap_reference="AP-2026-XYZ-99",
        affected_schools="Het Baken College",
        contact_person="Fatima Functionaris",
    )
    case.parties.extend(
        [CaseParty(organisation_id=vodix.id, role="subject"), CaseParty(organisation_id=school.id, role="reporter")]
    )
    timeline.append(case, "received", actor_label="Rita Reporter", visibility="parties", at=hours(-1))
    timeline.append(
        case, "note", "Suspect the supplier's export job.", actor_label="Sam", visibility="internal", at=hours(-0.5)
    )
    add_deadline(case, "ap_notification", hours(60))
    checked = CheckedFile("screen shot.pdf", "application/pdf", PDF, hashlib.sha256(PDF).hexdigest())
    file = case_records.attach(case, checked, visibility="reporter", label="Rita Reporter")
    db.session.commit()
    return case, file


def as_staff(client, make_user, role=Role.SUPERVISOR):
    make_user("sam@edu-v.example", role, name="Sam Supervisor")
    login(client, "sam@edu-v.example")
    with client.session_transaction() as session:
        session["lang"] = "en"
    return client


def test_anonymous_is_sent_to_login(client, breach):
    response = client.get("/behandelen/INC-2026-00007")
    assert response.status_code == 302 and "/inloggen" in response.headers["Location"]
    download = client.get(f"/behandelen/INC-2026-00007/bijlagen/{breach[1].id}")
    assert download.status_code == 302


def test_participant_gets_404_even_as_a_party(client, breach, make_user):
    case, file = breach
    make_user("pat@vodix.example", Role.PARTICIPANT, organisation=case.participant)
    login(client, "pat@vodix.example")
    assert client.get("/behandelen/INC-2026-00007").status_code == 404
    assert client.get(f"/behandelen/INC-2026-00007/bijlagen/{file.id}").status_code == 404


def test_unknown_case_is_404_for_staff(client, make_user):
    as_staff(client, make_user)
    assert client.get("/behandelen/INC-2026-09999").status_code == 404


def test_supervisor_sees_every_detail_and_internal_events(client, breach, make_user):
    as_staff(client, make_user)
    response = client.get("/behandelen/INC-2026-00007")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    for expected in (
        "INC-2026-00007: Cijfers zichtbaar",
        "Leerlingen zagen elkaars cijfers.<br>Tweede regel.",
        "Data leak",
        "Calamity",
        "Vodix",
        "Het Baken",
        # the reporter's contact details
        "Rita Reporter",
        "mailto:rita@school.example",
        "+31 6 1234 5678",
        "Het Baken College",
        # incident and data-leak fields
        "Confidentiality",
        "Read, Copied",
        "Results, grades and progress",
        "Health data (special category)",
        "120 to 450",
        "Pupils / students",
        "Pupils may be embarrassed.",
        "Access closed.",
        "The school&#39;s privacy officer",
        "AP-2026-XYZ-99",
        "Fatima Functionaris",
        # deadlines, the internal note with its visibility, the file
        "Report to the AP (72 hours)",
        "Suspect the supplier&#39;s export job.",
        "Foundation only",
        "All parties",
        "screen shot.pdf",
    ):
        assert expected in html, expected
    assert html.count("<h1") == 1
    assert f"/behandelen/INC-2026-00007/bijlagen/{breach[1].id}" in html


def test_a_long_timeline_costs_no_more_statements(client, breach, make_user):
    """Each event's files and words come with the page's own reads, not one read per event."""
    case, _file = breach
    as_staff(client, make_user)
    with counted_statements() as short:
        client.get("/behandelen/INC-2026-00007")
    for number in range(10):
        checked = CheckedFile(f"bijlage-{number}.pdf", "application/pdf", PDF, hashlib.sha256(PDF).hexdigest())
        case_records.attach(case, checked, visibility="parties", label="Rita Reporter")
        timeline.append(case, "status", actor_label="Sam", visibility="internal", data={"to": "in_progress"})
    db.session.commit()
    with counted_statements() as long:
        html = client.get("/behandelen/INC-2026-00007").get_data(as_text=True)
    assert len(long) == len(short)
    assert html.count("Status changed: In progress") == 10
    timeline_html = html.split('id="timeline"')[1].split("</ol>")[0]
    for number in range(10):  # each file under its own event in the timeline
        assert f"bijlage-{number}.pdf</a>" in timeline_html


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.ADMIN])
def test_other_staff_roles_see_the_case(client, breach, make_user, role):
    as_staff(client, make_user, role)
    assert client.get("/behandelen/INC-2026-00007").status_code == 200


def test_attachment_is_a_download_never_inline(client, breach, make_user):
    case, file = breach
    as_staff(client, make_user)
    response = client.get(f"/behandelen/{case.reference}/bijlagen/{file.id}")
    assert response.status_code == 200
    assert response.data == PDF
    assert response.headers["Content-Disposition"].startswith("attachment")
    assert "screen" in response.headers["Content-Disposition"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_attachment_of_another_case_is_404(client, breach, make_user):
    _case, file = breach
    new_case(8)
    db.session.commit()
    as_staff(client, make_user)
    assert client.get(f"/behandelen/INC-2026-00008/bijlagen/{file.id}").status_code == 404
    assert client.get("/behandelen/INC-2026-00007/bijlagen/999999").status_code == 404


def test_case_without_incident_details_renders(client, make_user):
    new_case(3, case_type="complaint", title="A complaint")
    db.session.commit()
    as_staff(client, make_user)
    html = client.get("/behandelen/KLA-2026-00003").get_data(as_text=True)
    assert "A complaint" in html and "No attachments." in html and "No deadlines." in html


def test_a_filed_incident_shows_in_queue_and_case_page(app, client, register_with_keurmerk, make_user):
    from app.intake.services.filing import IncidentReport, Reporter, file_incident

    clock.freeze(NOW)
    report = IncidentReport(
        reporter=Reporter("Rita Reporter", "rita@school.example", organisation="Het Baken College"),
        participant_id=register_with_keurmerk.id,
        category="data_breach",
        title="Toetsuitslagen gelekt",
        description="Uitslagen stonden open.",
        discovered_at=hours(-3),
        severity="calamity",
        breach={"impact": ["confidentiality"], "affected_min": 10, "affected_max": 20, "ap_notified": False},
    )
    with app.test_request_context():  # the acknowledgement e-mail is written in the reader's language
        case = file_incident(report).case
        db.session.commit()
        reference = case.reference
    as_staff(client, make_user)
    queue_html = client.get("/behandelen").get_data(as_text=True)
    assert reference in queue_html and "Toetsuitslagen gelekt" in queue_html
    page = client.get(f"/behandelen/{reference}").get_data(as_text=True)
    assert "Report received" in page and "Acknowledgement sent" in page and "10 to 20" in page
