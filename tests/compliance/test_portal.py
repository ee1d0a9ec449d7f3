"""The participant's measures: its own only, evidence with files, and an objection that opens a BEZ- case."""

import io
import re
from datetime import timedelta

from sqlalchemy import select

from app import clock
from app.cases.models import Attachment, Case, TimelineEvent
from app.cases.services import handling
from app.compliance.models import Objection
from app.compliance.services import decisions, measures, queries
from app.compliance.services.measures import MeasureInput
from app.extensions import db
from app.notify.models import OutboxMessage
from tests.helpers.clock import NOW
from tests.helpers.files import EXE, PDF
from tests.helpers.pages import text

from .helpers import keurmerk
from .web import as_user, field_error, post_form


def plan(desk):
    measure = decisions.decide(
        desk["case"],
        "upheld",
        "De toegangscontrole schoot tekort.",
        [
            MeasureInput(
                kind="improvement_plan",
                participant_id=desk["vodix"].id,
                keurmerk_id=keurmerk(desk["vodix"]).id,
                reasoning="Lever een verbeterplan.",
                due_at=NOW + timedelta(days=28),
            )
        ],
        actor=desk["sam"],
    ).measures[0]
    db.session.commit()
    return measure


def test_the_participant_sees_its_own_measures_only(app, desk):
    measure = plan(desk)
    proposal = decisions.add_measure(
        desk["case"],
        MeasureInput(kind="suspension", participant_id=desk["vodix"].id, reasoning="Voorstel."),
        actor=desk["cora"],
    )
    db.session.commit()
    pia = as_user(app.test_client(), desk["pia"])
    listed = text(pia.get("/mijn/maatregelen"))
    assert f'href="/mijn/maatregelen/{measure.id}"' in listed
    assert f"/mijn/maatregelen/{proposal.id}" not in listed
    assert 'href="/mijn/maatregelen"' in listed  # in the navigation
    page = text(pia.get(f"/mijn/maatregelen/{measure.id}"))
    assert "Improvement plan" in page and "Lever een verbeterplan." in page
    assert "De toegangscontrole schoot tekort." in page  # the decision's reasons
    assert "7 Apr 2026" in page  # the due date
    assert pia.get(f"/mijn/maatregelen/{proposal.id}").status_code == 404

    lotte = as_user(app.test_client(), desk["lotte"])  # another organisation
    assert lotte.get(f"/mijn/maatregelen/{measure.id}").status_code == 404
    assert f"/mijn/maatregelen/{measure.id}" not in text(lotte.get("/mijn/maatregelen"))
    # Staff following a participant's link land on their own page.
    sam = as_user(app.test_client(), desk["sam"])
    assert sam.get(f"/mijn/maatregelen/{measure.id}").headers["Location"].endswith(f"/zaken/maatregelen/{measure.id}")


