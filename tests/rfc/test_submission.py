"""Submitting an RFC: the page and POST /api/v1/rfcs share one validation and one service; the submitter is
acknowledged through the outbox and follows the RFC in /mijn/zaken."""

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.notify.models import OutboxMessage
from app.rfc.models import Rfc, RfcEvent
from app.sla.models import Deadline
from tests.api.helpers import token_for
from tests.helpers.login import login
from tests.helpers.pages import text
from tests.rfc.helpers import body, rfc_world, submit_page

pytestmark = pytest.mark.usefixtures("frozen_clock")


@pytest.fixture()
def world(make_org, make_user):
    return rfc_world(make_org, make_user)


def _mails(prefix: str) -> list[OutboxMessage]:
    return list(db.session.scalars(select(OutboxMessage).where(OutboxMessage.key.startswith(prefix))))


def test_the_page_registers_the_rfc_acknowledges_it_and_shows_it_under_my_cases(client, world):
    response = submit_page(client, "sanne@vodix.example")
    assert response.status_code == 302 and response.headers["Location"].endswith("/mijn/rfc/RFC-2026-00001")
    rfc = db.session.scalar(select(Rfc))
    assert (rfc.reference, rfc.status, rfc.organisation_id) == ("RFC-2026-00001", "requested", world["supplier"].id)
    assert (rfc.type, rfc.priority, rfc.side) == ("minor", "minor", "consumer")
    [ack] = _mails("rfc-ack:")
    assert ack.recipient == "sanne@vodix.example" and "in goede orde ontvangen" in ack.body_text
    page = text(client.get(response.headers["Location"]))
    assert "in goede orde ontvangen" in page and "Onderwijsaanbod: einddatum per aanbod" in page
    assert "RFC-2026-00001" in text(client.get("/mijn/zaken"))
    kinds = {d.kind for d in db.session.scalars(select(Deadline).where(Deadline.subject_type == "rfc"))}
    assert kinds == {"reaction", "qualification"}


def test_a_colleague_follows_it_and_another_organisation_does_not_see_it(client, world, app):
    submit_page(client, "sanne@vodix.example")
    other = app.test_client()
    login(other, "piet@vodix.example")
    assert other.get("/mijn/rfc/RFC-2026-00001").status_code == 200
    stranger = app.test_client()
    login(stranger, "olga@heutink.example")
    assert stranger.get("/mijn/rfc/RFC-2026-00001").status_code == 404
    assert "RFC-2026-00001" not in text(stranger.get("/mijn/zaken"))


def test_the_page_refuses_a_desired_moment_in_the_past_and_an_unknown_data_service(client, world):
    response = submit_page(client, "sanne@vodix.example", desired_moment="2026-03-09", gegevensdienst="Roosters")
    assert response.status_code == 422
    page = text(response)
    assert "Het gewenste moment ligt in het verleden" in page
    assert "Kies een gegevensdienst van het afsprakenstelsel" in page
    assert db.session.scalar(select(func.count(Rfc.id))) == 0


def test_staff_and_visitors_cannot_submit(client, world):
    assert client.get("/melden/rfc").status_code == 302  # to the login page
    login(client, "ada@edu-v.example")
    assert client.get("/melden/rfc").status_code == 403


def test_a_school_board_user_submits_too(client, world, make_user):
    make_user("bea@primair.example", "participant", organisation=world["board"])
    assert submit_page(client, "bea@primair.example").status_code == 302


def test_the_api_answers_201_with_the_submitter_view(client, world):
    response = client.post("/api/v1/rfcs", json=body(), headers=token_for(world["submitter"]))
    assert response.status_code == 201, response.get_json()
    view = response.get_json()
    assert view["reference"] == "RFC-2026-00001" and view["status"] == "requested"
    assert response.headers["Location"] == "/api/v1/rfcs/RFC-2026-00001"
    assert {d["kind"] for d in view["deadlines"]} == {"reaction", "qualification"}
    assert [e["kind"] for e in view["timeline"]] == ["submitted", "acknowledged"]
    assert "contactEmail" not in view and "sanne" not in str(view).lower()
    assert len(_mails("rfc-ack:RFC-2026-00001")) == 1


@pytest.mark.parametrize(
    ("changes", "member"),
    [
        ({"gegevensdienst": "Roosters"}, "gegevensdienst"),
        ({"desiredMoment": "2026-03-01"}, "desiredMoment"),
        ({"variant": "anders"}, "variant"),
        ({"title": None}, "title"),
        ({"desiredMoment": 20260901}, "desiredMoment"),
    ],
)
def test_the_api_refuses_bad_members_with_problem_json(client, world, changes, member):
    response = client.post("/api/v1/rfcs", json=body(**changes), headers=token_for(world["submitter"]))
    assert response.status_code == 422 and response.mimetype == "application/problem+json"
    assert member in response.get_json()["errors"]
    assert db.session.scalar(select(func.count(Rfc.id))) == 0


def test_the_api_needs_a_submitter(client, world):
    assert client.post("/api/v1/rfcs", json=body()).status_code == 401
    response = client.post("/api/v1/rfcs", json=body(), headers=token_for(world["analyst"]))
    assert response.status_code == 403


def test_references_count_per_year_and_the_chain_holds(client, world):
    headers = token_for(world["submitter"])
    for _ in range(3):
        assert client.post("/api/v1/rfcs", json=body(), headers=headers).status_code == 201
    references = sorted(db.session.scalars(select(Rfc.reference)))
    assert references == ["RFC-2026-00001", "RFC-2026-00002", "RFC-2026-00003"]
    from app.rfc.services import events

    for rfc in db.session.scalars(select(Rfc)):
        assert events.verify(rfc.id) == []
    first = db.session.scalar(select(RfcEvent).order_by(RfcEvent.id))
    first.text = "changed"
    assert events.verify(first.rfc_id)
    db.session.rollback()
