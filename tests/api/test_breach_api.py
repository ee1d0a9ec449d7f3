"""The AP notification and updated breach answers through the API, checked against the OpenAPI document."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from app.auth.models import Role
from app.extensions import db
from app.notify.models import OutboxMessage
from app.sla.models import Deadline
from app.sla.sweep import run_sweep
from tests.api.contract import check_answer
from tests.api.helpers import assert_problem, breach, file, outage, rate_limited_app, token_for
from tests.helpers.clock import NOW

DISCOVERED = NOW - timedelta(minutes=30)  # breach(): 2026-03-10T08:30:00+01:00


pytestmark = pytest.mark.usefixtures("frozen_clock")


def _ap_clock() -> Deadline:
    db.session.expire_all()
    return db.session.scalar(select(Deadline).where(Deadline.kind == "ap_notification"))


def _follow(view) -> dict:
    return {"reference": view["reference"], "code": view["followUpCode"]}


def test_a_code_holder_records_the_ap_notification_and_the_reminders_stop(client, register_with_keurmerk):
    view = file(client, breach(register_with_keurmerk.id))
    response = client.post(
        "/api/v1/follow-up/ap-notification",
        json={**_follow(view), "notifiedAt": "2026-03-10T10:45:00+01:00", "apReference": "AP-99887"},
    )
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    check_answer(response)
    assert {"kind": "ap_notification", "state": "met"}.items() <= next(
        d for d in body["deadlines"] if d["kind"] == "ap_notification"
    ).items()
    assert "ap_notified" in [event["kind"] for event in body["timeline"]]
    for hours in (48, 66, 73):
        run_sweep(DISCOVERED + timedelta(hours=hours, minutes=1))
        db.session.commit()
    assert not [m.key for m in db.session.scalars(select(OutboxMessage)) if ":reminder:" in m.key]
    assert _ap_clock().breached_at is None


@pytest.mark.parametrize(
    "moment, message",
    [
        ("2026-03-10T13:00:00+01:00", "This moment lies in the future."),
        ("2026-03-10T08:00:00+01:00", "The AP cannot have been told before the leak was discovered."),
    ],
)
def test_a_notification_in_the_future_or_before_discovery_is_a_422(client, register_with_keurmerk, moment, message):
    view = file(client, breach(register_with_keurmerk.id))
    response = client.post(
        "/api/v1/follow-up/ap-notification",
        json={**_follow(view), "notifiedAt": moment},
        headers={"Accept-Language": "en"},
    )
    problem = assert_problem(response, 422)
    check_answer(response)
    assert list(problem["errors"]) == ["notifiedAt"]
    assert _ap_clock().state == "running"


def test_a_wrong_code_is_a_404_and_an_outage_a_409(client, register_with_keurmerk):
    view = file(client, breach(register_with_keurmerk.id))
    wrong = {**_follow(view), "code": "AAAAA-BBBBB-CCCCC-DDDDD", "notifiedAt": "2026-03-10T10:45:00+01:00"}
    assert_problem(client.post("/api/v1/follow-up/ap-notification", json=wrong), 404)
    other = file(client, outage())
    assert_problem(
        client.post(
            "/api/v1/follow-up/ap-notification", json={**_follow(other), "notifiedAt": "2026-03-10T10:45:00+01:00"}
        ),
        409,
    )


def test_a_token_of_the_reporting_school_records_it_and_the_supplier_may_not(
    client, make_org, make_user, register_with_keurmerk
):
    school = make_org("OBS De Linde", kind="school_board")
    anna = token_for(make_user("anna@linde.example", Role.PARTICIPANT, organisation=school))
    ben = token_for(make_user("ben@linde.example", Role.PARTICIPANT, organisation=school))
    jan = token_for(make_user("jan@vodix.example", Role.PARTICIPANT, organisation=register_with_keurmerk))
    view = file(client, breach(register_with_keurmerk.id), headers=anna)
    path = f"/api/v1/cases/{view['reference']}/ap-notification"
    body = {"notifiedAt": "2026-03-10T10:45:00+01:00", "apReference": "AP-1"}
    assert_problem(client.post(path, json=body, headers=jan), 403)
    assert_problem(client.post(path, json=body), 401)
    assert_problem(client.post("/api/v1/cases/INC-2026-99999/ap-notification", json=body, headers=ben), 404)
    assert _ap_clock().state == "running"
    response = client.post(path, json=body, headers=ben)
    assert response.status_code == 200, response.get_json()
    check_answer(response)
    assert _ap_clock().state == "met"


def test_updated_answers_through_the_api_become_a_new_version(client, register_with_keurmerk):
    view = file(client, breach(register_with_keurmerk.id))
    answers = {
        "impact": ["confidentiality", "integrity"],
        "personalData": {
            "categories": ["contact", "results", "health"],
            "affectedMin": 40,
            "affectedMax": 600,
            "encrypted": False,
        },
        "apNotified": True,
        "apNotifiedAt": "2026-03-10T10:50:00+01:00",
        "apReference": "AP-2",
    }
    response = client.post("/api/v1/follow-up/breach-answers", json={**_follow(view), **answers})
    assert response.status_code == 200, response.get_json()
    check_answer(response)
    from app.cases.models import Case, TimelineEvent

    case = db.session.scalar(select(Case))
    assert case.incident.affected_max == 600 and case.incident.ap_reference == "AP-2"
    event = db.session.scalar(select(TimelineEvent).where(TimelineEvent.kind == "breach_updated"))
    assert event.data["version"] == 2 and event.data["previous"]["affected_max"] == 120
    assert _ap_clock().state == "met"  # apNotified true stops the clock too

    invalid = client.post(
        "/api/v1/follow-up/breach-answers",
        json={**_follow(view), **answers, "personalData": {"affectedMin": 700, "affectedMax": 600}},
    )
    problem = assert_problem(invalid, 422)
    assert "personalData.affectedMax" in problem["errors"]


def test_the_ap_endpoints_share_the_follow_up_budget(app, client, register_with_keurmerk):
    view = file(client, breach(register_with_keurmerk.id))
    with rate_limited_app(app, FOLLOW_UP_RATE_LIMIT="2 per minute") as limited:
        guesser = limited.test_client()
        with limited.app_context():
            statuses = [
                guesser.post(
                    "/api/v1/follow-up/ap-notification",
                    json={
                        **_follow(view),
                        "code": f"AAAAA-BBBBB-CCCCC-DDDD{i}",
                        "notifiedAt": "2026-03-10T10:45:00+01:00",
                    },
                ).status_code
                for i in range(3)
            ]
    assert statuses == [404, 404, 429]
