"""The coordinators' SLA pages: who may see them, the dashboard's figures, editing policies and the calendar."""

import re
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from app import clock
from app.extensions import db
from app.sla import dashboard, services
from app.sla.policy_models import ClosureDay, SlaPolicy
from app.sla.sweep import run_sweep
from tests.helpers.login import login
from tests.helpers.pages import csrf_token, nl
from tests.intake.helpers import field_error
from tests.sla.helpers import TUESDAY_14, clock_of, incident

PAGES = ["/beheer/sla", "/beheer/sla/beleid", "/beheer/sla/beleid/incident/incident/resolution", "/beheer/sla/kalender"]
POSTS = [
    "/beheer/sla/beleid/incident/incident/resolution",
    "/beheer/sla/kalender/uren",
    "/beheer/sla/kalender/sluitingsdagen",
    "/beheer/sla/kalender/sluitingsdagen/1/verwijderen",
]
POLICY = "/beheer/sla/beleid/incident/incident/resolution"


@pytest.fixture()
def coordinator(client, make_user):
    user = make_user("coordinator@edu-v.nl", role="coordinator")
    login(client, user.email)
    return user


def _input_value(html: str, field_id: str) -> str:
    return re.search(rf'<input[^>]*id="{field_id}"[^>]*value="([^"]*)"', html).group(1)


# -- who may see the pages ----------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_the_login(client):
    for path in PAGES:
        response = client.get(path)
        assert response.status_code == 302 and "/inloggen" in response.headers["Location"]


@pytest.mark.parametrize("role", ["participant", "supervisor", "admin"])
def test_everyone_but_coordinators_gets_404(client, make_user, make_org, role):
    org = make_org("Vodix") if role == "participant" else None
    make_user(f"{role}@example.nl", role=role, organisation=org)
    login(client, f"{role}@example.nl")
    token = csrf_token(client, "/")
    for path in PAGES:
        assert client.get(path).status_code == 404
    for path in POSTS:
        assert (
            client.post(path, data={"csrf_token": token, "amount": "1", "day": "2030-01-02", "reason": "x"}).status_code
            == 404
        )
    assert db.session.scalar(select(func.count()).select_from(SlaPolicy)) == 0
    assert db.session.scalar(select(func.count()).select_from(ClosureDay)) == 0


def test_coordinators_see_every_page_and_the_menu_link(client, coordinator):
    for path in PAGES:
        assert client.get(path).status_code == 200, path
    assert 'href="/beheer/sla"' in client.get("/").get_data(as_text=True)
    assert client.get("/beheer/sla/beleid/incident/none/resolution").status_code == 404
    assert client.get("/beheer/sla/beleid/complaint/-/resolution").status_code == 200


# -- the dashboard ------------------------------------------------------------------------------


def test_the_dashboard_lists_clocks_at_risk_first_and_counts_clocks_by_state(app, client, coordinator):
    late = incident(at=TUESDAY_14)  # first response overdue by Thursday
    risky = incident(at=TUESDAY_14 + timedelta(days=1))  # Wednesday 14:00: 7 of 8 hours used
    at_warning = incident(at=TUESDAY_14 + timedelta(days=1, hours=1))  # 15:00: exactly 75 %
    incident(at=TUESDAY_14 + timedelta(days=1, hours=2))  # 16:00: 5 of 8 hours, not at risk yet
    services.pause("case", late.id, ("resolution",), TUESDAY_14 + timedelta(days=1))
    thursday_13 = TUESDAY_14 + timedelta(days=2, hours=-1)
    run_sweep(thursday_13)
    db.session.commit()

    with app.test_request_context():  # links to the case pages are built as on the page
        risk, count = dashboard.at_risk(thursday_13)
    assert [(r.label, r.kind) for r in risk] == [
        (risky.reference, "first_response"),
        (at_warning.reference, "first_response"),
    ]
    assert count == 2 and risk[0].fraction == pytest.approx(7 / 8)
    assert risk[0].url == f"/behandelen/{risky.reference}"
    assert dashboard.open_by_state() == {"running": 6, "paused": 1, "breached": 1}

    clock.freeze(thursday_13)
    html = client.get("/beheer/sla").get_data(as_text=True)
    assert html.index(risky.reference) < html.index(at_warning.reference)
    assert "88%" in html and re.search(r'<td id="state-paused"[^>]*>1</td>', html)  # [^>]*: its data-label
    assert '<strong id="breaches-total">1</strong>' in html


