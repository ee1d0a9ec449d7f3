"""Hoor en wederhoor: a handler asks one party for a response by a deadline; its reply meets it."""

import pytest
from sqlalchemy import select

from app.auth.models import Role
from app.cases import timeline
from app.cases.models import RESPONSE_REQUESTED, TimelineEvent
from app.cases.notices import parties as party_notices
from app.cases.services import hearing
from app.errors_domain import Conflict, DomainError, NotAllowed
from app.extensions import db
from app.sla.models import Deadline
from tests.helpers.login import login, login_en
from tests.helpers.pages import csrf_of, english
from tests.portal.helpers import mails_to


def ask(client, reference: str, **fields):
    page = client.get(f"/behandelen/{reference}").get_data(as_text=True)
    return client.post(f"/behandelen/{reference}/reactie-vragen", data={"csrf_token": csrf_of(page), **fields})


def requests_of(case) -> list[Deadline]:
    ids = [
        e.data["deadline"]
        for e in db.session.scalars(
            select(TimelineEvent).where(TimelineEvent.case_id == case.id, TimelineEvent.kind == RESPONSE_REQUESTED)
        )
    ]
    return [db.session.get(Deadline, i) for i in ids]


def test_a_supervisor_asks_one_party_and_only_that_party_is_told(client, app, world, dispute):
    login_en(client, world["supervisor"].email)
    assert "Asked of the parties" in client.get(f"/behandelen/{dispute.reference}").get_data(as_text=True)
    before = {who: len(mails_to(world[who].email)) for who in ("claimant", "respondent")}
    response = ask(
        client,
        dispute.reference,
        organisation=str(world["vodix"].id),
        question="Onderbouw welke afspraak Leerlab schendt.",
        days="5",
    )
    assert response.status_code == 302
    (deadline,) = requests_of(dispute)
    assert deadline.kind == "response" and deadline.basis == "business" and deadline.amount == 5 * 8 * 3600
    event = db.session.scalar(select(TimelineEvent).where(TimelineEvent.kind == RESPONSE_REQUESTED))
    assert event.visibility == f"party:{world['vodix'].id}"
    assert len(mails_to(world["claimant"].email)) == before["claimant"] + 1
    assert len(mails_to(world["respondent"].email)) == before["respondent"]
    assert "Onderbouw" not in mails_to(world["claimant"].email)[-1].body_text
    assert "Onderbouw" in client.get(f"/behandelen/{dispute.reference}").get_data(as_text=True)

    claimant = app.test_client()
    login_en(claimant, world["claimant"].email)
    html = claimant.get(f"/mijn/zaken/{dispute.reference}").get_data(as_text=True)
    assert "Asked of you" in html and "Onderbouw welke afspraak" in html
    respondent = app.test_client()
    login_en(respondent, world["respondent"].email)
    other = respondent.get(f"/mijn/zaken/{dispute.reference}").get_data(as_text=True)
    assert "Onderbouw" not in other
    # Nor its clock: the API view of the respondent lists the procedure's clocks only.
    assert deadline.id not in [
        d.id for d in hearing.visible_deadlines(hearing.access.Viewer(user=world["respondent"]), dispute)
    ]


def test_the_reply_meets_the_request_whatever_its_visibility(client, world, dispute):
    hearing.request_response(dispute, world["vodix"].id, "Stuur het contract.", 10, actor=world["supervisor"])
    db.session.commit()
    login_en(client, world["claimant"].email)
    page = client.get(f"/mijn/zaken/{dispute.reference}").get_data(as_text=True)
    client.post(
        f"/mijn/zaken/{dispute.reference}/reageren",
        content_type="multipart/form-data",
        data={"csrf_token": csrf_of(page), "body": "Zie hierbij.", "visibility": f"party:{world['vodix'].id}"},
    )
    (deadline,) = requests_of(dispute)
    assert deadline.state == "met"
    assert hearing.asks([dispute.id], world["vodix"].id) == {}
    # The respondent still owes the dispute's own response term.
    assert [a.deadline.kind for a in hearing.asks([dispute.id], world["leerlab"].id)[dispute.id]] == ["response"]


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"days": "0"}, "Number must be between 1 and 60."),
        ({"days": "61"}, "Number must be between 1 and 60."),
        ({"days": "tien"}, "Not a valid integer value."),
        ({"question": ""}, "This field is required."),
        ({"organisation": "99999"}, "Not a valid choice."),
    ],
)
def test_bad_requests_are_refused_at_the_field_and_keep_what_was_typed(client, world, dispute, fields, message):
    login_en(client, world["supervisor"].email)
    data = {"organisation": str(world["vodix"].id), "question": "Wat is uw standpunt?", "days": "10", **fields}
    response = ask(client, dispute.reference, **data)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert message in html
    if data["question"]:
        assert "Wat is uw standpunt?" in html
    assert requests_of(dispute) == []


def test_the_service_refuses_what_the_form_cannot_catch(world, dispute, make_org):
    stranger = make_org("Buiten")
    with pytest.raises(DomainError) as refused:
        hearing.request_response(dispute, stranger.id, "Vraag", 5, actor=world["supervisor"])
    assert refused.value.field == "organisation"
    with pytest.raises(NotAllowed):
        hearing.request_response(dispute, world["vodix"].id, "Vraag", 5, actor=world["claimant"])
    dispute.status = "withdrawn"
    with pytest.raises(Conflict):
        hearing.request_response(dispute, world["vodix"].id, "Vraag", 5, actor=world["supervisor"])


@pytest.mark.parametrize("role, status", [(Role.ADMIN, 403), (Role.PARTICIPANT, 404)])
def test_only_handlers_ask_for_a_response(client, make_user, world, dispute, role, status):
    make_user("x@example.org", role, organisation=world["vodix"] if role == Role.PARTICIPANT else None)
    login(client, "x@example.org")
    english(client)
    token = csrf_of(client.get("/profiel").get_data(as_text=True))
    response = client.post(
        f"/behandelen/{dispute.reference}/reactie-vragen",
        data={"csrf_token": token, "organisation": str(world["vodix"].id), "question": "Q", "days": "5"},
    )
    assert response.status_code == status
    assert requests_of(dispute) == []


def test_party_notices_name_what_happened_never_the_content(world, dispute, make_user):
    make_user("chris@vodix.example", "participant", organisation=world["vodix"])
    event = timeline.append(dispute, "message", "Geheime inhoud", visibility="parties", actor=world["respondent"])
    sent = party_notices.notify_parties(dispute, event.visibility, "a new message.", actor=world["respondent"])
    assert sent == 2  # both Vodix users; not Leerlab, which wrote it
    again = party_notices.notify_parties(dispute, event.visibility, "a new message.", actor=world["respondent"])
    assert again == 2 and len(mails_to("chris@vodix.example")) == 1  # the same event mails once
    body = mails_to("chris@vodix.example")[0].body_text
    assert "Geheime inhoud" not in body and dispute.reference in body
    assert party_notices.notify_parties(dispute, "internal", "x") == 0
    timeline.append(dispute, "message", "Alleen Leerlab", visibility=f"party:{world['leerlab'].id}")
    only = party_notices.notify_parties(dispute, f"party:{world['leerlab'].id}", "a new message.")
    assert only == 1 and len(mails_to(world["respondent"].email)) >= 1
    assert len(mails_to("chris@vodix.example")) == 1
