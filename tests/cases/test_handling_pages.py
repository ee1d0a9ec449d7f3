"""The actions panel on the staff case page, the standard texts and the availability page."""

import html
import re

import pytest
from sqlalchemy import func, select

from app import clock
from app.auth.models import Role
from app.cases.handling_models import CannedReply, ConflictOfInterest
from app.cases.models import TimelineEvent
from app.cases.services import handler_settings, handling, major_incidents
from app.extensions import db
from app.notify.models import OutboxMessage
from tests.helpers.login import login
from tests.helpers.pages import csrf_token, nl, text
from tests.intake.helpers import field_error

from .helpers import complaint, incident

PAGE = "/behandelen/{}"


@pytest.fixture()
def staff(app, make_org, make_user):
    clock.freeze(None)
    return {
        "vodix": make_org("Vodix", contact_email="security@vodix.example"),
        "sam": make_user("sam@edu-v.example", Role.SUPERVISOR, name="Sam"),
        "sara": make_user("sara@edu-v.example", Role.SUPERVISOR, name="Sara"),
        "cora": make_user("cora@edu-v.example", Role.COORDINATOR, name="Cora"),
        "adam": make_user("adam@edu-v.example", Role.ADMIN, name="Adam"),
    }


def post(client, case, action: str, prefix: str, **fields):
    data = {f"{prefix}-{name}": value for name, value in fields.items()}
    data[f"{prefix}-csrf_token"] = csrf_token(client, PAGE.format(case.reference))
    return client.post(f"{PAGE.format(case.reference)}/{action}", data=data)


def events(case, kind=None) -> list[TimelineEvent]:
    query = select(TimelineEvent).where(TimelineEvent.case_id == case.id).order_by(TimelineEvent.seq)
    return [e for e in db.session.scalars(query) if kind is None or e.kind == kind]


def test_handlers_see_the_panel_and_others_cannot_act(client, staff):
    case = incident(staff["vodix"])
    login(client, "sam@edu-v.example")
    page = text(client.get(PAGE.format(case.reference)))
    assert nl("Handle this case") in page and 'name="status-to"' in page and 'name="triage-admissible"' in page
    # Only the moves the workflow allows from "received" are offered.
    assert re.findall(r'<option value="(\w+)"', page.split('name="status-to"')[1].split("</select>")[0]) == [
        "triage",
        "withdrawn",
    ]
    client.post("/uitloggen", data={"csrf_token": csrf_token(client, "/")})

    login(client, "adam@edu-v.example")  # the administrator reads, but does not handle
    assert nl("Handle this case") not in text(client.get(PAGE.format(case.reference)))
    assert post(client, case, "status", "status", to="triage").status_code == 403
    assert case.status == "received"


def test_a_status_change_is_recorded_and_shown_on_the_timeline(client, staff):
    case = incident(staff["vodix"])
    login(client, "sam@edu-v.example")
    response = post(client, case, "status", "status", to="triage", reason="")
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/behandelen/{case.reference}")
    page = text(client.get(response.headers["Location"]))
    assert f"{nl('Status changed')}: {nl('Triage')}" in page
    assert nl("The status is now: %(status)s.", status=nl("Triage")) in page


def test_a_refused_transition_is_shown_at_the_form_and_changes_nothing(client, staff):
    case = incident()
    for step in ("triage", "in_progress", "decided", "closed"):
        handling.transition(case, step, None, actor=staff["sam"])
    db.session.commit()
    before = len(events(case))
    login(client, "sam@edu-v.example")
    response = post(client, case, "status", "status", to="in_progress", reason="Heropenen")
    assert response.status_code == 422
    assert nl(
        "This case has the status %(current)s, so its status can no longer change.", current=nl("Closed").lower()
    ) in text(response)
    db.session.refresh(case)
    assert case.status == "closed" and len(events(case)) == before


def test_a_missing_reason_is_marked_at_its_field_and_the_choice_is_kept(client, staff):
    case = incident()
    handling.transition(case, "triage", None, actor=staff["sam"])
    handling.transition(case, "in_progress", None, actor=staff["sam"])
    db.session.commit()
    login(client, "sam@edu-v.example")
    response = post(client, case, "status", "status", to="waiting", reason=" ", waiting_on="reporter")
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert html.unescape(field_error(page, "status-reason")) == nl(
        "Give a reason for the status %(target)s: the parties will read it.",
        target=nl("Waiting for a response").lower(),
    )
    assert '<option selected value="waiting">' in page and '<option selected value="reporter">' in page
    db.session.refresh(case)
    assert case.status == "in_progress"


