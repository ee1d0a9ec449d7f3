"""The staff queue: order by nearest deadline, filters, search, keyset paging and access."""

import re

import pytest
from sqlalchemy import text

from app import clock
from app.auth.models import Role
from app.cases.models import Case
from app.cases.services import queue
from app.cases.services.queue import QueueFilters
from app.extensions import db
from tests.helpers.clock import NOW
from tests.helpers.login import login

from .helpers import add_deadline, hours, new_case


def refs(page) -> list[str]:
    return [case.reference for case in page.items]


def found(**filters) -> list[str]:
    return refs(queue.search(QueueFilters(**filters), limit=100, now=NOW))


@pytest.fixture()
def frozen(app):
    clock.freeze(NOW)
    return NOW


def test_nearest_deadline_first_and_cases_without_a_clock_last(app):
    new_case(1, due=None)
    new_case(2, due=hours(5))
    new_case(3, due=hours(-2))
    new_case(4, due=None)
    new_case(5, due=hours(1))
    assert found() == ["INC-2026-00003", "INC-2026-00005", "INC-2026-00002", "INC-2026-00001", "INC-2026-00004"]


def test_default_is_open_cases_and_a_status_picks_any(app):
    for number, status in enumerate(
        ["received", "triage", "in_progress", "waiting", "decided", "closed", "rejected", "withdrawn"], start=1
    ):
        new_case(number, status=status, due=hours(number))
    assert found() == [f"INC-2026-0000{n}" for n in (1, 2, 3, 4)]
    assert found(status="closed") == ["INC-2026-00006"]
    assert found(status="withdrawn") == ["INC-2026-00008"]
    assert len(found(status="all")) == 8


def test_type_category_and_participant_filters(app, make_org):
    vodix, other = make_org("Vodix"), make_org("Other supplier")
    new_case(1, category="data_breach", participant_id=vodix.id)
    new_case(2, category="outage", participant_id=other.id)
    new_case(3, case_type="complaint", participant_id=vodix.id)
    assert found(type="complaint") == ["KLA-2026-00003"]
    assert found(type="incident") == ["INC-2026-00001", "INC-2026-00002"]
    assert found(category="data_breach") == ["INC-2026-00001"]
    assert found(participant_id=vodix.id) == ["INC-2026-00001", "KLA-2026-00003"]
    assert found(participant_id=vodix.id, type="incident") == ["INC-2026-00001"]


def test_assignee_filters(app, make_user):
    ann, bob = make_user("ann@edu-v.example"), make_user("bob@edu-v.example")
    new_case(1, assignee_id=ann.id)
    new_case(2, assignee_id=bob.id)
    new_case(3)
    assert found(assignee_id=ann.id) == ["INC-2026-00001"]
    assert found(unassigned=True) == ["INC-2026-00003"]
    assert found(**queue.assignee_filter("me", me=bob)) == ["INC-2026-00002"]
    assert found(**queue.assignee_filter("ANN@edu-v.example")) == ["INC-2026-00001"]
    assert found(**queue.assignee_filter("none")) == ["INC-2026-00003"]
    assert queue.assignee_filter("") == {}
    with pytest.raises(ValueError):
        queue.assignee_filter("nobody@edu-v.example")


def test_breached_filter(app):
    stamped, overdue, fine, met, paused = (new_case(n, due=hours(n)) for n in range(1, 6))
    add_deadline(stamped, "first_response", hours(-3), breached=True)
    add_deadline(overdue, "resolution", hours(-1))  # past due, the sweep has not stamped it yet
    add_deadline(fine, "resolution", hours(4))
    add_deadline(met, "first_response", hours(-5), breached=True, met=True)
    add_deadline(paused, "resolution", hours(-1), paused=True)
    assert found(breached=True) == ["INC-2026-00001", "INC-2026-00002"]
    assert found(breached=False) == ["INC-2026-00003", "INC-2026-00004", "INC-2026-00005"]


