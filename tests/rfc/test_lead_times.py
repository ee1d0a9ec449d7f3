"""RFC lead times are deadline rows on the business calendar: the one sweep warns the analyst and escalates a
breach to the change managers, the SLA dashboard shows RFC clocks beside the case clocks, and a policy change
moves the open RFCs' clocks."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from app import clock
from app.extensions import db
from app.notify.models import OutboxMessage
from app.rfc.models import Rfc, RfcEvent
from app.sla import admin as sla_admin
from app.sla.models import Deadline
from app.sla.sweep import run_sweep
from tests.api.helpers import token_for
from tests.helpers.clock import NOW
from tests.helpers.login import login
from tests.helpers.pages import text
from tests.rfc.helpers import body, rfc_world

pytestmark = pytest.mark.usefixtures("frozen_clock")


@pytest.fixture()
def rfc(client, make_org, make_user):
    world = rfc_world(make_org, make_user)
    response = client.post("/api/v1/rfcs", json=body(priority="critical"), headers=token_for(world["submitter"]))
    assert response.status_code == 201
    return db.session.scalar(select(Rfc))


def test_the_reaction_clock_runs_on_business_hours(rfc):
    reaction = db.session.scalar(select(Deadline).where(Deadline.kind == "reaction"))
    # Critical: one business day from Tuesday 11:00 is Wednesday 11:00 (10:00 UTC).
    assert reaction.due_at == NOW + timedelta(days=1)


def test_the_sweep_warns_the_change_managers_and_escalates_a_breach(rfc):
    run_sweep(NOW + timedelta(hours=23))  # past 75 % of the business day
    warnings = db.session.scalars(select(OutboxMessage).where(OutboxMessage.key.startswith("sla:warn:"))).all()
    assert [m.recipient for m in warnings] == ["carl@edu-v.example"] and rfc.reference in warnings[0].body_text
    report = run_sweep(NOW + timedelta(days=1, minutes=1))
    assert report.events == {"breach": 2}
    breaches = db.session.scalars(select(OutboxMessage).where(OutboxMessage.key.startswith("sla:breach:"))).all()
    assert [m.recipient for m in breaches] == ["carl@edu-v.example"]
    kinds = db.session.scalars(select(RfcEvent.kind).where(RfcEvent.kind == "deadline_breached")).all()
    assert len(kinds) == 2
    assert run_sweep(NOW + timedelta(days=1, minutes=2)).events == {}  # nothing twice


def test_the_dashboard_shows_rfc_clocks_beside_case_clocks(client, rfc):
    clock.freeze(NOW + timedelta(hours=23))  # past the warning point
    run_sweep()  # the sweep warns about the clock: from then on it is at risk
    db.session.commit()
    login(client, "carl@edu-v.example")
    page = text(client.get("/beheer/sla"))
    assert rfc.reference in page and "RFC" in page
    policies = text(client.get("/beheer/sla/beleid"))
    assert "Reactie van de changemanager" in policies and "Blocker of kritiek" in policies


def test_a_policy_change_moves_the_open_rfc_clocks(rfc):
    sla_admin.update_policy("rfc", "urgent", "reaction", basis="business", amount=16, warn_percent=75, actor=None)
    db.session.commit()
    reaction = db.session.scalar(select(Deadline).where(Deadline.kind == "reaction"))
    assert reaction.amount == 16 * 3600 and reaction.due_at == NOW + timedelta(days=2)
    assert db.session.scalar(select(RfcEvent.kind).where(RfcEvent.kind == "deadlines_recomputed"))
