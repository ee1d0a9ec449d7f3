"""A long timeline is drawn folded (its first and its latest events) with a link to the whole, for staff and parties."""

import re

from app.auth.models import Role
from app.cases import timeline
from app.cases.models import CaseParty
from app.cases.services.queries import FOLD_HEAD, FOLD_TAIL
from app.extensions import db
from tests.helpers.login import login

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
    link = re.search(r'href="([^"]*timeline=all[^"]*)"', page).group(1).replace("&amp;", "&")
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