def test_search_by_word_organisation_and_reference(app):
    new_case(1, title="Leerresultaten zichtbaar voor andere scholen")
    new_case(2, title="Storing in het roosterprogramma", reporter_organisation="Het Baken College")
    new_case(3, title="Something else", status="closed")
    assert found(q="leerresultaten") == ["INC-2026-00001"]
    assert found(q="Baken") == ["INC-2026-00002"]
    assert found(q="nothing like this") == []
    # A reference finds its case whatever its status.
    assert found(q=" inc-2026-00003 ") == ["INC-2026-00003"]
    assert found(q="INC-2026-00003", status="open") == []


def test_search_uses_the_full_text_index_on_postgresql(app):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("full-text search is PostgreSQL's")
    new_case(1, title="Leerlingen zagen elkaars cijfers")
    new_case(2)
    assert found(q="cijfers") == ["INC-2026-00001"]
    db.session.commit()
    with db.engine.connect() as conn:
        conn.execute(text("SET enable_seqscan = off"))
        plan = (
            conn.execute(
                text(
                    "EXPLAIN SELECT id FROM cases WHERE "
                    + str(queue._search_document())
                    + " @@ plainto_tsquery('dutch', 'cijfers')"
                )
            )
            .scalars()
            .all()
        )
    assert any("ix_cases_search" in line for line in plan)


def test_search_does_not_find_words_of_the_encrypted_description(app):
    new_case(1, title="Lek in de toetsomgeving", description="De leerlingen zagen elkaars cijfers.")
    new_case(2)
    assert found(q="toetsomgeving") == ["INC-2026-00001"]
    assert found(q="cijfers") == []


def test_every_database_searches_the_columns_of_the_full_text_index(app):
    index = next(i for i in Case.__table__.indexes if i.name == "ix_cases_search")
    expression = index.expressions[0].text
    indexed = {name for name in Case.__table__.c.keys() if re.search(rf"\b{name}\b", expression)}
    assert {column.key for column in queue.SEARCHED_COLUMNS} == indexed


@pytest.mark.parametrize("case_type", ["incident", "complaint", "dispute", "objection"])
def test_a_reference_of_every_case_type_finds_its_case(app, case_type):
    case = new_case(7, case_type=case_type, status="closed")
    new_case(8, case_type=case_type)
    assert found(q=case.reference.lower()) == [case.reference]


def test_an_objection_reference_jumps_to_its_case(client, make_user):
    new_case(3, case_type="objection")
    db.session.commit()
    staff_client(client, make_user)
    response = client.get("/behandelen?q=bez-2026-00003")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/behandelen/BEZ-2026-00003")


@pytest.mark.parametrize("filters", [{"status": "all"}, {}, {"q": "number"}, {"type": "incident"}])
def test_keyset_paging_returns_every_case_once_in_order(app, filters):
    dues = [hours(3), None, hours(1), hours(3), None, hours(-4), hours(3), hours(2), None, hours(1)]
    for number, due in enumerate(dues * 3, start=1):
        new_case(number, due=due)
    expected = found(**filters)
    seen, cursor, pages = [], None, 0
    while True:
        page = queue.search(QueueFilters(**filters), limit=4, cursor=cursor, now=NOW)
        seen += refs(page)
        pages += 1
        cursor = page.next_cursor
        if cursor is None:
            break
    assert seen == expected and len(seen) == 30 and len(set(seen)) == 30
    assert pages == 8  # 30 cases in pages of 4: the last page holds 2 and links to nothing further


def test_exactly_full_last_page_has_no_next_cursor(app):
    for number in range(1, 5):
        new_case(number, due=hours(number) if number % 2 else None)
    first = queue.search(QueueFilters(), limit=2, now=NOW)
    second = queue.search(QueueFilters(), limit=2, cursor=first.next_cursor, now=NOW)
    assert refs(first) + refs(second) == found()
    assert second.next_cursor is None


@pytest.mark.parametrize("cursor", ["nonsense", "!!!", "YWJjOjE", "MTo", "__4", "OTk5OTk5OTk5OTk5OTk5OTk5OTk5OjE"])
def test_bad_cursor_raises_value_error(app, cursor):
    with pytest.raises(ValueError):
        queue.search(QueueFilters(), cursor=cursor)


