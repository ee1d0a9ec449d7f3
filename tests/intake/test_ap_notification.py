"""A data-breach reporter stops the AP clock and updates the breach answers in stages (pages)."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from app import clock
from app.auth.models import Role
from app.cases.models import Case, TimelineEvent
from app.extensions import db
from app.notify.models import OutboxMessage
from app.sla.models import Deadline
from app.sla.sweep import run_sweep
from tests.helpers.login import login
from tests.helpers.pages import csrf_token, nl, text
from tests.intake.helpers import breach_form, field_error, local_input, receipt, submit_incident
from tests.sla.helpers import TUESDAY_14


@pytest.fixture()
def filed(app, register_with_keurmerk):
    clock.freeze(TUESDAY_14)
    client = app.test_client()
    submit_incident(client, breach_form(register_with_keurmerk.id))
    reference, _code = receipt(client)
    return client, db.session.scalar(select(Case).where(Case.reference == reference))


def _ap_clock() -> Deadline:
    db.session.expire_all()
    return db.session.scalar(select(Deadline).where(Deadline.kind == "ap_notification"))


def _reminders() -> list[str]:
    return [m.key for m in db.session.scalars(select(OutboxMessage)) if ":reminder:" in m.key]


def post_ap(client, case, moment, reference="AP-2026-1234", base="/volgen"):
    page = f"{base}/{case.reference}"
    return client.post(
        f"{page}/ap-melding",
        data={
            "ap-csrf_token": csrf_token(client, page),
            "ap-ap_notified_at": local_input(moment),
            "ap-ap_reference": reference,
            "ap-ap_notified_by": "Functionaris gegevensbescherming",
        },
    )


def test_recording_the_ap_notification_stops_the_clock_and_its_reminders(app, filed):
    client, case = filed
    discovered = case.incident.discovered_at
    response = post_ap(client, case, TUESDAY_14 - timedelta(hours=1))
    assert response.status_code == 302
    page = text(client.get(f"/volgen/{case.reference}"))
    assert "AP-2026-1234" in page and "Functionaris gegevensbescherming" in page
    assert nl("Reporter reported the leak to the AP") in page
    ap = _ap_clock()
    assert ap.state == "met" and clock.as_utc(ap.met_at) == TUESDAY_14 - timedelta(hours=1)

    for hours in (48, 66, 73):
        run_sweep(discovered + timedelta(hours=hours, minutes=1))
        db.session.commit()
    assert _reminders() == []
    assert _ap_clock().breached_at is None


def test_without_the_record_the_reminders_still_come(app, filed):
    _client, case = filed
    run_sweep(case.incident.discovered_at + timedelta(hours=48, minutes=1))
    db.session.commit()
    assert _reminders() == [f"sla:{_ap_clock().id}:reminder:1"]


@pytest.mark.parametrize(
    "offset, message",
    [
        (timedelta(hours=2), "This moment lies in the future."),
        (timedelta(hours=-5), "The AP cannot have been told before the leak was discovered."),  # discovered 3 h ago
    ],
)
def test_a_notification_in_the_future_or_before_discovery_is_refused_at_the_field(app, filed, offset, message):
    client, case = filed
    response = post_ap(client, case, TUESDAY_14 + offset)
    assert response.status_code == 422
    assert field_error(response.get_data(as_text=True), "ap-ap_notified_at") == nl(message)
    assert _ap_clock().state == "running"


def test_the_schools_users_record_it_on_my_cases_and_the_supplier_cannot(
    app, make_org, make_user, register_with_keurmerk
):
    clock.freeze(TUESDAY_14)
    school = make_org("Basisschool De Linde", kind="school_board")
    make_user("anna@linde.example", Role.PARTICIPANT, organisation=school, name="Anna")
    make_user("ben@linde.example", Role.PARTICIPANT, organisation=school, name="Ben")
    make_user("jan@vodix.example", Role.PARTICIPANT, organisation=register_with_keurmerk, name="Jan")
    anna = app.test_client()
    login(anna, "anna@linde.example")
    submit_incident(anna, breach_form(register_with_keurmerk.id))
    case = db.session.scalar(select(Case))

    supplier = app.test_client()
    login(supplier, "jan@vodix.example")
    assert 'id="ap-notification"' not in supplier.get(f"/mijn/zaken/{case.reference}").get_data(as_text=True)
    token = csrf_token(supplier, f"/mijn/zaken/{case.reference}")
    refused = supplier.post(
        f"/mijn/zaken/{case.reference}/ap-melding",
        data={"ap-csrf_token": token, "ap-ap_notified_at": local_input(TUESDAY_14)},
    )
    assert refused.status_code == 404 and _ap_clock().state == "running"

    ben = app.test_client()  # a colleague at the same school
    login(ben, "ben@linde.example")
    assert post_ap(ben, case, TUESDAY_14, base="/mijn/zaken").status_code == 302
    assert _ap_clock().state == "met"
    assert "AP-2026-1234" in text(ben.get(f"/mijn/zaken/{case.reference}"))


def breach_update(client, case, **changes):
    page = f"/volgen/{case.reference}"
    data = {
        "impact": ["confidentiality", "integrity"],
        "nature": ["read", "copied"],
        "data_categories": ["contact", "results", "health"],
        "affected_min": "120",
        "affected_max": "900",
        "affected_groups": ["pupils", "parents"],
        "minors_involved": "yes",
        "encrypted": "no",
        "ap_notified": "no",
        "consequences": "Ook gezondheidsgegevens bleken zichtbaar.",
    }
    data.update(changes)
    body = {f"breach-{key}": value for key, value in data.items() if value is not None}
    return client.post(f"{page}/datalek", data={"breach-csrf_token": csrf_token(client, page), **body})


def test_updated_answers_show_as_current_and_the_earlier_stay_on_the_timeline(app, filed):
    client, case = filed
    assert breach_update(client, case).status_code == 302
    page = text(client.get(f"/volgen/{case.reference}"))
    report = page.split('id="filed-report"')[1].split('id="timeline"')[0]
    assert nl("%(low)s to %(high)s", low=120, high=900) in report
    assert "Ook gezondheidsgegevens bleken zichtbaar." in report
    history = page.split('id="timeline"')[1]
    assert nl("Answers about the data leak updated") in history
    assert nl("Answers before this update (version %(number)s)", number=1) in history
    assert nl("%(low)s to %(high)s", low=120, high=250) in history  # the answers as filed

    assert breach_update(client, case, affected_max="1500").status_code == 302
    versions = [
        e.data["version"]
        for e in db.session.scalars(
            select(TimelineEvent).where(TimelineEvent.kind == "breach_updated").order_by(TimelineEvent.seq)
        )
    ]
    assert versions == [2, 3]
    history = text(client.get(f"/volgen/{case.reference}")).split('id="timeline"')[1]
    assert nl("%(low)s to %(high)s", low=120, high=900) in history  # version 2 stays readable


def test_an_invalid_update_is_refused_as_the_incident_form_refuses_it(app, filed):
    client, case = filed
    response = breach_update(client, case, affected_min="500", affected_max="100", impact=None)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert field_error(html, "breach-affected_max") == nl("The maximum must be at least the minimum.")
    assert field_error(html, "breach-impact") == nl("Choose at least one.")
    db.session.expire_all()
    assert db.session.get(Case, case.id).incident.affected_max == 250