def test_triage_rejects_with_the_reason_sent_to_both_sides(client, staff):
    case = complaint(staff["vodix"])
    login(client, "sam@edu-v.example")
    refused = post(client, case, "ontvankelijkheid", "triage", admissible="no", reason="")
    assert refused.status_code == 422 and field_error(refused.get_data(as_text=True), "triage-reason")
    done = post(client, case, "ontvankelijkheid", "triage", admissible="no", reason="Ouder dan een jaar.")
    assert done.status_code == 302
    db.session.refresh(case)
    assert case.status == "rejected"
    letters = db.session.scalars(select(OutboxMessage).where(OutboxMessage.key.like("rejected:%")))
    assert {m.recipient for m in letters} == {"rita@school.example", "security@vodix.example"}


def test_assign_by_hand_and_automatically(client, staff):
    case = incident(staff["vodix"])
    login(client, "cora@edu-v.example")
    page = text(client.get(PAGE.format(case.reference)))
    assert '<option value="sam@edu-v.example">Sam</option>' in page
    assert post(client, case, "toewijzen", "assign", assignee="sara@edu-v.example").status_code == 302
    db.session.refresh(case)
    assert case.assignee_id == staff["sara"].id

    handler_settings.declare_conflict(staff["sam"], staff["vodix"].id, "")
    db.session.commit()
    refused = post(client, case, "toewijzen", "assign", assignee="sam@edu-v.example")
    assert refused.status_code == 422
    assert html.unescape(field_error(refused.get_data(as_text=True), "assign-assignee")) == nl(
        "%(name)s declared a conflict of interest with a party of this case.", name="Sam"
    )
    assert "Sam (" + nl("conflict of interest") + ")" in text(refused)

    other = incident()
    response = post(client, other, "toewijzen", "assign", assignee="", automatic="y")
    assert response.status_code == 302
    db.session.refresh(other)
    assert other.assignee_id == staff["sam"].id  # Sara has a case already; Sam has none


def test_a_standard_text_is_put_in_the_message_without_javascript(client, staff):
    reply = handler_settings.save_reply(
        staff["cora"], "Logbestanden", "Wil je de logbestanden van de afgelopen week sturen?"
    )
    case = incident(staff["vodix"])
    db.session.commit()
    login(client, "sam@edu-v.example")
    response = post(
        client, case, "bericht", "message", visibility="reporter", canned=str(reply.id), body="", insert="y"
    )
    assert response.status_code == 200
    page = text(response)
    assert "Wil je de logbestanden van de afgelopen week sturen?</textarea>" in page
    assert events(case, "message") == []  # nothing was sent yet

    sent = post(
        client,
        case,
        "bericht",
        "message",
        visibility="reporter",
        canned=str(reply.id),
        body="Wil je de logbestanden sturen? Dank!",
    )
    assert sent.status_code == 302
    assert [e.text for e in events(case, "message")] == ["Wil je de logbestanden sturen? Dank!"]
    empty = post(client, case, "bericht", "message", visibility="reporter", body="  ")
    assert empty.status_code == 422 and field_error(empty.get_data(as_text=True), "message-body")


def test_an_internal_note_and_a_second_extension_refused_with_a_clear_message(client, staff):
    case = complaint(staff["vodix"])
    login(client, "sam@edu-v.example")
    assert post(client, case, "notitie", "note", body="Eerst juridisch advies.").status_code == 302
    assert [e.visibility for e in events(case, "note")] == ["internal"]
    bad = post(client, case, "verdagen", "extension", weeks="6", reason="Te lang")
    assert bad.status_code == 422 and field_error(bad.get_data(as_text=True), "extension-weeks")
    assert post(client, case, "verdagen", "extension", weeks="2", reason="Hoorzitting gepland.").status_code == 302
    before = len(events(case))
    again = post(client, case, "verdagen", "extension", weeks="1", reason="Nog eens.")
    assert again.status_code == 422
    assert nl("The decision term of this complaint was already extended; it can be extended only once.") in text(again)
    assert len(events(case)) == before