@pytest.mark.parametrize(
    "kwargs",
    [{"limit": 0}, {"limit": 101}, {"filters": QueueFilters(status="lost")}, {"filters": QueueFilters(type="rfc")}],
)
def test_bad_limit_or_filter_raises_value_error(app, kwargs):
    with pytest.raises(ValueError):
        kwargs = dict(kwargs)
        queue.search(kwargs.pop("filters", QueueFilters()), **kwargs)


def test_nearest_due_prefers_running_over_paused(app, frozen):
    case = new_case(1, due=hours(2))
    add_deadline(case, "resolution", hours(-1), paused=True)
    add_deadline(case, "first_response", hours(2))
    add_deadline(case, "acknowledge", hours(-30), met=True)
    due = queue.nearest_due([case], now=NOW)[case.id]
    assert (due.kind, due.state) == ("first_response", "running")


# ---- the page -----------------------------------------------------------------------------


def staff_client(client, make_user, lang="en"):
    make_user("sam@edu-v.example", Role.SUPERVISOR, name="Sam Supervisor")
    login(client, "sam@edu-v.example")
    with client.session_transaction() as session:
        session["lang"] = lang
    return client


def test_anonymous_is_sent_to_login(client):
    response = client.get("/behandelen")
    assert response.status_code == 302 and "/inloggen" in response.headers["Location"]


def test_participant_gets_403(client, make_user, make_org):
    make_user("pat@vodix.example", Role.PARTICIPANT, organisation=make_org("Vodix"))
    login(client, "pat@vodix.example")
    assert client.get("/behandelen").status_code == 403


def test_queue_page_lists_rows_with_deadline_badges(client, make_user, make_org, frozen):
    vodix = make_org("Vodix")
    late = new_case(1, due=hours(-1), title="Late one", participant_id=vodix.id)
    add_deadline(late, "first_response", hours(-1), breached=True)
    new_case(2, due=hours(3), title="Fine one", category="data_breach", severity="crisis")
    new_case(3, status="closed", title="Closed one")
    db.session.commit()
    html = staff_client(client, make_user).get("/behandelen").get_data(as_text=True)
    assert "Late one" in html and "Fine one" in html and "Closed one" not in html
    assert html.index("Late one") < html.index("Fine one")
    assert 'class="badge state-breached"' in html and "Vodix" in html and "Crisis" in html
    assert "<caption>" in html and 'scope="col"' in html and "error-summary" not in html
    for name in ("q", "type", "status", "category", "participant", "assignee", "breached"):
        assert f'for="{name}"' in html, name
    closed = client.get("/behandelen?status=closed").get_data(as_text=True)
    assert "Closed one" in closed and "Late one" not in closed


def test_queue_page_filters_and_invalid_values(client, make_user):
    new_case(1, title="An incident")
    new_case(2, case_type="dispute", title="A dispute")
    db.session.commit()
    staff_client(client, make_user)
    html = client.get("/behandelen?type=dispute").get_data(as_text=True)
    assert "A dispute" in html and "An incident" not in html
    mine = client.get("/behandelen?assignee=me").get_data(as_text=True)
    assert "No cases match these filters." in mine
    odd = client.get("/behandelen?status=lost&type=dispute")
    assert odd.status_code == 200
    assert "error-summary" in odd.get_data(as_text=True) and "A dispute" in odd.get_data(as_text=True)


