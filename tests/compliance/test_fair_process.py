"""Hoor en wederhoor at the decision (missing_hearing, the confirmation on the page and in the API) and
the preview of every side's decision letter."""

from sqlalchemy import func, select

from app.cases.models import TimelineEvent
from app.cases.services import hearing
from app.compliance.models import Decision
from app.compliance.services import decisions
from app.extensions import db
from app.notify.models import OutboxMessage
from tests.api.contract import check_answer
from tests.api.helpers import assert_problem, token_for
from tests.helpers.pages import nl, text

from .web import as_user, field_error, post_form

CASE = "/behandelen/{}"
REASONS = "De toegangscontrole schoot tekort; Vodix herstelt dit binnen vier weken."


def decided_count() -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count(Decision.id)))


def outbox_count() -> int:
    return db.session.scalar(select(func.count(OutboxMessage.id)))


def ask_vodix(desk):
    event = hearing.request_response(desk["case"], desk["vodix"].id, "Wat is er misgegaan?", 10, actor=desk["sam"])
    db.session.commit()
    return event


def test_missing_hearing_names_who_was_not_asked_who_did_not_answer_and_then_nothing(app, desk):
    case = desk["case"]
    assert decisions.missing_hearing(case) == [nl("%(name)s was never asked for a response", name="Vodix")]
    ask_vodix(desk)
    assert decisions.missing_hearing(case) == [  # 10 business days from Tuesday 10 March
        nl("%(name)s has not answered the request for a response due %(due)s", name="Vodix", due="24 maart 2026")
    ]
    hearing.reply(case, "Een configuratiefout; hersteld.", "parties", actor=desk["pia"])
    db.session.commit()
    assert decisions.missing_hearing(case) == []


def test_a_complaints_participant_never_informed_is_named(app, desk):
    case = desk["case"]
    informed = db.session.scalar(
        select(TimelineEvent).where(TimelineEvent.case_id == case.id, TimelineEvent.kind == "party_informed")
    )
    assert informed is not None
    informed.kind = "party_not_informed"  # as when the participant had no address
    db.session.flush()
    assert nl("%(name)s was never informed of the complaint", name="Vodix") in decisions.missing_hearing(case)
    db.session.rollback()


def test_the_api_refuses_with_409_naming_what_is_missing_until_confirmed(app, client, desk):
    url = f"/api/v1/cases/{desk['case'].reference}/decision"
    body = {"outcome": "upheld", "reasoning": "Gegrond.", "measures": []}
    refused = client.post(url, json=body, headers=token_for(desk["sam"]))
    problem = assert_problem(refused, 409)
    assert problem["missing"] == [nl("%(name)s was never asked for a response", name="Vodix")]
    check_answer(refused)
    assert decided_count() == 0
    # Explicitly false is not a confirmation.
    assert (
        client.post(url, json={**body, "confirmMissingHearing": False}, headers=token_for(desk["sam"])).status_code
        == 409
    )
    confirmed = client.post(url, json={**body, "confirmMissingHearing": True}, headers=token_for(desk["sam"]))
    assert confirmed.status_code == 200, confirmed.get_json()
    assert decided_count() == 1


def test_the_api_decides_without_confirmation_once_every_side_was_heard(app, client, desk):
    ask_vodix(desk)
    hearing.reply(desk["case"], "Een configuratiefout; hersteld.", "parties", actor=desk["pia"])
    db.session.commit()
    response = client.post(
        f"/api/v1/cases/{desk['case'].reference}/decision",
        headers=token_for(desk["sam"]),
        json={"outcome": "upheld", "reasoning": "Gegrond.", "measures": []},
    )
    assert response.status_code == 200, response.get_json()


def test_the_page_warns_and_requires_decide_anyway(client, desk):
    as_user(client, desk["sam"])
    ask_vodix(desk)
    page_url = CASE.format(desk["case"].reference)
    page = text(client.get(page_url))
    assert "Vodix has not answered the request for a response due" in page
    assert 'name="decision-confirm_missing"' in page and "Decide anyway" in page
    data = {"decision-outcome": "upheld", "decision-reasoning": REASONS}
    refused = post_form(client, page_url, f"{page_url}/besluit", data, prefix="decision")
    assert refused.status_code == 422
    assert field_error(text(refused), "decision-confirm_missing") == (
        "Not every side was heard: confirm that you decide anyway, or hear them first."
    )
    assert REASONS in text(refused)  # what was typed stays
    assert decided_count() == 0
    confirmed = post_form(
        client, page_url, f"{page_url}/besluit", {**data, "decision-confirm_missing": "y"}, prefix="decision"
    )
    assert confirmed.status_code == 302
    assert decided_count() == 1


def test_preview_shows_every_sides_letter_and_stores_nothing_then_deciding_sends_those_letters(client, desk):
    as_user(client, desk["sam"])
    page_url = CASE.format(desk["case"].reference)
    before = outbox_count()
    data = {"decision-outcome": "upheld", "decision-reasoning": REASONS, "decision-confirm_missing": "y"}
    previewed = post_form(client, page_url, f"{page_url}/besluit", {**data, "decision-preview": "y"}, prefix="decision")
    assert previewed.status_code == 200
    page = text(previewed)
    letters = decisions.preview(desk["case"], "upheld", REASONS, [], actor=desk["sam"])
    assert [letter.side for letter in letters] == [nl("Reporter"), "Vodix"]
    for letter in letters:
        assert REASONS in letter.body
        assert letter.body.strip() in page  # each side's letter, as mailed
    assert "anna@school.example" in page and "pia@vodix.example" in page
    assert REASONS in page.split('id="decision-preview"')[0]  # the form keeps what was typed
    assert decided_count() == 0 and outbox_count() == before

    decided = post_form(client, page_url, f"{page_url}/besluit", data, prefix="decision")
    assert decided.status_code == 302
    sent = {
        m.recipient: m.body_text
        for m in db.session.scalars(select(OutboxMessage).where(OutboxMessage.key.like("decision:%")))
    }
    by_address = {address: letter.body for letter in letters for address in letter.recipients}
    assert sent == by_address


def test_a_refused_field_answers_422_before_the_missing_hearing(app, client, desk):
    response = client.post(
        f"/api/v1/cases/{desk['case'].reference}/decision",
        headers=token_for(desk["sam"]),
        json={
            "outcome": "upheld",
            "reasoning": "Gegrond.",
            "measures": [{"kind": "warning", "participantId": desk["leerlab"].id}],
        },
    )
    assert "measures[0].participantId" in assert_problem(response, 422)["errors"]
    assert decided_count() == 0
