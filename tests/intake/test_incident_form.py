"""Reporting an incident through the web form: receipt, stored clocks, bad input."""

import io
import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from app import clock
from app.cases.models import Attachment, Case, TimelineEvent
from app.cases.timeline import verify_case
from app.extensions import db
from app.notify.models import OutboxMessage
from app.sla.models import Deadline
from tests.helpers.pages import nl
from tests.intake.helpers import breach_form, field_error, local_input, receipt, submit_incident

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_form_lists_register_participants_and_labels_every_field(client, register_with_keurmerk):
    html = client.get("/melden/incident").get_data(as_text=True)
    assert "Vodix" in html
    inputs = set(re.findall(r'<(?:input|select|textarea)[^>]*\bid="([^"]+)"', html)) - {"csrf_token"}
    labelled = set(re.findall(r'<label[^>]*for="([^"]+)"', html))
    fieldsets = set(re.findall(r'<fieldset class="field choices[^"]*" id="([^"]+)"', html))
    unlabelled = {i for i in inputs if i not in labelled and not any(i.startswith(f + "-") for f in fieldsets)}
    assert not unlabelled


def test_data_breach_report_gets_reference_code_clocks_and_acknowledgement(client, register_with_keurmerk):
    data = breach_form(register_with_keurmerk.id)
    response = submit_incident(client, data)
    assert response.status_code == 302 and response.headers["Location"].endswith("/melden/ontvangen")

    reference, code = receipt(client)
    year = clock.local(clock.now()).year
    assert reference == f"INC-{year}-00001"
    assert re.fullmatch(r"[A-Z0-9]{5}(-[A-Z0-9]{5}){3}", code)

    case = db.session.scalar(select(Case))
    assert case.reference == reference and case.status == "received"
    assert case.reporter_email == "anna@example-school.nl"
    assert code not in case.follow_up_code_hash and case.follow_up_code_hash.startswith("sha256$")
    assert case.incident.affected_min == 120 and case.incident.minors_involved is True
    assert [p.role for p in case.parties] == ["subject"]

    clocks = {d.kind: d for d in db.session.scalars(select(Deadline))}
    assert set(clocks) == {"acknowledge", "first_response", "resolution", "ap_notification"}
    assert clocks["acknowledge"].state == "met"
    assert clocks["ap_notification"].due_at == case.incident.discovered_at + timedelta(hours=72)
    assert clocks["first_response"].due_at == case.created_at + timedelta(hours=4)  # calamity
    assert case.next_due_at == min(d.due_at for d in clocks.values() if d.state == "running")

    mail = db.session.scalar(select(OutboxMessage))
    assert mail.key == f"ack:{reference}" and mail.recipient == "anna@example-school.nl"
    assert reference in mail.subject and code not in mail.body_text
    assert "Autoriteit Persoonsgegevens" in mail.body_text
    assert verify_case(case.id) == []


def test_receipt_shows_the_code_only_once(client, register_with_keurmerk):
    submit_incident(client, breach_form(register_with_keurmerk.id))
    _reference, code = receipt(client)
    again = client.get("/melden/ontvangen").get_data(as_text=True)
    assert code not in again


@pytest.mark.writes_around_the_desk  # erases a case's rows with SQL of its own
def test_references_count_per_type_and_are_never_reused(client, register_with_keurmerk):
    references = []
    for _ in range(3):
        submit_incident(client, breach_form(register_with_keurmerk.id, category="outage"))
        references.append(receipt(client)[0])
    assert [r[-5:] for r in references] == ["00001", "00002", "00003"]
    _erase(db.session.scalar(select(Case).where(Case.reference == references[-1])))
    submit_incident(client, breach_form(register_with_keurmerk.id, category="outage"))
    assert receipt(client)[0].endswith("00004")


def _erase(case) -> None:
    """Removes a case and everything on it, as if it had never been filed."""
    from sqlalchemy import delete

    from app.cases.event_models import ApiEvent
    from app.cases.models import CaseParty, IncidentDetails

    for model, column in (
        (ApiEvent, ApiEvent.case_id),
        (Attachment, Attachment.case_id),
        (TimelineEvent, TimelineEvent.case_id),
        (CaseParty, CaseParty.case_id),
        (IncidentDetails, IncidentDetails.case_id),
        (Deadline, Deadline.subject_id),
    ):
        db.session.execute(delete(model).where(column == case.id))
    db.session.execute(delete(Case).where(Case.id == case.id))
    db.session.commit()


