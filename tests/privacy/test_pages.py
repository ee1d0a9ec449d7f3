"""The coordinators' retention pages and the processing register, as a coordinator uses them."""

import pytest

from app.privacy.services import retention as retention_service
from tests.helpers.login import login
from tests.helpers.pages import csrf_of, english

from .helpers import close, desk, file_breach, later

pytestmark = pytest.mark.usefixtures("frozen_clock")


@pytest.fixture()
def coordinator(app, make_user, make_org):
    people = desk(make_user, make_org)
    client = app.test_client()
    login(client, "cora@edu-v.example")
    english(client)
    return client, people


def terms(**changes) -> dict:
    return {**retention_service.settings(), **changes}


def test_a_coordinator_changes_a_term_and_the_register_follows(app, coordinator):
    client, _people = coordinator
    form = client.get("/beheer/privacy/bewaartermijnen/instellingen").get_data(as_text=True)
    refused = client.post(
        "/beheer/privacy/bewaartermijnen/instellingen", data={"csrf_token": csrf_of(form), **terms(incident=0)}
    )
    assert refused.status_code == 422 and retention_service.settings()["incident"] == 2
    saved = client.post(
        "/beheer/privacy/bewaartermijnen/instellingen",
        data={"csrf_token": csrf_of(form), **terms(incident=3)},
        follow_redirects=True,
    )
    assert "The retention terms are saved." in saved.get_data(as_text=True)
    assert retention_service.settings()["incident"] == 3
    register = client.get("/beheer/privacy/verwerkingsregister").get_data(as_text=True)
    assert "3 years after closure" in register and "7 years after closure" in register
    assert "Handling complaints about participants" in register and "Administrators" in register


def test_the_overview_lists_cases_within_a_month_of_their_term(app, client, coordinator):
    staff, people = coordinator
    case, _code = file_breach(client, people["vodix"].id)
    close(case, people["sam"])
    assert case.reference not in staff.get("/beheer/privacy/bewaartermijnen").get_data(as_text=True)
    later(2 * 365 - 20)
    login(staff, "cora@edu-v.example")
    english(staff)
    overview = staff.get("/beheer/privacy/bewaartermijnen").get_data(as_text=True)
    assert case.reference in overview and "2028-03-10" in overview and "not yet" in overview