def test_the_participant_filter_lists_its_cases_and_names_a_refused_choice(client, make_user, make_org):
    vodix, other = make_org("Vodix"), make_org("Other supplier")
    school = make_org("Stichting De Linde", kind="school_board")
    new_case(1, title="Vodix case", participant_id=vodix.id)
    new_case(2, title="Other case", participant_id=other.id)
    db.session.commit()
    staff_client(client, make_user)

    chosen = client.get(f"/behandelen?participant={vodix.id}").get_data(as_text=True)
    assert "Vodix case" in chosen and "Other case" not in chosen
    assert f'<option selected value="{vodix.id}">Vodix</option>' in chosen
    assert "Stichting De Linde" not in chosen  # only participants are offered

    for refused in (str(school.id), "999999", "abc", "9223372036854775808"):
        response = client.get(f"/behandelen?participant={refused}")
        html = response.get_data(as_text=True)
        assert response.status_code == 200, refused
        assert 'id="participant-error"' in html, refused  # the message next to the field
        if refused != "9223372036854775808":  # that one is too large to store (app/web/input_guard.py)
            assert "Not a valid choice." in html, refused
        assert "Vodix case" in html and "Other case" in html, refused  # the refused filter is left out


def test_reference_search_jumps_to_the_case(client, make_user):
    new_case(42, status="closed")
    db.session.commit()
    staff_client(client, make_user)
    response = client.get("/behandelen?q=inc-2026-00042")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/behandelen/INC-2026-00042")
    missing = client.get("/behandelen?q=INC-2026-00099").get_data(as_text=True)
    assert "No case has the reference INC-2026-00099." in missing


def test_paging_links_walk_the_whole_queue(client, make_user, app):
    for number in range(1, 56):
        new_case(number, due=hours(number % 7) if number % 5 else None)
    db.session.commit()
    staff_client(client, make_user)
    seen, url, pages = [], "/behandelen?type=incident", []
    while url:
        html = client.get(url).get_data(as_text=True)
        pages.append(html)
        seen += re.findall(r">(INC-2026-\d{5})</a></th>", html)
        match = re.search(r'<a href="([^"]+)" rel="next">', html)
        url = match.group(1).replace("&amp;", "&") if match else None
        assert url is None or "type=incident" in url
    assert len(pages) == 2 and len(seen) == 55 and len(set(seen)) == 55
    assert "First page" not in pages[0] and "First page" in pages[1]


def test_bad_cursor_gives_the_first_page_with_a_message(client, make_user):
    new_case(1, title="Still listed")
    db.session.commit()
    staff_client(client, make_user)
    response = client.get("/behandelen?cursor=%%%garbage")
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "This page link is not valid" in html and "Still listed" in html


@pytest.mark.parametrize("few_cases", [2_000, 3], ids=["from-its-case-ids", "walking-the-queue"])
def test_an_organisation_lists_its_cases_alike_whether_it_has_few_or_many(app, make_org, monkeypatch, few_cases):
    # An organisation with few cases is listed from its own case ids, one with many by walking the
    # queue (app/cases/services/queue.py, FEW_CASES): the cases, their order and their pages agree.
    from app.cases.services.case_records import add_party

    monkeypatch.setattr(queue, "FEW_CASES", few_cases)
    ours, theirs = make_org("Vodix"), make_org("Other supplier")
    dues = [hours(3), None, hours(1), hours(-4), None, hours(2), hours(1)]
    for number, due in enumerate(dues, start=1):
        case = new_case(number, due=due, status="closed" if number == 6 else "received")
        add_party(case, ours.id if number % 3 else theirs.id, "respondent" if number % 2 else "reporter")
    db.session.flush()
    mine = QueueFilters(status="all", organisation_id=ours.id)
    assert (queue.party_case_ids(mine) is None) == (few_cases == 3)
    expected = ["INC-2026-00004", "INC-2026-00007", "INC-2026-00001", "INC-2026-00002", "INC-2026-00005"]
    seen, cursor = [], None
    while True:
        page = queue.search(mine, limit=2, cursor=cursor, now=NOW)
        seen += refs(page)
        if (cursor := page.next_cursor) is None:
            break
    assert seen == expected
    assert found(organisation_id=ours.id) == expected  # all of them open
    assert found(organisation_id=ours.id, party_role="reporter") == ["INC-2026-00004", "INC-2026-00002"]
    assert found(organisation_id=theirs.id, status="all") == ["INC-2026-00003", "INC-2026-00006"]
