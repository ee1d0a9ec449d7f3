"""A request for explanation's response clock follows the measure policy the coordinator set,
when it starts and when the policy changes while it runs."""

from datetime import datetime, timedelta

from sqlalchemy import select

from app import clock
from app.compliance.services import decisions
from app.compliance.services.measures import MeasureInput
from app.extensions import db
from app.sla.models import Deadline
from tests.helpers.clock import NOW

from .web import as_user, post_form

POLICY = "/beheer/sla/beleid/measure/-/response"


def set_policy(client, hours: int) -> None:
    response = post_form(client, POLICY, POLICY, {"basis": "business", "amount": str(hours), "warn_percent": "75"})
    assert response.status_code == 302, response.get_data(as_text=True)


def local_due(deadline: Deadline) -> datetime:
    db.session.refresh(deadline)
    return clock.local(deadline.due_at).replace(tzinfo=None)


def test_a_request_for_explanation_follows_the_configured_policy_and_its_changes(client, desk):
    as_user(client, desk["cora"])
    set_policy(client, 16)  # two business days instead of ten
    item = MeasureInput(
        kind="request_explanation",
        participant_id=desk["vodix"].id,
        keurmerk_id=None,
        reasoning="Licht de toegang toe.",
        public_reason="",
        publish=False,
    )
    [measure] = decisions.decide(desk["case"], "partly_upheld", "Deels gegrond.", [item], actor=desk["sam"]).measures
    db.session.commit()
    deadline = db.session.scalar(
        select(Deadline).where(Deadline.subject_type == "measure", Deadline.subject_id == measure.id)
    )
    # Tuesday 10 March 11:00 plus two business days: Thursday 12 March 11:00.
    assert deadline.kind == "measure" and local_due(deadline) == datetime(2026, 3, 12, 11, 0)
    assert clock.as_utc(measure.due_at) == clock.as_utc(deadline.due_at)

    clock.freeze(NOW + timedelta(minutes=5))  # a fresh step for the second factor
    set_policy(client, 40)  # five business days: the running clock moves along
    assert local_due(deadline) == datetime(2026, 3, 17, 11, 0)
    db.session.refresh(measure)
    assert clock.as_utc(measure.due_at) == clock.as_utc(deadline.due_at)
