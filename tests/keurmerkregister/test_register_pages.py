"""The public Keurmerkregister page, its filters, a participant's page and the CSV download."""

import csv
import io

import pytest

from app.extensions import db
from app.keurmerkregister import listing
from tests.helpers.pages import nl

from .helpers import PLAN_REASON, PLAN_REASONING, SUSPENSION_REASON, SUSPENSION_REASONING, build


@pytest.fixture()
def world(app, make_user):
    return build(make_user)


def _statuses() -> dict[tuple[str, str], str]:
    return {
        (row.organisation.name, item.gegevensdienst): item.status
        for row in listing.participants()
        for item in row.keurmerken
    }


def test_the_register_shows_each_keurmerk_with_the_status_the_measures_give_it(world):
    assert _statuses() == {
        ("Diataal", "Leermiddelgebruik"): "suspended",
        ("EduHint", "Leermiddelgebruik"): "valid",
        ("Vodix", "Leerresultaten"): "conditional",
        ("Vodix", "Onderwijsdeelnemers"): "valid",
    }


def test_the_page_lists_participants_with_status_since_and_cause(client, world):
    response = client.get("/keurmerkregister")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    for name in ("Vodix", "Diataal", "EduHint"):
        assert name in html
    assert "Stichting Rijnland" not in html  # a school board is no participant
    for status in ("Valid under conditions", "Suspended", "Valid"):
        assert nl(status) in html
    assert f"/keurmerkregister/{world['vodix'].id}#maatregel-{world['plan'].id}" in html
    assert "10 maart 2026" in html and "1 september 2025" in html  # since: the change, else granted
    assert nl("Decision not published") in html
    assert 'type="application/atom+xml"' in html and "/keurmerkregister/feed.atom" in html
    assert "/keurmerkregister.csv" in html
    for secret in (PLAN_REASONING, SUSPENSION_REASONING, SUSPENSION_REASON):
        assert secret not in html


@pytest.mark.parametrize(
    "query, shown",
    [
        ("q=vod", {"Vodix"}),
        ("q=DIATAAL", {"Diataal"}),
        ("q=%25", set()),  # a wildcard is searched for as it is
        ("q=vo%00dix", {"Vodix"}),
        ("category=Portaal", {"Diataal"}),
        ("gegevensdienst=Onderwijsdeelnemers", {"Vodix"}),
        ("status=suspended", {"Diataal"}),
        ("status=valid", {"Vodix", "EduHint"}),
        ("status=valid&gegevensdienst=Leerresultaten", set()),
    ],
)
def test_search_and_filters(client, world, query, shown):
    response = client.get(f"/keurmerkregister?{query}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert {name for name in ("Vodix", "Diataal", "EduHint") if f">{name}</a>" in html} == shown
    if not shown:
        assert nl("No participants match these filters.") in html


def test_a_status_filter_shows_only_the_matching_keurmerken(world):
    rows = listing.participants(listing.Filters(status="valid"))
    assert [(r.organisation.name, [k.gegevensdienst for k in r.keurmerken]) for r in rows] == [
        ("EduHint", ["Leermiddelgebruik"]),
        ("Vodix", ["Onderwijsdeelnemers"]),
    ]


@pytest.mark.parametrize(
    "query, field",
    [
        ("status=kapot", "status"),
        ("gegevensdienst=Alles", "gegevensdienst"),
        ("category=Onbekend", "category"),
        ("q=" + "x" * 101, "q"),
    ],
)
def test_a_bad_filter_value_is_named_next_to_its_field(client, world, query, field):
    response = client.get(f"/keurmerkregister?{query}")
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert f'id="filter-{field}-error"' in html and 'aria-invalid="true"' in html
    message = (
        nl("Use at most %(max)s characters.", max=100) if field == "q" else nl("Choose one of the values in the list.")
    )
    assert message in html
    assert "Vodix" in html  # the refused filter is left out; the list is still there


def test_the_participant_page_shows_published_measures_only(client, world):
    html = client.get(f"/keurmerkregister/{world['vodix'].id}").get_data(as_text=True)
    assert f'id="maatregel-{world["plan"].id}"' in html
    assert PLAN_REASON in html and PLAN_REASONING not in html
    assert nl("Improvement plan") in html and "Leermiddelen- en toetsaanbieder" in html
    assert "Deelnemersovereenkomst" in html

    hidden = client.get(f"/keurmerkregister/{world['diataal'].id}").get_data(as_text=True)
    assert nl("Suspended") in hidden and nl("Decision not published") in hidden
    assert nl("No published measures.") in hidden
    assert SUSPENSION_REASON not in hidden and SUSPENSION_REASONING not in hidden


def test_a_published_measure_without_public_text_shows_its_kind(client, world):
    world["plan"].public_reason = ""
    db.session.commit()
    html = client.get(f"/keurmerkregister/{world['vodix'].id}").get_data(as_text=True)
    assert html.count(nl("Improvement plan")) >= 2  # the kind, and the kind standing in for the reason


def test_unknown_and_non_participants_have_no_page(client, world):
    assert client.get("/keurmerkregister/999999").status_code == 404
    assert client.get(f"/keurmerkregister/{world['board'].id}").status_code == 404


def _csv(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.get_data(as_text=True))))


def test_the_csv_download_has_one_row_per_keurmerk(client, world):
    response = client.get("/keurmerkregister.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    header, *rows = _csv(response)
    assert header == [nl("Participant"), nl("Category"), nl("Product"), nl("Gegevensdienst"), nl("Status"), nl("Since")]
    assert [
        "Vodix",
        "Leermiddelen- en toetsaanbieder",
        "Vodix Toets",
        "Leerresultaten",
        nl("Valid under conditions"),
        "2026-03-10",
    ] in rows
    assert [
        "Vodix",
        "Leermiddelen- en toetsaanbieder",
        "Vodix Toets",
        "Onderwijsdeelnemers",
        nl("Valid"),
        "2025-09-01",
    ] in rows
    assert len(rows) == 4


def test_the_csv_takes_the_page_filters(client, world):
    _header, *rows = _csv(client.get("/keurmerkregister.csv?status=suspended"))
    assert [row[0] for row in rows] == ["Diataal"]
    refused = client.get("/keurmerkregister.csv?status=kapot")
    assert refused.status_code == 400 and "status" in refused.get_data(as_text=True)


def test_a_name_that_looks_like_a_formula_is_not_run_by_a_spreadsheet(client, world):
    world["eduhint"].name = "=HYPERLINK(1)"
    db.session.commit()
    names = [row[0] for row in _csv(client.get("/keurmerkregister.csv"))[1:]]
    assert "'=HYPERLINK(1)" in names


def test_the_csv_is_written_as_the_csv_module_writes_it(client, world):
    # The view quotes and joins the fields itself: byte for byte what csv.writer makes of its rows.
    # Each character that makes a field quoted in a field of its own.
    world["eduhint"].name, world["eduhint"].category = '-Edu "hint"', None
    world["diataal"].name, world["diataal"].category = "Diataal, Portaal", "Portaal\ren app"
    world["vodix"].category = "Toets\naanbieder"
    db.session.commit()
    response = client.get("/keurmerkregister.csv")
    rows = _csv(response)
    firsts = [row[:2] for row in rows]
    assert ['\'-Edu "hint"', ""] in firsts and ["Diataal, Portaal", "Portaal\ren app"] in firsts
    assert ["Vodix", "Toets\naanbieder"] in firsts
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    assert response.get_data(as_text=True) == out.getvalue()
