"""Files on an RFC: sent with the page or the API (checked as a case's), stored encrypted, downloadable by the
submitting organisation and the foundation (staff downloads logged), never by others nor in the public register."""

import io
import json

import pytest
from sqlalchemy import func, select
from sqlalchemy import text as text_sql

from app.audit.models import AccessLogEntry
from app.extensions import db
from app.rfc.models import Rfc, RfcAttachment
from tests.api.helpers import token_for
from tests.helpers.files import EXE, PDF
from tests.helpers.login import login
from tests.helpers.pages import text
from tests.rfc.helpers import body, rfc_world, submit_page

pytestmark = pytest.mark.usefixtures("frozen_clock")

MINE = "/mijn/rfc/RFC-2026-00001"
DESK = "/behandelen-rfc/RFC-2026-00001"


@pytest.fixture()
def world(make_org, make_user):
    return rfc_world(make_org, make_user)


def _stored(app) -> set:
    """The files in the storage folder (shared by the session's tests: compare before and after)."""
    return {p for p in app.config["UPLOAD_DIR"].rglob("*") if p.is_file()}


def _file_url(page: str, path: str) -> str:
    """The first download link to `path` on the page."""
    start = page.index(f'href="{path}/bestanden/') + len('href="')
    return page[start : page.index('"', start)]


def test_a_file_sent_with_the_page_is_stored_encrypted_and_downloads_for_the_organisation_and_staff(client, world, app):
    before = _stored(app)
    response = submit_page(client, "sanne@vodix.example", attachments=(io.BytesIO(PDF), "voorstel.pdf"))
    assert response.status_code == 302
    [item] = db.session.scalars(select(RfcAttachment))
    assert (item.filename, item.content_type, item.size) == ("voorstel.pdf", "application/pdf", len(PDF))
    assert item.uploaded_by_label == "Sanne Smit"
    # Encrypted at rest: the file on disk is not the PDF, nor are the name and uploader in the row.
    [path] = _stored(app) - before
    assert PDF not in path.read_bytes()
    name, label = db.session.execute(text_sql("SELECT filename, uploaded_by_label FROM rfc_attachments")).one()
    assert "voorstel" not in name and "Sanne" not in label

    page = client.get(MINE).get_data(as_text=True)
    assert "voorstel.pdf" in page
    url = _file_url(page, MINE)
    download = client.get(url)
    assert download.status_code == 200 and download.data == PDF
    assert download.headers["Content-Disposition"].startswith("attachment")
    assert download.headers["X-Content-Type-Options"] == "nosniff"

    colleague = app.test_client()
    login(colleague, "piet@vodix.example")
    assert colleague.get(url).data == PDF

    staff = app.test_client()
    login(staff, "ada@edu-v.example")
    desk = staff.get(DESK).get_data(as_text=True)
    staff_url = _file_url(desk, DESK)
    staff_download = staff.get(staff_url)
    assert staff_download.status_code == 200 and staff_download.data == PDF
    assert staff_download.headers["Content-Disposition"].startswith("attachment")
    [entry] = db.session.scalars(select(AccessLogEntry).where(AccessLogEntry.action == "download"))
    assert (entry.user_label, entry.detail) == ("Ada Analist", f"rfc file {item.id}")


def test_another_organisation_anonymous_users_and_the_register_never_get_the_file(client, world, app):
    submit_page(client, "sanne@vodix.example", attachments=(io.BytesIO(PDF), "voorstel.pdf"))
    item = db.session.scalar(select(RfcAttachment))
    mine, desk = f"{MINE}/bestanden/{item.id}", f"{DESK}/bestanden/{item.id}"

    stranger = app.test_client()
    login(stranger, "olga@heutink.example")
    assert stranger.get(mine).status_code == 404
    assert stranger.get(desk).status_code == 404

    anonymous = app.test_client()
    assert anonymous.get(mine).status_code in (302, 404)  # to the login page: nothing of the file
    assert PDF not in anonymous.get(mine, follow_redirects=True).data
    assert anonymous.get(desk).status_code in (302, 404)

    # The submitter has no desk: its file link there is not found.
    assert client.get(desk).status_code == 404
    # A file of another RFC through this RFC's link: not found.
    assert client.get(f"{MINE}/bestanden/{item.id + 1}").status_code == 404

    public = app.test_client()
    entry = public.get("/rfc-register/RFC-2026-00001")
    assert entry.status_code == 200 and "voorstel.pdf" not in text(entry) and "bestanden" not in text(entry)
    register = public.get("/api/v1/rfcs/RFC-2026-00001").get_json()
    assert "files" not in register and "voorstel.pdf" not in json.dumps(register)


def test_a_file_that_is_not_what_it_says_is_refused_at_the_field_and_nothing_is_stored(client, world, app):
    before = _stored(app)
    response = submit_page(client, "sanne@vodix.example", attachments=(io.BytesIO(EXE), "voorstel.pdf"))
    assert response.status_code == 422
    assert "voorstel.pdf is geen echt .pdf-bestand, ook al zegt de naam dat." in text(response)
    assert db.session.scalar(select(func.count(Rfc.id))) == 0
    assert db.session.scalar(select(func.count(RfcAttachment.id))) == 0
    assert _stored(app) == before


def test_a_failed_submission_leaves_no_file_behind(client, world, app):
    before = _stored(app)
    response = submit_page(
        client, "sanne@vodix.example", desired_moment="2026-03-09", attachments=(io.BytesIO(PDF), "voorstel.pdf")
    )
    assert response.status_code == 422
    assert db.session.scalar(select(func.count(RfcAttachment.id))) == 0 and _stored(app) == before


def _multipart(rfc: dict, *files: tuple[str, bytes]) -> dict:
    data = {"rfc": json.dumps(rfc)}
    if files:
        data["files"] = [(io.BytesIO(content), name) for name, content in files]
    return data


def test_the_api_takes_multipart_with_files_and_lists_them(client, world, app):
    before = _stored(app)
    response = client.post(
        "/api/v1/rfcs",
        data=_multipart(body(), ("voorstel.pdf", PDF), ("log.txt", b"12:00 geen versie\n")),
        headers=token_for(world["submitter"]),
        content_type="multipart/form-data",
    )
    assert response.status_code == 201, response.get_json()
    files = response.get_json()["files"]
    assert [(f["filename"], f["contentType"], f["size"]) for f in files] == [
        ("voorstel.pdf", "application/pdf", len(PDF)),
        ("log.txt", "text/plain", 18),
    ]
    assert len(_stored(app) - before) == 2
    # The desk's view lists them too; the plain JSON submission still works without files.
    assert client.post("/api/v1/rfcs", json=body(), headers=token_for(world["submitter"])).get_json()["files"] == []


def test_the_api_refuses_a_bad_file_and_stores_nothing(client, world, app):
    before = _stored(app)
    response = client.post(
        "/api/v1/rfcs",
        data=_multipart(body(), ("voorstel.pdf", EXE)),
        headers=token_for(world["submitter"]),
        content_type="multipart/form-data",
    )
    assert response.status_code == 422
    assert any("voorstel.pdf" in message for message in response.get_json()["errors"]["files"])
    assert db.session.scalar(select(func.count(Rfc.id))) == 0 and _stored(app) == before


def test_the_api_asks_for_the_rfc_part(client, world):
    response = client.post(
        "/api/v1/rfcs",
        data={"case": json.dumps(body())},
        headers=token_for(world["submitter"]),
        content_type="multipart/form-data",
    )
    assert response.status_code == 422 and "rfc" in response.get_json()["errors"]
