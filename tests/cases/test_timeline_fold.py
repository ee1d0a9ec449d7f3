"""A long timeline is drawn folded (its first and its latest events) with a link to the whole, for staff and parties."""

import re

from sqlalchemy import select

from app.auth.models import Role
from app.cases import timeline
from app.cases.models import Case, CaseParty
from app.cases.services.queries import FOLD_HEAD, FOLD_TAIL
from app.extensions import db
from tests.helpers.login import login
from tests.helpers.pages import csrf_token
from tests.intake.helpers import breach_form, receipt, submit_incident

from .helpers import new_case


def _long_case(make_org, events: int):
    """A case whose events alternate between internal notes and messages to the parties."""
    vodix = make_org("Vodix")
    case = new_case(3, participant_id=vodix.id)
    db.session.add(CaseParty(case_id=case.id, organisation_id=vodix.id, role="subject"))
    for number in range(1, events + 1):
        internal = number % 2 == 0
        timeline.append(
            case,
            "note" if internal else "message",
            f"Gebeurtenis nummer {number:03d}.",
            actor_label="Sam",
            visibility="internal" if internal else "parties",
        )
    db.session.commit()
    return case, vodix


def _drawn(page: str) -> list[int]:
    return [int(n) for n in re.findall(r"Gebeurtenis nummer (\d{3})\.", page)]


def test_staff_see_the_first_and_latest_events_and_reach_the_whole_timeline_by_its_link(app, make_org, make_user):
    case, _ = _long_case(make_org, 260)
    make_user("sam@edu-v.example", Role.SUPERVISOR)
    client = app.test_client()
    login(client, "sam@edu-v.example")
    page = client.get(f"/behandelen/{case.reference}").get_data(as_text=True)
    assert _drawn(page) == list(range(1, FOLD_HEAD + 1)) + list(range(260 - FOLD_TAIL + 1, 261))
    assert "160 gebeurtenissen hiertussen worden niet getoond." in page
    link = _fold_link(page)
    assert link == f"/behandelen/{case.reference}?timeline=all#timeline"
    whole = client.get(link.split("#")[0]).get_data(as_text=True)
    assert _drawn(whole) == list(range(1, 261))
    assert "hiertussen" not in whole


def test_a_party_folds_only_what_it_may_read_and_never_sees_an_internal_event(app, make_org, make_user):
    case, vodix = _long_case(make_org, 260)  # 130 messages to the parties
    make_user("anna@vodix.example", Role.PARTICIPANT, organisation=vodix)
    client = app.test_client()
    login(client, "anna@vodix.example")
    page = client.get(f"/mijn/zaken/{case.reference}").get_data(as_text=True)
    messages = list(range(1, 261, 2))
    assert _drawn(page) == messages[:FOLD_HEAD] + messages[-FOLD_TAIL:]
    assert "30 gebeurtenissen hiertussen worden niet getoond." in page
    whole = client.get(f"/mijn/zaken/{case.reference}?timeline=all").get_data(as_text=True)
    assert _drawn(whole) == messages


def test_a_timeline_of_a_hundred_events_is_drawn_whole(app, make_org, make_user):
    case, _ = _long_case(make_org, FOLD_HEAD + FOLD_TAIL)
    make_user("sam@edu-v.example", Role.SUPERVISOR)
    client = app.test_client()
    login(client, "sam@edu-v.example")
    page = client.get(f"/behandelen/{case.reference}").get_data(as_text=True)
    assert _drawn(page) == list(range(1, FOLD_HEAD + FOLD_TAIL + 1))
    assert "timeline=all" not in page


def _fold_link(page: str) -> str:
    return re.search(r'href="([^"]*timeline=all[^"]*)"', page).group(1).replace("&amp;", "&")


def test_a_refused_reply_shows_the_folded_timeline_with_its_link_to_the_case_page(app, make_org, make_user):
    case, vodix = _long_case(make_org, 260)
    make_user("anna@vodix.example", Role.PARTICIPANT, organisation=vodix)
    client = app.test_client()
    login(client, "anna@vodix.example")
    refused = client.post(
        f"/mijn/zaken/{case.reference}/reageren",
        data={"csrf_token": csrf_token(client, f"/mijn/zaken/{case.reference}"), "body": "", "visibility": "parties"},
        content_type="multipart/form-data",
    )
    assert refused.status_code == 422
    link = _fold_link(refused.get_data(as_text=True))
    assert link == f"/mijn/zaken/{case.reference}?timeline=all#timeline"
    assert _drawn(client.get(link.split("#")[0]).get_data(as_text=True)) == list(range(1, 261, 2))


def test_the_reporter_reads_a_long_timeline_folded_and_whole(app, make_org, register_with_keurmerk):
    client = app.test_client()
    submit_incident(client, breach_form(register_with_keurmerk.id))
    reference, _code = receipt(client)
    case = db.session.scalar(select(Case).where(Case.reference == reference))
    for number in range(1, 131):
        timeline.append(case, "message", f"Gebeurtenis nummer {number:03d}.", actor_label="Sam", visibility="reporter")
    db.session.commit()
    page = client.get(f"/volgen/{reference}").get_data(as_text=True)
    assert "gebeurtenissen hiertussen worden niet getoond." in page
    assert _drawn(page)[-FOLD_TAIL:] == list(range(131 - FOLD_TAIL, 131))
    link = _fold_link(page)
    assert link == f"/volgen/{reference}?timeline=all#timeline"
    assert _drawn(client.get(link.split("#")[0]).get_data(as_text=True)) == list(range(1, 131))
