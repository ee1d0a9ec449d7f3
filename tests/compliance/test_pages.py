"""The decision form on the staff case page, the measure page with four eyes, and the staff list of measures."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from app import clock
from app.compliance.models import Decision, Measure
from app.compliance.services import decisions, measures, queries
from app.compliance.services.measures import MeasureInput
from app.extensions import db
from app.sla.sweep import run_sweep
from tests.helpers.clock import NOW
from tests.helpers.pages import text

from .helpers import keurmerk, nothing_decided
from .web import as_user, field_error, post_form

CASE = "/behandelen/{}"


def decision_data(desk, rows=None, **fields) -> dict:
    data = {"decision-outcome": "upheld", "decision-reasoning": "De klacht is gegrond."}
    for index, row in enumerate(rows or []):
        data.update({f"decision-measures-{index}-{name}": value for name, value in row.items()})
    data.update({f"decision-{name}": value for name, value in fields.items()})
    return data


def plan_row(desk, **changes) -> dict:
    row = {
        "kind": "improvement_plan",
        "participant_id": str(desk["vodix"].id),
        "keurmerk_id": str(keurmerk(desk["vodix"]).id),
        "public_reason": "Verbeterplan toegangscontrole",
        "publish": "y",
        "due_at": "07-04-2026 17:00",
    }
    row.update(changes)
    return row


def decide(client, desk, data):
    page = CASE.format(desk["case"].reference)
    # Vodix was never asked for a response on this complaint: deciding needs the explicit confirmation
    # (tests/compliance/test_fair_process.py covers the refusal without it).
    data = {"decision-confirm_missing": "y", **data}
    return post_form(client, page, f"{page}/besluit", data, prefix="decision")


def test_a_handler_decides_through_the_form_and_the_page_shows_the_decision(client, desk):
    as_user(client, desk["sam"])
    page = text(client.get(CASE.format(desk["case"].reference)))
    # Two measure rows, each field labelled; only this case type's outcomes are offered.
    for name in (
        "kind",
        "participant_id",
        "keurmerk_id",
        "reasoning",
        "public_reason",
        "publish",
        "starts_on",
        "ends_on",
        "due_at",
    ):
        for index in (0, 1):
            assert (
                f'<label class="label" for="decision-measures-{index}-{name}"' in page
                or f'for="decision-measures-{index}-{name}"' in page
            ), name
    assert 'value="settled"' not in page and 'value="partly_upheld"' in page
    assert 'name="decision-cause"' not in page  # incidents only

    # The second row is left empty and ignored.
    response = decide(client, desk, decision_data(desk, [plan_row(desk), {"kind": ""}]))
    assert response.status_code == 302 and response.headers["Location"].endswith("#decision")
    [measure] = db.session.scalars(select(Measure))
    assert (measure.kind, measure.status, measure.publish) == ("improvement_plan", "in_force", True)
    assert measure.reasoning == "De klacht is gegrond."  # the decision's reasons, as none were given
    page = text(client.get(CASE.format(desk["case"].reference)))
    assert "Upheld (gegrond)" in page and "De klacht is gegrond." in page
    assert f'href="/zaken/maatregelen/{measure.id}"' in page and "In force" in page
    assert 'action="/behandelen/{}/besluit"'.format(desk["case"].reference) not in page


@pytest.mark.parametrize(
    "row, field, message",
    [
        (dict(participant_id="LEERLAB"), "participant_id", "Choose a participant that is a party to this case."),
        (dict(due_at="09-03-2026 12:00"), "due_at", "The due date has passed: give a moment in the future."),
        (
            dict(kind="reinstatement", due_at=""),
            "keurmerk_id",
            "Only a revoked or suspended keurmerk can be reinstated; this one is not.",
        ),
        (dict(due_at="tomorrow"), "due_at", "Enter a date and time, for example 14-03-2026 09:30."),
        (dict(kind="warning"), "due_at", "This measure has no term to meet: leave the due date empty."),
    ],
)
def test_a_refused_measure_is_shown_at_its_field_and_nothing_changes(client, desk, row, field, message):
    as_user(client, desk["sam"])
    if row.get("participant_id") == "LEERLAB":
        row = {**row, "participant_id": str(desk["leerlab"].id), "keurmerk_id": ""}
    # The refused measure is in the second row, after an unused first one: the error lands on row 1.
    response = decide(client, desk, decision_data(desk, [{"kind": ""}, plan_row(desk, **row)]))
    assert response.status_code == 422
    page = text(response)
    assert field_error(page, f"decision-measures-1-{field}") == message
    assert 'class="error-summary"' in page and f'href="#decision-measures-1-{field}"' in page
    # Nothing typed is lost.
    assert "Verbeterplan toegangscontrole" in page and "De klacht is gegrond." in page
    assert nothing_decided(desk)


def test_another_row_keeps_what_was_typed(client, desk):
    as_user(client, desk["sam"])
    data = decision_data(
        desk,
        [plan_row(desk), {"kind": "warning", "participant_id": str(desk["vodix"].id)}],
        add_row="x",
        reasoning="Half af",
    )
    response = decide(client, desk, data)
    assert response.status_code == 200
    page = text(response)
    assert 'name="decision-measures-2-kind"' in page and "Half af" in page and 'class="error-summary"' not in page
    assert nothing_decided(desk)


def test_only_handlers_decide_and_only_while_in_progress(client, desk):
    page = CASE.format(desk["case"].reference)
    as_user(client, desk["adam"])
    assert 'name="decision-outcome"' not in text(client.get(page))
    assert decide(client, desk, decision_data(desk)).status_code == 403
    client.post("/uitloggen", data={"csrf_token": "x"})
    desk["case"].status = "waiting"
    db.session.commit()
    as_user(client, desk["sam"])
    assert 'name="decision-outcome"' not in text(client.get(page))
    response = decide(client, desk, decision_data(desk))
    assert response.status_code == 303
    assert "cannot be decided" in text(client.get(response.headers["Location"]))
    assert nothing_decided(desk) is False and db.session.scalar(select(func.count(Decision.id))) == 0


def suspension(desk, proposer) -> Measure:
    decision = decisions.decide(
        desk["case"],
        "upheld",
        "Ernstig.",
        [MeasureInput(kind="suspension", participant_id=desk["vodix"].id, keurmerk_id=keurmerk(desk["vodix"]).id)],
        actor=proposer,
    )
    db.session.commit()
    return decision.measures[0]


def test_four_eyes_on_the_measure_page(app, desk):
    measure = suspension(desk, desk["cora"])
    page = f"/zaken/maatregelen/{measure.id}"
    cora = as_user(app.test_client(), desk["cora"])
    own = text(cora.get(page))
    assert "You proposed this measure" in own and "/goedkeuren" not in own
    response = post_form(cora, page, f"{page}/goedkeuren", {}, prefix="approve")
    assert response.status_code == 422
    assert "You proposed this measure: a second coordinator must approve it." in text(response)
    db.session.expire_all()
    assert measure.status == "proposed"

    sam = as_user(app.test_client(), desk["sam"])
    assert "/goedkeuren" not in text(sam.get(page))
    assert post_form(sam, page, f"{page}/goedkeuren", {}, prefix="approve").status_code == 403

    carl = as_user(app.test_client(), desk["carl"])
    listed = text(carl.get("/zaken/maatregelen"))  # a coordinator's list opens on what awaits approval
    assert f'href="/zaken/maatregelen/{measure.id}"' in listed
    assert "/goedkeuren" in text(carl.get(page))
    response = post_form(carl, page, f"{page}/goedkeuren", {}, prefix="approve")
    assert response.status_code == 302
    db.session.expire_all()
    assert measure.status == "in_force" and measure.approved_by_id == desk["carl"].id
    assert f'href="/zaken/maatregelen/{measure.id}"' not in text(carl.get("/zaken/maatregelen"))
    assert f'href="/zaken/maatregelen/{measure.id}"' in text(carl.get("/zaken/maatregelen?status="))


def test_a_rejection_needs_a_reason(app, desk):
    measure = suspension(desk, desk["cora"])
    page = f"/zaken/maatregelen/{measure.id}"
    carl = as_user(app.test_client(), desk["carl"])
    response = post_form(carl, page, f"{page}/afwijzen", {"reject-reason": " "}, prefix="reject")
    assert response.status_code == 422 and field_error(text(response), "reject-reason")
    response = post_form(carl, page, f"{page}/afwijzen", {"reject-reason": "Te zwaar."}, prefix="reject")
    assert response.status_code == 302
    db.session.expire_all()
    assert measure.status == "rejected" and measure.rejection_reason == "Te zwaar."


def test_met_lifted_and_the_next_step(app, desk):
    decision = decisions.decide(
        desk["case"],
        "upheld",
        "Gegrond.",
        [
            MeasureInput(
                kind="improvement_plan",
                participant_id=desk["vodix"].id,
                keurmerk_id=keurmerk(desk["vodix"]).id,
                due_at=NOW + timedelta(days=28),
            )
        ],
        actor=desk["sam"],
    )
    db.session.commit()
    plan = decision.measures[0]
    page = f"/zaken/maatregelen/{plan.id}"
    sam = as_user(app.test_client(), desk["sam"])
    shown = text(sam.get(page))
    assert "Record as met" in shown and "Lift the measure" in shown and "Measure deadline" in shown
    # The next step is prefilled: a notice of default after an improvement plan.
    assert '<option selected value="notice_of_default">' in shown
    response = post_form(
        sam,
        page,
        f"{page}/volgende-stap",
        {
            "next-kind": "notice_of_default",
            "next-participant_id": str(desk["vodix"].id),
            "next-keurmerk_id": str(keurmerk(desk["vodix"]).id),
            "next-reasoning": "Termijn verstreken.",
            "next-due_at": "01-03-2026 10:00",
        },
        prefix="next",
    )
    assert response.status_code == 422
    assert field_error(text(response), "next-due_at") == "The due date has passed: give a moment in the future."
    response = post_form(
        sam,
        page,
        f"{page}/volgende-stap",
        {
            "next-kind": "notice_of_default",
            "next-participant_id": str(desk["vodix"].id),
            "next-keurmerk_id": str(keurmerk(desk["vodix"]).id),
            "next-reasoning": "Termijn verstreken.",
            "next-due_at": "21-04-2026 17:00",
        },
        prefix="next",
    )
    assert response.status_code == 302
    follow_up = db.session.scalar(select(Measure).where(Measure.follows_id == plan.id))
    assert follow_up.kind == "notice_of_default" and follow_up.status == "in_force"
    db.session.expire_all()
    assert plan.status == "ended"  # the next step replaces it
    assert "Record as met" not in text(sam.get(page))

    page = f"/zaken/maatregelen/{follow_up.id}"
    response = post_form(sam, page, f"{page}/nagekomen", {"met-note": "Plan uitgevoerd."}, prefix="met")
    assert response.status_code == 302
    db.session.expire_all()
    assert follow_up.status == "met"
    response = post_form(sam, page, f"{page}/beeindigen", {"lift-reason": ""}, prefix="lift")
    assert response.status_code == 422 and field_error(text(response), "lift-reason")
    response = post_form(sam, page, f"{page}/beeindigen", {"lift-reason": "Niet meer nodig."}, prefix="lift")
    assert response.status_code == 302
    db.session.expire_all()
    assert follow_up.status == "ended"


def test_the_hearing_after_an_emergency_suspension(app, desk):
    measure = decisions.decide(
        desk["case"],
        "upheld",
        "Acuut datalek.",
        [MeasureInput(kind="emergency_suspension", participant_id=desk["vodix"].id)],
        actor=desk["cora"],
    ).measures[0]
    db.session.commit()
    measures.approve(measure, actor=desk["carl"])
    db.session.commit()
    page = f"/zaken/maatregelen/{measure.id}"
    sam = as_user(app.test_client(), desk["sam"])
    assert "Record the hearing" in text(sam.get(page))
    response = post_form(sam, page, f"{page}/gehoord", {"heard-note": "Gehoord op 12 maart."}, prefix="heard")
    assert response.status_code == 302
    assert "Record the hearing" not in text(sam.get(page))


def test_participants_do_not_reach_the_staff_pages(app, desk):
    measure = suspension(desk, desk["cora"])
    pia = as_user(app.test_client(), desk["pia"])
    assert pia.get(f"/zaken/maatregelen/{measure.id}").status_code == 404
    assert pia.get("/zaken/maatregelen").status_code == 404
    assert pia.get(f"/mijn/maatregelen/{10**30}").status_code == 404
    sam = as_user(app.test_client(), desk["sam"])
    assert sam.get(f"/zaken/maatregelen/{10**30}").status_code == 404


def test_a_measure_term_close_to_its_end_is_at_risk_on_the_sla_dashboard(app, desk):
    plan = decisions.decide(
        desk["case"],
        "upheld",
        "Gegrond.",
        [MeasureInput(kind="improvement_plan", participant_id=desk["vodix"].id, due_at=NOW + timedelta(days=28))],
        actor=desk["sam"],
    ).measures[0]
    db.session.commit()
    clock.freeze(NOW + timedelta(days=25))
    run_sweep()  # the scheduler's sweep warns about the term: from then on it is at risk
    db.session.commit()
    shown = text(as_user(app.test_client(), desk["cora"]).get("/beheer/sla"))
    assert f"/zaken/maatregelen/{plan.id}" in shown
    assert f"{desk['case'].reference} #{plan.id}" in shown


def test_the_staff_list_pages_and_keeps_its_status_filter(app, desk, monkeypatch):
    monkeypatch.setattr(queries, "PER_PAGE", 1)
    first, second = decisions.decide(
        desk["case"],
        "upheld",
        "Tweemaal te laat.",
        [MeasureInput(kind="warning", participant_id=desk["vodix"].id, reasoning=f"Waarschuwing {n}.") for n in (1, 2)],
        actor=desk["sam"],
    ).measures
    db.session.commit()
    carl = as_user(app.test_client(), desk["carl"])
    # "All statuses" is an empty status: the links keep it, or a coordinator would land on the proposals.
    listed = text(carl.get("/zaken/maatregelen?status="))
    assert f'href="/zaken/maatregelen/{second.id}"' in listed and f'/zaken/maatregelen/{first.id}"' not in listed
    assert 'href="/zaken/maatregelen?page=2&status=" rel="next"' in listed
    assert f'href="/zaken/maatregelen/{first.id}"' in text(carl.get("/zaken/maatregelen?page=2&status="))
