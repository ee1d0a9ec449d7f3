"""The retention job: warns coordinators a month ahead (once), then erases, keeping the skeleton and the chain."""

import json
from datetime import date

import pytest
from sqlalchemy import select

from app.cases import timeline
from app.cases.models import Attachment, TimelineEvent
from app.cases.services import case_records
from app.extensions import db
from app.intake.services.follow_up import add_reporter_information
from app.notify.models import OutboxMessage
from app.privacy.models import CaseRetention
from app.privacy.services.retention import EXPIRED_BODY
from app.scheduler.jobs import apply_retention
from tests.helpers.clock import NOW
from tests.helpers.login import login
from tests.helpers.pages import csrf_of, english

from .helpers import REPORTER_EMAIL, close, desk, file_breach, later

pytestmark = pytest.mark.usefixtures("frozen_clock")


def days_to(day: date) -> int:
    return (day - NOW.date()).days


@pytest.fixture()
def world(app, make_user, make_org):
    return desk(make_user, make_org)


def personal_traces(case) -> str:
    """Everything stored about the case that could hold the reporter's data, as one text."""
    db.session.expire_all()
    events = db.session.scalars(select(TimelineEvent).where(TimelineEvent.case_id == case.id))
    parts = [case.title, case.description, case.reporter_name, case.reporter_email, case.reporter_phone or ""]
    parts += [f"{e.actor_label} {e.text} {json.dumps(e.data)}" for e in events]
    parts += [case.incident.contact_person or "", case.incident.consequences or ""]
    return " ".join(parts).lower()


def test_the_job_warns_once_a_month_ahead_then_erases_and_the_chain_still_verifies(app, client, world):
    case, _code = file_breach(client, world["vodix"].id, consequences="Anna's pupils exposed", phone="0612345678")
    add_reporter_information(case, "Groet, Anna de Vries", ())
    close(case, world["sam"])
    keys = [a.storage_key for a in db.session.scalars(select(Attachment).where(Attachment.case_id == case.id))]
    assert keys and "anna" in personal_traces(case)

    later(days_to(date(2028, 2, 10)))  # within a month of the term, 10 March 2028
    assert apply_retention() == {"warned": 1, "erased": 0, "mail_bodies": 0}
    digests = list(db.session.scalars(select(OutboxMessage).where(OutboxMessage.key.like("retention:%"))))
    assert sorted(m.recipient for m in digests) == ["coen@edu-v.example", "cora@edu-v.example"]
    assert case.reference in digests[0].body_text and "2028-03-10" in digests[0].body_text
    assert apply_retention()["warned"] == 0  # once per case
    later(days_to(date(2028, 3, 10)))  # the term, but the warning is not a month old yet
    assert apply_retention()["erased"] == 0

    later(days_to(date(2028, 3, 12)))
    assert apply_retention()["erased"] == 1
    traces = personal_traces(case)
    assert "anna" not in traces and "example-school" not in traces and "0612345678" not in traces
    assert not db.session.scalars(select(Attachment).where(Attachment.case_id == case.id)).all()
    for key in keys:
        with pytest.raises(FileNotFoundError):
            case_records.storage().read(key)
    # The skeleton stays: reference, type, category, status, dates.
    assert (case.type, case.category, case.status) == ("incident", "data_breach", "closed")
    assert case.created_at == NOW and case.closed_at == NOW
    last = db.session.scalars(
        select(TimelineEvent).where(TimelineEvent.case_id == case.id).order_by(TimelineEvent.seq.desc())
    ).first()
    assert last.kind == "erased" and last.data["why"] == "retention_term"
    assert timeline.verify_all() == {}
    result = app.test_cli_runner().invoke(args=["timeline", "verify"])
    assert result.exit_code == 0 and "intact" in result.output
    assert apply_retention()["erased"] == 0  # idempotent: an erased case no longer matches
    staff = app.test_client()
    login(staff, "cora@edu-v.example")
    english(staff)
    page = staff.get(f"/behandelen/{case.reference}").get_data(as_text=True)
    assert "Personal data erased on" in page and "Personal data erased" in page and "anna" not in page.lower()


def test_a_legal_hold_stops_erasure_until_lifted_and_both_are_on_the_timeline(app, client, world):
    case, _code = file_breach(client, world["vodix"].id)
    close(case, world["sam"])
    later(days_to(date(2028, 2, 10)))
    apply_retention()
    staff = app.test_client()
    login(staff, "cora@edu-v.example")
    english(staff)
    page = staff.get(f"/behandelen/{case.reference}").get_data(as_text=True)
    assert "Personal data erased from 2028-03-10" in page
    token = csrf_of(page)
    held = staff.post(
        f"/beheer/privacy/zaken/{case.reference}/bewaarplicht",
        data={"csrf_token": token, "reason": "Rechtszaak van de school loopt"},
        follow_redirects=True,
    )
    assert "Rechtszaak van de school loopt" in held.get_data(as_text=True)
    overview = staff.get("/beheer/privacy/bewaartermijnen").get_data(as_text=True)
    assert "Rechtszaak van de school loopt" in overview.split("<h2>On legal hold")[1]
    later(days_to(date(2028, 6, 1)))
    assert apply_retention()["erased"] == 0

    login(staff, "cora@edu-v.example")
    english(staff)
    token = csrf_of(staff.get(f"/behandelen/{case.reference}").get_data(as_text=True))
    staff.post(f"/beheer/privacy/zaken/{case.reference}/bewaarplicht/opheffen", data={"csrf_token": token})
    kinds = [e.kind for e in db.session.scalars(select(TimelineEvent).where(TimelineEvent.case_id == case.id))]
    assert kinds[-2:] == ["legal_hold", "legal_hold_lifted"]
    assert apply_retention() == {"warned": 1, "erased": 0, "mail_bodies": 0}  # a fresh month's warning
    later(days_to(date(2028, 7, 2)))
    assert apply_retention()["erased"] == 1
    assert db.session.get(CaseRetention, case.id).erased_at is not None
    assert timeline.verify_all() == {}


def test_sent_mail_bodies_are_blanked_after_their_retention_keeping_the_row(app, client, world):
    case, _code = file_breach(client, world["vodix"].id)
    ack = db.session.scalar(select(OutboxMessage).where(OutboxMessage.key == f"ack:{case.reference}"))
    ack.status, ack.sent_at = "sent", NOW
    db.session.commit()
    later(29)
    assert apply_retention()["mail_bodies"] == 0
    later(31)
    assert apply_retention()["mail_bodies"] == 1
    db.session.expire_all()
    assert ack.body_text == EXPIRED_BODY and ack.body_html is None
    assert ack.recipient == REPORTER_EMAIL and case.reference in ack.subject
    assert apply_retention()["mail_bodies"] == 0