def test_only_the_clocks_due_soonest_are_ranked_but_every_one_at_risk_is_counted(app, monkeypatch):
    # A large desk has thousands of clocks past their warning point: the dashboard ranks the ones
    # due soonest (dashboard.AT_RISK_RANKED) and counts them all.
    risky = incident(at=TUESDAY_14 + timedelta(days=1))  # due Thursday 14:00, 7 of 8 hours used
    later = incident(at=TUESDAY_14 + timedelta(days=1, hours=1))  # due Thursday 15:00, 75 %
    thursday_13 = TUESDAY_14 + timedelta(days=2, hours=-1)
    with app.test_request_context():
        assert dashboard.at_risk(thursday_13) == ([], 0)  # past their warning point, but not yet warned
    run_sweep(thursday_13)  # the sweep warns about both: from then on they are at risk
    db.session.commit()
    monkeypatch.setattr(dashboard, "AT_RISK_RANKED", 1)
    with app.test_request_context():
        risk, count = dashboard.at_risk(thursday_13)
    assert [r.label for r in risk] == [risky.reference] and count == 2
    assert later.reference not in [r.label for r in risk]


def test_the_share_met_per_case_type_per_month_as_a_chart_and_a_table(client, coordinator):
    on_time, complaint = incident(), incident()
    complaint.type = "complaint"  # grouping follows the subject's type
    services.meet("case", on_time.id, "first_response", TUESDAY_14 + timedelta(hours=1))
    db.session.commit()
    run_sweep(TUESDAY_14 + timedelta(days=10))  # everything else breaches in March
    db.session.commit()

    april = TUESDAY_14 + timedelta(days=35)
    types, months = dashboard.monthly_share(april)
    assert types == ["incident", "complaint"] and len(months) == 12
    march = months[-2]
    assert clock.local(march.start).month == 3 and clock.local(march.start).day == 1
    assert march.ended == {"incident": (1, 2), "complaint": (0, 2)}
    assert march.share("incident") == 0.5 and months[-1].share("incident") is None
    assert dashboard.breaches_since(dashboard.month_start(april, 1)) == {"incident": 1, "complaint": 2}

    clock.freeze(april)
    html = client.get("/beheer/sla").get_data(as_text=True)
    svg = html[html.index("<svg") : html.index("</svg>")]
    assert 'role="img"' in svg and 'aria-labelledby="chart-title chart-desc"' in svg
    assert svg.count('<rect class="bar bar-incident"') == 1 and svg.count('<rect class="bar bar-complaint"') == 1
    table = html[html.index('id="share-table"') :]
    assert "50%" in table and "0%" in table
    assert '<strong id="breaches-total">0</strong>' in html  # none in April itself


def test_the_bar_chart_geometry():
    months = [dashboard.MonthShare(None, {"incident": (1, 2)}), dashboard.MonthShare(None, {})]
    chart = dashboard.bar_chart(["incident"], months, width=244, height=240)
    [bar] = chart.bars
    assert bar.percent == 50 and bar.height == chart.plot_height / 2
    assert bar.y + bar.height == chart.top + chart.plot_height  # bars stand on the axis


# -- editing a policy ---------------------------------------------------------------------------


def test_a_coordinator_changes_a_policy_and_open_cases_follow(client, coordinator):
    case = incident()
    page = client.get(POLICY).get_data(as_text=True)
    assert _input_value(page, "amount") == "24" and _input_value(page, "warn_percent") == "75"
    response = client.post(
        POLICY,
        data={"csrf_token": csrf_token(client, POLICY), "basis": "business", "amount": "40", "warn_percent": "80"},
    )
    assert response.status_code == 302 and response.headers["Location"].endswith("/beheer/sla/beleid")
    policies = client.get("/beheer/sla/beleid").get_data(as_text=True)
    assert nl("The clock policy is saved; the deadlines of open cases were recalculated.") in policies
    assert clock_of(case, "resolution").amount == 40 * 3600
    assert db.session.scalar(select(SlaPolicy.updated_by_id)) == coordinator.id


