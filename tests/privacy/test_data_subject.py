"""A data subject's request: find by e-mail or name, export a ZIP (logged), erase from closed cases only."""

import io
import json
import zipfile

import pytest
from sqlalchemy import select

from app.audit.models import AccessLogEntry
from app.cases import timeline
from app.extensions import db
from app.intake.services.follow_up import add_reporter_information
from app.notify.models import OutboxMessage, addressed_to
from app.privacy.services import retention as retention_service
from tests.helpers.files import PDF
from tests.helpers.login import login
from tests.helpers.pages import csrf_of, english

from .helpers import REPORTER_EMAIL, close, desk, file_breach

pytestmark = pytest.mark.usefixtures("frozen_clock")


@pytest.fixture()
def world(app, client, make_user, make_org):
    people = desk(make_user, make_org)
    closed, _code = file_breach(client, people["vodix"].id)
    add_reporter_information(closed, "Ook Bram Jansen (bram@other.example) zag de lijsten.", ())
    close(closed, people["sam"])
    running, _code = file_breach(app.test_client(), people["vodix"].id)
    other, _code = file_breach(
        app.test_client(), people["vodix"].id, reporter_name="Bram Jansen", reporter_email="bram@other.example"
    )
    close(other, people["sam"])
    return {**people, "closed": closed, "running": running, "other": other}


def search(client, needle: str):
    """The search as the page posts it (never in the URL, where the web server's log would keep it)."""
    token = csrf_of(client.get("/beheer/privacy/betrokkene").get_data(as_text=True))
    return client.post("/beheer/privacy/betrokkene", data={"csrf_token": token, "needle": needle})


def coordinator(app):
    client = app.test_client()
    login(client, "cora@edu-v.example")
    english(client)
    return client


def test_a_search_finds_every_case_and_message_holding_the_address(app, world):
    client = coordinator(app)
    page = search(client, REPORTER_EMAIL.upper())
    html = page.get_data(as_text=True)
    assert world["closed"].reference in html and world["running"].reference in html
    assert world["other"].reference not in html
    assert "is not closed yet" in html  # the running case cannot be erased, and the page says why
    mails = db.session.scalars(select(OutboxMessage).where(addressed_to(REPORTER_EMAIL))).all()
    assert len(mails) >= 2 and f"{len(mails)} e-mails to this address in the outbox" in html

    named = search(client, "bram jansen")
    html = named.get_data(as_text=True)
    assert world["other"].reference in html and "named in 1 message" in html


def test_the_export_is_a_zip_of_json_and_files_and_is_in_the_access_log(app, world):
    client = coordinator(app)
    page = search(client, REPORTER_EMAIL).get_data(as_text=True)
    response = client.post(
        "/beheer/privacy/betrokkene/export",
        data={"csrf_token": csrf_of(page), "needle": REPORTER_EMAIL, "confirm": "y"},
    )
    assert response.status_code == 200 and response.mimetype == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    data = json.loads(archive.read("data.json"))
    assert {c["reference"] for c in data["cases"]} == {world["closed"].reference, world["running"].reference}
    exported = next(c for c in data["cases"] if c["reference"] == world["closed"].reference)
    assert exported["reporter"]["email"] == REPORTER_EMAIL and exported["role"] == "reporter"
    assert any("Bram Jansen" in event["text"] for event in exported["events"])
    assert archive.read(exported["files"][0]) == PDF
    logged = db.session.scalars(select(AccessLogEntry).where(AccessLogEntry.action == "export"))
    assert sorted(e.case_reference for e in logged) == sorted([world["closed"].reference, world["running"].reference])


def test_erasure_takes_the_closed_case_refuses_the_open_one_and_keeps_the_chains_intact(app, world):
    client = coordinator(app)
    page = search(client, "Bram Jansen").get_data(as_text=True)
    refused = client.post(
        "/beheer/privacy/betrokkene/wissen", data={"csrf_token": csrf_of(page), "needle": "Bram Jansen"}
    )
    assert refused.status_code == 302  # without the identity check confirmed nothing happens
    done = client.post(
        "/beheer/privacy/betrokkene/wissen",
        data={"csrf_token": csrf_of(page), "needle": "Bram Jansen", "confirm": "y"},
    ).get_data(as_text=True)
    assert world["other"].reference in done and world["closed"].reference in done
    db.session.expire_all()
    assert world["other"].reporter_email == "" and world["other"].title == ""
    closed_texts = [e.text for e in timeline_of(world["closed"])]
    assert not any("Bram" in text for text in closed_texts)
    assert world["closed"].reporter_email == REPORTER_EMAIL  # only Bram's message went from Anna's case
    assert timeline_of(world["closed"])[-1].data["why"] == "data_subject_request"
    assert timeline.verify_all() == {}

    page = search(client, REPORTER_EMAIL).get_data(as_text=True)
    done = client.post(
        "/beheer/privacy/betrokkene/wissen",
        data={"csrf_token": csrf_of(page), "needle": REPORTER_EMAIL, "confirm": "y"},
    ).get_data(as_text=True)
    assert f"{world['running'].reference} is not closed yet" in done
    db.session.expire_all()
    assert world["running"].reporter_email == REPORTER_EMAIL
    # Mails about a case still running stay until it is closed too.
    assert db.session.scalars(select(OutboxMessage).where(addressed_to(REPORTER_EMAIL))).all()
    assert retention_service.settings()["incident"] == 2


def timeline_of(case):
    from app.cases.models import TimelineEvent

    return list(
        db.session.scalars(select(TimelineEvent).where(TimelineEvent.case_id == case.id).order_by(TimelineEvent.seq))
    )