def test_empty_form_shows_errors_next_to_fields_and_stores_nothing(client, register_with_keurmerk):
    response = submit_incident(client, {"title": "Alleen een titel", "reporter_name": "Piet"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'class="error-summary"' in html
    for field in ("description", "discovered_at", "reporter_email"):
        assert field_error(html, field), field
    assert 'value="Alleen een titel"' in html and 'value="Piet"' in html
    assert count(Case) == 0 and count(OutboxMessage) == 0


def test_future_discovery_and_unknown_participant_are_refused_at_their_fields(client, register_with_keurmerk):
    future = local_input(clock.now() + timedelta(days=2))
    data = breach_form("999999", discovered_at=future)
    html = submit_incident(client, data).get_data(as_text=True)
    assert nl("This moment lies in the future.") in field_error(html, "discovered_at")
    assert field_error(html, "participant_id")
    assert f'value="{future}"' in html
    assert count(Case) == 0


def test_breach_needs_estimates_and_a_sane_range(client, register_with_keurmerk):
    data = breach_form(register_with_keurmerk.id, affected_min="300", affected_max="20", ap_notified=None)
    html = submit_incident(client, data).get_data(as_text=True)
    assert field_error(html, "affected_max")
    assert field_error(html, "ap_notified")
    data = breach_form(register_with_keurmerk.id, affected_min=None, affected_max=None)
    html = submit_incident(client, data).get_data(as_text=True)
    assert field_error(html, "affected_min") and field_error(html, "affected_max")
    assert count(Case) == 0


def test_other_categories_do_not_ask_for_breach_details(client, register_with_keurmerk):
    data = breach_form(
        register_with_keurmerk.id,
        category="outage",
        affected_min=None,
        affected_max=None,
        ap_notified=None,
        impact=None,
    )
    assert submit_incident(client, data).status_code == 302
    case = db.session.scalar(select(Case))
    kinds = {d.kind for d in db.session.scalars(select(Deadline))}
    assert "ap_notification" not in kinds and case.incident.affected_min is None


def test_ap_already_notified_meets_the_ap_clock(client, register_with_keurmerk):
    notified = local_input(clock.now() - timedelta(hours=1))
    data = breach_form(register_with_keurmerk.id, ap_notified="yes", ap_notified_at=notified, ap_reference="AP-123")
    submit_incident(client, data)
    ap = db.session.scalar(select(Deadline).where(Deadline.kind == "ap_notification"))
    assert ap.state == "met"


def test_attachments_are_checked_by_content_and_stored_with_their_hash(client, app, register_with_keurmerk):
    files = [(io.BytesIO(PDF), "verslag.pdf"), (io.BytesIO(b"tijd;actie\n09:00;ontdekt\n"), "log.csv")]
    assert submit_incident(client, breach_form(register_with_keurmerk.id), files).status_code == 302
    stored = db.session.scalars(select(Attachment).order_by(Attachment.id)).all()
    assert [(a.filename, a.content_type) for a in stored] == [
        ("verslag.pdf", "application/pdf"),
        ("log.csv", "text/csv"),
    ]
    event = db.session.get(TimelineEvent, stored[0].event_id)
    assert event.data["files"][0]["sha256"] == stored[0].sha256


def test_disguised_or_oversize_files_are_refused_and_the_rest_is_kept(client, app, register_with_keurmerk):
    app.config["MAX_UPLOAD_BYTES"] = 1000
    exe = (io.BytesIO(b"MZ\x90\x00" + b"\x00" * 200), "factuur.pdf")
    html = submit_incident(client, breach_form(register_with_keurmerk.id), [exe]).get_data(as_text=True)
    assert "factuur.pdf" in field_error(html, "attachments")
    assert "Cijferlijsten zichtbaar" in html  # the typed title survives
    big = (io.BytesIO(PDF + b"0" * 2000), "groot.pdf")
    html = submit_incident(client, breach_form(register_with_keurmerk.id), [big]).get_data(as_text=True)
    assert "groot.pdf" in field_error(html, "attachments")
    assert count(Case) == 0


def test_form_without_csrf_token_is_refused(client, register_with_keurmerk):
    response = client.post("/melden/incident", data=breach_form(register_with_keurmerk.id))
    assert response.status_code == 400
    assert count(Case) == 0


def _summary_targets(html: str) -> list[str]:
    summary = re.search(r'id="error-summary".*?</ul>', html, re.S).group(0)
    return re.findall(r'<a href="#([a-z_]+)">', summary)


def _field_ids_on_page(html: str, names) -> list[str]:
    form = html[html.index('id="incident-form"') :]
    positions = {name: form.find(f'id="{name}"') for name in names}
    assert all(p >= 0 for p in positions.values()), positions
    return sorted(names, key=positions.get)


def test_the_page_asks_its_questions_in_the_forms_page_order(client, register_with_keurmerk):
    from app.intake.forms.incident import IncidentForm

    html = client.get("/melden/incident").get_data(as_text=True)
    order = list(IncidentForm.page_order)
    assert _field_ids_on_page(html, order) == order
    for section in ("section-what", "breach-fields", "section-measures", "section-you"):
        assert f'id="{section}"' in html and f'href="#{section}"' in html


def test_every_error_shows_on_the_first_submit_in_the_order_of_the_page(client, register_with_keurmerk):
    """Cross-field checks (minimum above maximum, the AP date after "yes") run with the others, in one pass."""
    future = local_input(clock.now() + timedelta(days=2))
    data = breach_form(
        register_with_keurmerk.id,
        title="",
        discovered_at=future,
        affected_min="300",
        affected_max="20",
        ap_notified="yes",
        reporter_email="not-an-address",
        impact=None,
    )
    html = submit_incident(client, data).get_data(as_text=True)
    expected = ["title", "discovered_at", "impact", "affected_max", "ap_notified_at", "reporter_email"]
    for name in expected:
        assert field_error(html, name), name
    assert nl("The maximum must be at least the minimum.") in field_error(html, "affected_max")
    assert nl("When was it reported to the AP?") in field_error(html, "ap_notified_at")
    assert _summary_targets(html) == expected
    assert count(Case) == 0
