"""A copy of the database or the upload folder alone reveals none of a filed report's personal data."""

from pathlib import Path

from sqlalchemy import func, select, text

from app.cases import timeline
from app.cases.models import Attachment, Case, reported_by_email, reported_by_name
from app.extensions import db
from app.notify.models import OutboxMessage, addressed_to
from tests.api.helpers import breach
from tests.privacy.helpers import PERSONAL, encodings, file_with_personal_data, leaks


def _stored_bytes(app) -> bytes:
    """Everything the database holds: the SQLite file and its write-ahead log as they lie on disk, or
    on PostgreSQL every row of every table as text."""
    db.session.remove()
    if db.engine.dialect.name == "sqlite":
        path = Path(db.engine.url.database)
        return b"".join(p.read_bytes() for p in (path, Path(f"{path}-wal")) if p.exists())
    with db.engine.connect() as conn:
        return "\n".join(
            row
            for table in db.metadata.sorted_tables
            for row in conn.execute(text(f'SELECT t::text FROM "{table.name}" t')).scalars()
        ).encode()


def _upload_folder_bytes(app) -> bytes:
    root = Path(app.config["UPLOAD_DIR"])
    return b"".join(p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file())


def test_the_stored_database_and_files_hold_none_of_the_personal_data(app, register_with_keurmerk):
    client = app.test_client()
    reference, _code = file_with_personal_data(client, register_with_keurmerk.id)

    # The desk itself reads everything back.
    case = db.session.scalar(select(Case).where(Case.reference == reference))
    assert (case.reporter_name, case.reporter_email, case.reporter_phone) == (
        PERSONAL["name"],
        PERSONAL["email"],
        PERSONAL["phone"],
    )
    assert case.incident.contact_person == PERSONAL["contact_person"]
    html = client.get(f"/volgen/{reference}").get_data(as_text=True)
    assert PERSONAL["message"] in html and PERSONAL["consequences"] in html
    attachment = db.session.scalar(select(Attachment).where(Attachment.case_id == case.id))
    assert attachment.filename == PERSONAL["filename"]
    download = client.get(f"/volgen/{reference}/bijlagen/{attachment.id}")
    assert download.data == PERSONAL["file"].encode()
    assert timeline.verify_case(case.id) == []

    # A copy of the database, or of the upload folder, does not.
    stored = _stored_bytes(app)
    assert reference.encode() in stored  # the copy is real: the plain columns are there
    assert leaks(stored) == []
    files = _upload_folder_bytes(app)
    assert files and leaks(files) == []


def test_the_search_helper_finds_a_marker_in_any_of_its_encodings():
    # The check above would pass on an empty copy if leaks() found nothing anyway.
    for form in encodings(PERSONAL["name"]):
        assert leaks(b"xx" + form + b"yy") == ["name"]


def test_reporters_and_their_mail_are_found_by_address_and_name_through_blind_indexes(app, register_with_keurmerk):
    reference, _code = file_with_personal_data(app.test_client(), register_with_keurmerk.id)
    by_email = db.session.scalars(
        select(Case.reference).where(reported_by_email(" Anneke.Zoetmulder@OBS-de-wilg.example"))
    ).all()
    by_name = db.session.scalars(select(Case.reference).where(reported_by_name("anneke  zoëtmulder-kwakkel"))).all()
    assert by_email == by_name == [reference]
    assert db.session.scalars(select(Case.reference).where(reported_by_email("someone@else.example"))).all() == []
    mails = db.session.scalars(select(OutboxMessage).where(addressed_to(PERSONAL["email"].upper()))).all()
    assert [m.key for m in mails] == [f"ack:{reference}"]


def test_an_api_answer_kept_for_a_retry_is_encrypted_and_still_replayed(app, register_with_keurmerk):
    client = app.test_client()
    body = breach(
        register_with_keurmerk.id,
        reporter={"name": PERSONAL["name"], "email": PERSONAL["email"], "phone": PERSONAL["phone"]},
        description=PERSONAL["description"],
    )
    headers = {"Idempotency-Key": "retry-with-personal-data-1"}
    first = client.post("/api/v1/incidents", json=body, headers=headers)
    assert first.status_code == 201
    # The kept answer holds the follow-up code, which the case itself stores only as a hash.
    code = first.get_json()["followUpCode"]
    stored = _stored_bytes(app)
    assert leaks(stored) == [] and code.encode() not in stored
    again = client.post("/api/v1/incidents", json=body, headers=headers)
    assert (again.status_code, again.get_json()) == (201, first.get_json())
    assert db.session.scalar(select(func.count()).select_from(Case)) == 1
