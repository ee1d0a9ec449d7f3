"""Access follows the organisation, not the person; a conflict of interest keeps a handler off a case.

Both would otherwise leave someone reading a case they no longer belong to: a user who left the
school they reported for, a supervisor tied to the supplier a breach is about.
"""

import pytest

from app.accounts import services as accounts
from app.auth.models import Role
from app.cases.services import handler_settings
from app.extensions import db
from tests.api.helpers import breach, token_for
from tests.helpers.login import PASSWORD, login
from tests.helpers.pages import csrf_token

pytestmark = pytest.mark.usefixtures("frozen_clock")


@pytest.fixture()
def world(make_org, make_user):
    school, supplier, other = make_org("OBS De Linde", kind="school_board"), make_org("Vodix"), make_org("Leerlab")
    return {
        "school": school,
        "supplier": supplier,
        "other": other,
        "admin": make_user("admin@linde.example", Role.PARTICIPANT, organisation=school),
        "anna": make_user("anna@linde.example", Role.PARTICIPANT, organisation=school),
        "leerlab_admin": make_user("admin@leerlab.example", Role.PARTICIPANT, organisation=other),
        "sam": make_user("sam@edu-v.example", Role.SUPERVISOR),
        "kim": make_user("kim@edu-v.example", Role.COORDINATOR),
    }


def file_as(client, user, participant_id) -> str:
    response = client.post("/api/v1/incidents", json=breach(participant_id), headers=token_for(user))
    assert response.status_code == 201, response.get_json()
    return response.get_json()["reference"]


def move_to(world, user, organisation, admin_key: str) -> None:
    """Removed by their school's administrator, then invited into and joining another organisation."""
    world["admin"].is_org_admin = world["leerlab_admin"].is_org_admin = True
    accounts.remove_member(user, actor=world["admin"])
    _invitation, token = accounts.invite(organisation, user.email, user.name, actor=world[admin_key])
    accounts.accept(token, user.name, PASSWORD)
    db.session.commit()


def test_a_reporter_who_left_the_school_no_longer_reads_or_replies_on_its_case(client, world):
    reference = file_as(client, world["anna"], world["supplier"].id)
    anna = client.application.test_client()
    login(anna, "anna@linde.example")
    assert anna.get(f"/mijn/zaken/{reference}").status_code == 200

    move_to(world, world["anna"], world["other"], "leerlab_admin")

    anna = client.application.test_client()
    login(anna, "anna@linde.example")
    assert anna.get(f"/mijn/zaken/{reference}").status_code == 404
    assert reference not in anna.get("/mijn/zaken").get_data(as_text=True)
    token = token_for(world["anna"])
    assert client.get(f"/api/v1/cases/{reference}", headers=token).status_code == 404
    reply = client.post(
        f"/api/v1/cases/{reference}/messages", headers=token, json={"body": "Nog iets.", "visibility": "parties"}
    )
    assert reply.status_code == 404
    # The school's remaining users still follow it: the case stays the organisation's.
    admin = client.application.test_client()
    login(admin, "admin@linde.example")
    assert admin.get(f"/mijn/zaken/{reference}").status_code == 200


def test_a_reporter_still_at_the_school_keeps_reading(client, world):
    reference = file_as(client, world["anna"], world["supplier"].id)
    assert client.get(f"/api/v1/cases/{reference}", headers=token_for(world["anna"])).status_code == 200


def test_a_guest_with_the_code_is_unaffected(client, world):
    filed = client.post("/api/v1/incidents", json=breach(world["supplier"].id)).get_json()
    response = client.post("/api/v1/follow-up", json={"reference": filed["reference"], "code": filed["followUpCode"]})
    assert response.status_code == 200


def test_a_conflict_of_interest_keeps_the_supervisor_off_the_case_entirely(client, world):
    reference = file_as(client, world["anna"], world["supplier"].id)
    handler_settings.declare_conflict(world["sam"], world["supplier"].id, "Oud-collega")
    db.session.commit()
    sam = client.application.test_client()
    login(sam, "sam@edu-v.example")

    page = sam.get(f"/behandelen/{reference}")
    assert page.status_code == 403
    html = page.get_data(as_text=True)
    assert "belangenconflict" in html and "Cijferlijsten" not in html  # a notice, not the content
    assert reference not in sam.get("/behandelen?status=all").get_data(as_text=True)
    transition = sam.post(f"/behandelen/{reference}/status", data={"csrf_token": csrf_token(sam, "/behandelen")})
    assert transition.status_code == 403
    token = token_for(world["sam"])
    assert client.get(f"/api/v1/cases/{reference}", headers=token).status_code == 404
    assert client.get("/api/v1/cases?status=all", headers=token).get_json()["items"] == []
    for action, body in (
        ("transition", {"to": "triage"}),
        ("messages", {"body": "x", "visibility": "internal"}),
        ("decision", {"outcome": "resolved", "reasoning": "x", "measures": []}),
    ):
        response = client.post(f"/api/v1/cases/{reference}/{action}", json=body, headers=token)
        assert response.status_code in (403, 404), action

    # A coordinator sees that the conflict exists, on the case page.
    kim = client.application.test_client()
    login(kim, "kim@edu-v.example")
    shown = kim.get(f"/behandelen/{reference}").get_data(as_text=True)
    assert "Sam" in shown and "Vodix" in shown and "belangenconflicten" in shown.lower()


def test_withdrawing_the_conflict_opens_the_case_again(client, world):
    reference = file_as(client, world["anna"], world["supplier"].id)
    conflict = handler_settings.declare_conflict(world["sam"], world["supplier"].id, "")
    db.session.commit()
    handler_settings.withdraw_conflict(world["sam"], conflict.id)
    db.session.commit()
    sam = client.application.test_client()
    login(sam, "sam@edu-v.example")
    assert sam.get(f"/behandelen/{reference}").status_code == 200
