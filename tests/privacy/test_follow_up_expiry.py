"""Reference + code, a remembered browser and e-mailed links stop working 90 days after closure."""

import pytest

from tests.helpers.pages import english
from tests.intake.helpers import follow

from .helpers import close, desk, file_breach, later

pytestmark = pytest.mark.usefixtures("frozen_clock")


@pytest.fixture()
def world(app, make_user, make_org):
    return desk(make_user, make_org)


def test_the_code_works_until_90_days_after_closure_then_the_reporter_is_told_why(app, client, world):
    case, code = file_breach(client, world["vodix"].id)
    close(case, world["sam"])
    english(client)
    later(89)
    assert follow(client, case.reference, code).status_code == 302
    assert client.get(f"/volgen/{case.reference}").status_code == 200

    later(91)
    gone = client.get(f"/volgen/{case.reference}")  # the browser that remembered it
    assert gone.status_code == 410
    assert "closed more than 90 days ago" in gone.get_data(as_text=True)
    answer = follow(client, case.reference, code).get_data(as_text=True)
    assert "closed more than 90 days ago" in answer and "contact the Meldpunt" in answer
    assert client.get(f"/volgen/{case.reference}").status_code == 404  # forgotten by the browser


def test_an_open_case_and_a_longer_setting_keep_the_code_working(app, client, world):
    case, code = file_breach(client, world["vodix"].id)
    later(400)
    assert follow(client, case.reference, code).status_code == 302
    close(case, world["sam"])
    app.config["FOLLOW_UP_DAYS_AFTER_CLOSURE"] = 365
    try:
        later(400 + 364)
        assert follow(client, case.reference, code).status_code == 302
    finally:
        app.config["FOLLOW_UP_DAYS_AFTER_CLOSURE"] = 90