def test_linking_reports_messaging_them_and_closing_them_with_the_lead(client, staff):
    lead, report = incident(staff["vodix"]), incident(staff["vodix"], email="school2@example.org")
    login(client, "sam@edu-v.example")
    unknown = post(client, report, "koppelen", "link", lead="INC-2026-99999")
    assert unknown.status_code == 422
    assert html.unescape(field_error(unknown.get_data(as_text=True), "link-lead")) == nl("No case has this reference.")
    assert post(client, report, "koppelen", "link", lead=lead.reference.lower()).status_code == 302
    assert major_incidents.linked(lead) == [report]
    assert post(client, lead, "bericht-aan-gekoppelde", "linked", body="Het lek is gedicht.").status_code == 302
    assert [e.text for e in events(report, "message")] == ["Het lek is gedicht."]

    for step in ("triage", "in_progress", "decided"):
        handling.transition(lead, step, None, actor=staff["sam"])
    db.session.commit()
    closing = post(client, lead, "status", "status", to="closed")
    assert closing.headers["Location"].endswith(f"/behandelen/{lead.reference}/gekoppelde-sluiten")
    confirm = client.get(closing.headers["Location"])
    assert report.reference in text(confirm)
    token = csrf_token(client, closing.headers["Location"])
    done = client.post(closing.headers["Location"], data={"csrf_token": token, "reason": "Met de hoofdmelding."})
    assert done.status_code == 302
    db.session.refresh(report)
    assert report.status == "closed"
    # Nothing is left to close: the page says so and sends the handler back.
    assert client.get(closing.headers["Location"]).status_code == 302


def test_only_coordinators_keep_the_standard_texts(client, staff):
    login(client, "sam@edu-v.example")
    assert client.get("/behandelen/standaardteksten").status_code == 403
    client.post("/uitloggen", data={"csrf_token": csrf_token(client, "/")})
    login(client, "cora@edu-v.example")
    token = csrf_token(client, "/behandelen/standaardteksten")
    empty = client.post("/behandelen/standaardteksten", data={"csrf_token": token, "title": "", "body": "Tekst"})
    assert empty.status_code == 422 and field_error(empty.get_data(as_text=True), "title")
    assert "Tekst</textarea>" in empty.get_data(as_text=True)  # nothing typed is lost
    client.post("/behandelen/standaardteksten", data={"csrf_token": token, "title": "Ontvangst", "body": "Dank"})
    item = db.session.scalar(select(CannedReply))
    client.post(
        f"/behandelen/standaardteksten/{item.id}",
        data={"csrf_token": token, "title": "Ontvangst", "body": "Dank je wel"},
    )
    db.session.refresh(item)
    assert item.body == "Dank je wel" and item.created_by_id == staff["cora"].id
    client.post(f"/behandelen/standaardteksten/{item.id}/verwijderen", data={"csrf_token": token})
    assert db.session.scalar(select(func.count(CannedReply.id))) == 0
    assert client.get(f"/behandelen/standaardteksten/{item.id}").status_code == 404


def test_a_supervisor_goes_off_duty_and_declares_a_conflict_of_interest(client, staff):
    login(client, "sam@edu-v.example")
    assert client.get("/behandelen/beschikbaarheid").status_code == 200
    token = csrf_token(client, "/behandelen/beschikbaarheid")
    client.post("/behandelen/beschikbaarheid", data={"csrf_token": token})
    db.session.refresh(staff["sam"])
    assert staff["sam"].on_duty is False
    declare = {"csrf_token": token, "organisation": str(staff["vodix"].id), "note": "Oud-werkgever"}
    assert client.post("/behandelen/beschikbaarheid/belangen", data=declare).status_code == 302
    twice = client.post("/behandelen/beschikbaarheid/belangen", data=declare)
    assert twice.status_code == 422
    assert html.unescape(field_error(twice.get_data(as_text=True), "organisation")) == nl(
        "You already declared a conflict of interest with %(name)s.", name="Vodix"
    )
    nothing = client.post("/behandelen/beschikbaarheid/belangen", data={"csrf_token": token, "organisation": ""})
    assert nothing.status_code == 422
    conflict = db.session.scalar(select(ConflictOfInterest))
    client.post(f"/behandelen/beschikbaarheid/belangen/{conflict.id}/intrekken", data={"csrf_token": token})
    assert db.session.scalar(select(func.count(ConflictOfInterest.id))) == 0
    client.post("/uitloggen", data={"csrf_token": token})
    login(client, "adam@edu-v.example")
    assert client.get("/behandelen/beschikbaarheid").status_code == 403
