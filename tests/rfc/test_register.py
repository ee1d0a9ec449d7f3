"""The public RFC register: its page (search, filters, pages), its Atom feed and GET /api/v1/rfcs without a
token show every RFC without the submitter, with the names the analyst marked redacted; the status changes
reach the submitting organisation and the foundation as `rfc.status_changed` events and webhooks."""

from xml.etree import ElementTree as ET

import pytest
from sqlalchemy import select

from app.extensions import db
from app.rfc.models import Rfc
from app.rfc.services import handling
from tests.api.helpers import token_for
from tests.helpers.pages import text
from tests.rfc.helpers import body, rfc_world

pytestmark = pytest.mark.usefixtures("frozen_clock")
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture()
def world(make_org, make_user, client):
    world = rfc_world(make_org, make_user)
    headers = token_for(world["submitter"])
    bodies = [
        body(title="Jan Jansen wil een toetsversie", description="Jan Jansen van Vodix belde erover."),
        body(title="Onderwijsaanbod einddatum", gegevensdienst="Onderwijsaanbod", type="major", priority="major"),
        body(title="Privacyregels verduidelijken", variant="privacy", gegevensdienst=None, priority="trivial"),
    ]
    for one in bodies:
        assert client.post("/api/v1/rfcs", json=one, headers=headers).status_code == 201
    first = db.session.scalar(select(Rfc).where(Rfc.reference == "RFC-2026-00001"))
    handling.redact(first, ["Jan Jansen", "Vodix"], actor=world["analyst"])
    handling.transition(first, "qualified", None, actor=world["analyst"])
    db.session.commit()
    return world


def test_the_register_lists_every_rfc_without_the_submitter(client, world):
    page = text(client.get("/rfc-register"))
    for reference in ("RFC-2026-00001", "RFC-2026-00002", "RFC-2026-00003"):
        assert reference in page
    assert "Sanne" not in page and "sanne@vodix.example" not in page and "Jan Jansen" not in page
    assert "[geredigeerd] wil een toetsversie" in page
    entry = text(client.get("/rfc-register/RFC-2026-00001"))
    assert "[geredigeerd] van [geredigeerd] belde erover." in entry and "Vodix" not in entry and "Sanne" not in entry
    assert "Gekwalificeerd" in entry
    assert client.get("/rfc-register/RFC-2026-09999").status_code == 404


def test_the_register_searches_filters_and_pages(client, world):
    found = text(client.get("/rfc-register?q=einddatum"))
    assert "RFC-2026-00002" in found and "RFC-2026-00001" not in found
    assert "RFC-2026-00003" in text(client.get("/rfc-register?priority=trivial"))
    assert "RFC-2026-00002" not in text(client.get("/rfc-register?gegevensdienst=Leerresultaten"))
    assert "RFC-2026-00001" in text(client.get("/rfc-register?status=qualified"))
    refused = client.get("/rfc-register?status=open")
    assert refused.status_code == 400 and "Kies een van de waarden" in text(refused)
    assert client.get("/rfc-register?cursor=zzz").status_code == 400


def test_the_api_register_needs_no_token_and_pages(client, world):
    response = client.get("/api/v1/rfcs?limit=2")
    assert response.status_code == 200
    page = response.get_json()
    assert [item["reference"] for item in page["items"]] == ["RFC-2026-00003", "RFC-2026-00002"]
    rest = client.get(f"/api/v1/rfcs?limit=2&cursor={page['nextCursor']}").get_json()
    assert [item["reference"] for item in rest["items"]] == ["RFC-2026-00001"] and rest["nextCursor"] is None
    assert rest["items"][0]["title"] == "[geredigeerd] wil een toetsversie"
    everything = str(client.get("/api/v1/rfcs").get_json())
    assert "sanne" not in everything.lower() and "Jan Jansen" not in everything
    one = client.get("/api/v1/rfcs/RFC-2026-00001").get_json()
    assert [step["status"] for step in one["history"]] == ["requested", "qualified"]
    assert client.get("/api/v1/rfcs?status=open").status_code == 400
    assert client.get("/api/v1/rfcs?limit=0").status_code == 400
    assert client.get("/api/v1/rfcs/RFC-2026-09999").status_code == 404
    assert client.get("/api/v1/rfcs?gegevensdienst=Onderwijsaanbod").get_json()["items"][0]["reference"] == (
        "RFC-2026-00002"
    )


def test_the_atom_feed_lists_status_changes(client, world):
    response = client.get("/rfc-register/feed.atom")
    assert response.status_code == 200 and response.mimetype == "application/atom+xml"
    feed = ET.fromstring(response.data)
    titles = [entry.find(f"{ATOM}title").text for entry in feed.iter(f"{ATOM}entry")]
    assert titles[0] == "RFC-2026-00001 [geredigeerd] wil een toetsversie: Gekwalificeerd"
    assert len(titles) == 4 and "Sanne" not in response.get_data(as_text=True)


def test_status_changes_reach_the_submitting_organisation_and_the_foundation(client, world, make_user):
    feed = client.get("/api/v1/events", headers=token_for(world["colleague"])).get_json()["items"]
    assert [(e["type"], e["reference"], e["data"]["to"]) for e in feed] == [
        ("rfc.status_changed", "RFC-2026-00001", "qualified")
    ]
    assert client.get("/api/v1/events", headers=token_for(world["stranger"])).get_json()["items"] == []
    assert len(client.get("/api/v1/events", headers=token_for(world["manager"])).get_json()["items"]) == 1
