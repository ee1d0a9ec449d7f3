"""The register's Atom feed: one entry per status change, with the public reason only when published."""

from xml.etree import ElementTree as ET

from app import clock
from app.extensions import db
from tests.helpers.clock import NOW
from tests.helpers.pages import nl

from .helpers import PLAN_REASON, SUSPENSION_REASON, build

NS = {"a": "http://www.w3.org/2005/Atom"}


def _feed(client):
    response = client.get("/keurmerkregister/feed.atom")
    assert response.status_code == 200 and response.mimetype == "application/atom+xml"
    return ET.fromstring(response.data)


def test_an_empty_register_gives_a_valid_feed(client, app):
    clock.freeze(NOW)
    feed = _feed(client)
    assert feed.tag == "{http://www.w3.org/2005/Atom}feed"
    assert feed.findtext("a:updated", namespaces=NS) == "2026-01-01T00:00:00Z"
    assert feed.find("a:id", NS).text.startswith("tag:") and feed.find("a:author/a:name", NS).text
    assert feed.findall("a:entry", NS) == []


def test_each_status_change_is_an_entry(client, make_user):
    world = build(make_user)
    feed = _feed(client)
    entries = feed.findall("a:entry", NS)
    titles = {e.findtext("a:title", namespaces=NS): e for e in entries}
    assert set(titles) == {
        f"Vodix Toets – Leerresultaten: {nl('Valid under conditions')}",
        f"Diataal Toets – Leermiddelgebruik: {nl('Suspended')}",
    }
    plan = titles[f"Vodix Toets – Leerresultaten: {nl('Valid under conditions')}"]
    summary = plan.findtext("a:summary", namespaces=NS)
    assert nl("Valid") in summary and nl("Valid under conditions") in summary and PLAN_REASON in summary
    assert plan.find("a:link", NS).get("href").endswith(f"/keurmerkregister/{world['vodix'].id}")
    assert plan.findtext("a:updated", namespaces=NS) == "2026-03-10T10:00:00Z"
    suspended = titles[f"Diataal Toets – Leermiddelgebruik: {nl('Suspended')}"]
    assert SUSPENSION_REASON not in suspended.findtext("a:summary", namespaces=NS)
    ids = [e.findtext("a:id", namespaces=NS) for e in entries]
    assert len(set(ids)) == 2 and all(i.startswith("tag:") for i in ids)
    assert feed.findtext("a:updated", namespaces=NS) == "2026-03-10T10:00:00Z"
    # The same event keeps its id on the next request, so feed readers do not show it twice.
    assert [e.findtext("a:id", namespaces=NS) for e in _feed(client).findall("a:entry", NS)] == ids


def test_markup_in_names_is_escaped(client, make_user):
    world = build(make_user)
    world["vodix"].products[0].name = "<b>Vodix</b> & Co"
    db.session.commit()
    titles = [e.findtext("a:title", namespaces=NS) for e in _feed(client).findall("a:entry", NS)]
    assert any(t.startswith("<b>Vodix</b> & Co – ") for t in titles)