@pytest.mark.parametrize(
    "amount, warn, field, message",
    [
        ("-8", "75", "amount", "A clock must last longer than zero: enter a positive number."),
        ("0", "75", "amount", "A clock must last longer than zero: enter a positive number."),
        ("9999999", "75", "amount", "A clock lasts at most a year."),
        ("24", "100", "warn_percent", "The warning comes between 1 and 99 percent of the clock."),
        ("abc", "75", "amount", None),
        ("", "75", "amount", None),
    ],
)
def test_a_bad_policy_shows_the_error_next_to_the_field_and_keeps_the_input(
    client, coordinator, amount, warn, field, message
):
    case = incident()
    due = clock_of(case, "resolution").due_at
    response = client.post(
        POLICY,
        data={"csrf_token": csrf_token(client, POLICY), "basis": "business", "amount": amount, "warn_percent": warn},
    )
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    error = field_error(html, field)
    assert error and (message is None or error == nl(message))
    assert _input_value(html, "amount") == amount  # nothing typed is lost
    assert db.session.scalar(select(func.count()).select_from(SlaPolicy)) == 0
    assert clock_of(case, "resolution").due_at == due


def test_an_unknown_basis_is_refused_by_the_form(client, coordinator):
    response = client.post(
        POLICY,
        data={"csrf_token": csrf_token(client, POLICY), "basis": "fortnights", "amount": "2", "warn_percent": "75"},
    )
    assert response.status_code == 422 and field_error(response.get_data(as_text=True), "basis")


# -- the calendar -------------------------------------------------------------------------------

CALENDAR = "/beheer/sla/kalender"


def _post(client, path, **data):
    return client.post(path, data={"csrf_token": csrf_token(client, CALENDAR), **data})


def test_opening_hours_are_changed_or_refused_with_a_message(client, coordinator):
    case = incident()
    due = clock_of(case, "resolution").due_at
    response = _post(client, "/beheer/sla/kalender/uren", day_start="17:00", day_end="09:00")
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert field_error(html, "day_end") == nl("The desk must open before it closes.")
    assert _input_value(html, "day_start") == "17:00"
    assert field_error(
        _post(client, "/beheer/sla/kalender/uren", day_start="9 uur", day_end="17:00").get_data(as_text=True),
        "day_start",
    )
    assert clock_of(case, "resolution").due_at == due

    assert _post(client, "/beheer/sla/kalender/uren", day_start="08:00", day_end="16:00").status_code == 302
    assert services.current_calendar().day_end.hour == 16
    assert _input_value(client.get(CALENDAR).get_data(as_text=True), "day_end") == "16:00"


def test_closure_days_are_added_refused_and_removed(client, coordinator):
    clock.freeze(TUESDAY_14)
    response = _post(client, "/beheer/sla/kalender/sluitingsdagen", day="2026-03-02", reason="Gisteren")
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert field_error(html, "day") == nl("A closure day cannot lie in the past.")
    assert _input_value(html, "reason") == "Gisteren" and _input_value(html, "day") == "2026-03-02"
    assert field_error(
        _post(client, "/beheer/sla/kalender/sluitingsdagen", day="morgen", reason="x").get_data(as_text=True), "day"
    )
    assert db.session.scalar(select(func.count()).select_from(ClosureDay)) == 0

    response = _post(client, "/beheer/sla/kalender/sluitingsdagen", day="2026-03-05", reason="Teamdag")
    assert response.status_code == 302
    closure = db.session.scalar(select(ClosureDay))
    assert (closure.day, closure.reason, closure.created_by_id) == (date(2026, 3, 5), "Teamdag", coordinator.id)
    assert "Teamdag" in client.get(CALENDAR).get_data(as_text=True)

    clock.freeze(TUESDAY_14 + timedelta(days=3))  # the day has passed: it stays
    response = _post(client, f"/beheer/sla/kalender/sluitingsdagen/{closure.id}/verwijderen")
    assert response.status_code == 302
    page = client.get(CALENDAR).get_data(as_text=True)
    assert nl("A closure day in the past stays: clocks have already been counted with it.") in page
    clock.freeze(TUESDAY_14)
    assert _post(client, f"/beheer/sla/kalender/sluitingsdagen/{closure.id}/verwijderen").status_code == 302
    assert db.session.scalar(select(func.count()).select_from(ClosureDay)) == 0
    assert _post(client, f"/beheer/sla/kalender/sluitingsdagen/{closure.id}/verwijderen").status_code == 404


def test_the_pages_switch_to_english(client, coordinator):
    client.post("/taal", data={"csrf_token": csrf_token(client, "/"), "lang": "en", "next": "/beheer/sla"})
    html = client.get("/beheer/sla/beleid").get_data(as_text=True)
    assert "Clock policies" in html and "24 business hours" in html and "6 weeks" in html
