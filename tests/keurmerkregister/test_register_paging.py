"""The register in pages: 25 participants a page by name, a count, and links that keep the filters."""

import re

import flask_babel
import pytest

from app.extensions import db
from app.i18n import number
from app.keurmerkregister import listing
from tests.compliance.helpers import supplier
from tests.helpers.pages import nl, text

from .helpers import build

LINK = re.compile(r'<a href="/keurmerkregister/\d+">([^<]+)</a>')


@pytest.fixture()
def crowd(app, make_user):
    """The small register of helpers.build (Diataal, EduHint, Vodix) and 30 more participants,
    Lumen 01 to Lumen 30, so there are 33 in two pages."""
    world = build(make_user)
    for n in range(1, 31):
        supplier(f"Lumen {n:02}", services=("Leerresultaten",) if n % 2 else ("Onderwijsdeelnemers",))
    db.session.commit()
    return world


def _count(num: int) -> str:
    with flask_babel.force_locale("nl"):
        return flask_babel.ngettext("%(num)s participant", "%(num)s participants", num)


def _names(response) -> list[str]:
    return LINK.findall(response.get_data(as_text=True))


def _next_link(response) -> str:
    found = re.search(r'<a href="([^"]+)" rel="next">', response.get_data(as_text=True))
    assert found, "no link to the next page"
    return found.group(1).replace("&amp;", "&")


def test_page_two_shows_the_participants_after_page_one(client, crowd):
    first = client.get("/keurmerkregister")
    expected = ["Diataal", "EduHint"] + [f"Lumen {n:02}" for n in range(1, 31)] + ["Vodix"]
    assert _names(first) == expected[:25]
    assert _count(33) in text(first)
    assert nl("page %(page)s of %(pages)s", page=1, pages=2) in text(first)
    assert 'rel="prev"' not in first.get_data(as_text=True)

    second = client.get(_next_link(first))
    assert second.status_code == 200 and _names(second) == expected[25:]
    assert nl("page %(page)s of %(pages)s", page=2, pages=2) in text(second)
    assert 'rel="next"' not in second.get_data(as_text=True) and 'rel="prev"' in second.get_data(as_text=True)


def test_the_filters_survive_paging(client, crowd):
    first = client.get("/keurmerkregister?q=lumen&gegevensdienst=Leerresultaten")
    odd = [f"Lumen {n:02}" for n in range(1, 31, 2)]
    assert _names(first) == odd and _count(15) in text(first)
    assert 'rel="next"' not in first.get_data(as_text=True)  # 15 fit on one page

    valid = client.get("/keurmerkregister?status=valid&category=Leermiddelen-+en+toetsaanbieder")
    link = _next_link(valid)
    assert "status=valid" in link and "category=Leermiddelen-+en+toetsaanbieder" in link and "page=2" in link
    rest = client.get(link)
    assert _count(32) in text(rest) and len(_names(valid)) == 25 and len(_names(rest)) == 7
    assert sorted(_names(valid) + _names(rest)) == sorted(
        [f"Lumen {n:02}" for n in range(1, 31)] + ["EduHint", "Vodix"]
    )


def test_the_count_is_of_participants_in_thousands_with_a_dot(app, crowd):
    # Dutch groups thousands with a dot, as the issue asks ("1.000 deelnemers").
    with app.test_request_context():
        assert number(1000) == "1.000"


@pytest.mark.parametrize("asked, shown", [("abc", 1), ("0", 1), ("-3", 1), ("2", 2), ("99", 2), ("1" * 30, 2)])
def test_a_page_number_outside_the_pages_gives_the_nearest_page(client, crowd, asked, shown):
    response = client.get(f"/keurmerkregister?page={asked}")
    assert response.status_code == 200
    assert nl("page %(page)s of %(pages)s", page=shown, pages=2) in text(response)
    assert ("Diataal" in _names(response)) == (shown == 1)


def test_a_status_filter_pages_over_the_participants_with_that_status(client, world_of_three, monkeypatch):
    monkeypatch.setattr(listing, "PER_PAGE", 1)
    first = client.get("/keurmerkregister?status=valid")
    assert _names(first) == ["EduHint"]
    assert _count(2) in text(first)
    second = client.get(_next_link(first))
    assert "status=valid" in _next_link(first) and _names(second) == ["Vodix"]
    assert "keurmerk-valid" in text(second) and "keurmerk-conditional" not in text(second)  # only the valid one

    suspended = client.get("/keurmerkregister?status=suspended")
    assert _names(suspended) == ["Diataal"] and _count(1) in text(suspended)
    assert 'rel="next"' not in suspended.get_data(as_text=True)


def test_no_match_is_one_empty_page(client, crowd):
    response = client.get("/keurmerkregister?q=zzz&page=3")
    assert response.status_code == 200 and _names(response) == []
    assert _count(0) in text(response)
    assert nl("No participants match these filters.") in text(response)


def test_the_csv_holds_every_matching_row_not_one_page(client, crowd):
    lines = client.get("/keurmerkregister.csv").get_data(as_text=True).strip().splitlines()
    assert len(lines) == 1 + 4 + 30  # the header, the four keurmerken of build, one for each Lumen
    assert lines[1].startswith("Diataal,") and lines[-1].startswith("Vodix,")


@pytest.fixture()
def world_of_three(app, make_user):
    return build(make_user)