def test_evidence_with_a_file_reaches_the_desk_also_on_a_closed_case(app, desk):
    measure = plan(desk)
    handling.transition(desk["case"], "closed", actor=desk["sam"])
    db.session.commit()
    pia = as_user(app.test_client(), desk["pia"])
    page = f"/mijn/maatregelen/{measure.id}"
    response = post_form(
        pia,
        page,
        f"{page}/bewijs",
        {"evidence-body": "", "evidence-attachments": (io.BytesIO(PDF), "plan.pdf")},
        prefix="evidence",
        content_type="multipart/form-data",
    )
    assert response.status_code == 422 and field_error(text(response), "evidence-body")
    response = post_form(
        pia,
        page,
        f"{page}/bewijs",
        {"evidence-body": "Zie het plan.", "evidence-attachments": (io.BytesIO(EXE), "plan.pdf")},
        prefix="evidence",
        content_type="multipart/form-data",
    )
    assert response.status_code == 422 and "Zie het plan." in text(response)
    response = post_form(
        pia,
        page,
        f"{page}/bewijs",
        {"evidence-body": "Zie het plan.", "evidence-attachments": (io.BytesIO(PDF), "plan.pdf")},
        prefix="evidence",
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    event = db.session.scalar(select(TimelineEvent).where(TimelineEvent.kind == "measure_evidence"))
    assert event.text == "Zie het plan." and event.visibility == f"party:{desk['vodix'].id}"
    [attachment] = db.session.scalars(select(Attachment))
    assert attachment.filename == "plan.pdf" and attachment.visibility == event.visibility
    told = {
        m.recipient
        for m in db.session.scalars(select(OutboxMessage).where(OutboxMessage.key.startswith("measure:evidence:")))
    }
    assert told == {"cora@edu-v.example", "carl@edu-v.example"}
    assert f"/zaken/maatregelen/{measure.id}" in db.session.scalar(
        select(OutboxMessage.body_text).where(OutboxMessage.key.startswith("measure:evidence:")).limit(1)
    )


def test_an_objection_opens_a_case_and_is_linked(app, desk):
    measure = plan(desk)
    pia = as_user(app.test_client(), desk["pia"])
    page = f"/mijn/maatregelen/{measure.id}"
    assert "File the objection" in text(pia.get(page))
    response = post_form(pia, page, f"{page}/bezwaar", {"objection-grounds": " "}, prefix="objection")
    assert response.status_code == 422 and field_error(text(response), "objection-grounds")
    response = post_form(pia, page, f"{page}/bezwaar", {"objection-grounds": "Het plan is er al."}, prefix="objection")
    assert response.status_code == 302
    objection = db.session.scalar(select(Objection))
    case = db.session.get(Case, objection.case_id)
    assert case.reference.startswith("BEZ-") and case.type == "objection"
    assert response.headers["Location"].endswith(f"/mijn/zaken/{case.reference}")
    # The objection's page leads back to the measure it is about (the foundation's page too, below).
    assert f'href="{page}"' in text(pia.get(f"/mijn/zaken/{case.reference}"))
    shown = text(pia.get(page))
    assert f'href="/mijn/zaken/{case.reference}"' in shown and "File the objection" not in shown
    # Once is enough: a second objection is refused with the reason.
    response = post_form(pia, page, f"{page}/bezwaar", {"objection-grounds": "Nog eens."}, prefix="objection")
    assert response.status_code == 422 and "already been filed" in text(response)
    staff = as_user(app.test_client(), desk["sam"])
    assert f'href="/zaken/maatregelen/{measure.id}"' in text(staff.get(f"/behandelen/{case.reference}"))


def test_no_objection_after_six_weeks(app, desk):
    measure = plan(desk)
    measures.record_met(measure, "Geleverd.", actor=desk["sam"])
    db.session.commit()
    clock.freeze(NOW + timedelta(weeks=7))
    pia = as_user(app.test_client(), desk["pia"])
    page = text(pia.get(f"/mijn/maatregelen/{measure.id}"))
    assert "no longer possible" in page and "objection-grounds" not in page
    assert "asks nothing more" not in page  # a met measure still takes evidence


def test_the_participant_pages_through_its_measures(app, desk, monkeypatch):
    monkeypatch.setattr(queries, "PER_PAGE", 2)
    oldest = plan(desk)
    warnings = [
        decisions.add_measure(
            desk["case"],
            MeasureInput(kind="warning", participant_id=desk["vodix"].id, reasoning=f"Waarschuwing {n}."),
            actor=desk["sam"],
        )
        for n in (1, 2)
    ]
    db.session.commit()
    pia = as_user(app.test_client(), desk["pia"])
    first = text(pia.get("/mijn/maatregelen"))
    assert all(f'href="/mijn/maatregelen/{w.id}"' in first for w in warnings)  # the newest first
    assert f'href="/mijn/maatregelen/{oldest.id}"' not in first
    assert 'href="/mijn/maatregelen?page=2" rel="next"' in first and "Page 1 of 2" in first
    second = text(pia.get("/mijn/maatregelen?page=2"))
    assert f'href="/mijn/maatregelen/{oldest.id}"' in second and 'rel="prev"' in second
    assert not re.search(r'href="/mijn/maatregelen/\d', text(pia.get("/mijn/maatregelen?page=9")))
