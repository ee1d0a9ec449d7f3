"""The encrypting upgrade: rows and files stored before it are encrypted in place and found; a downgrade decrypts."""

from flask_migrate import downgrade, upgrade
from sqlalchemy import select, text

from app import create_app
from app.cases.models import Case, TimelineEvent, reported_by_email
from app.cases.services import case_records
from app.extensions import db
from app.notify.models import OutboxMessage, addressed_to
from tests import test_migrations

empty_database_url = test_migrations.empty_database_url
BEFORE = "3f2a9c7d1e64"
STORAGE_KEY = "ab" + "0" * 30


def _store_plain_rows(upload_dir) -> None:
    with db.engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO cases (id, reference, type, status, title, description, reporter_name, reporter_email,"
                " reporter_phone, follow_up_code_hash, access_links_opt_in, created_at, updated_at) VALUES (1,"
                " 'INC-2026-00001', 'incident', 'received', 'Lek', 'Dossier van Jesse open', 'Anneke Zoet',"
                " 'Anneke@Wilg.example', '0612', 'h', true, :now, :now)"
            ),
            {"now": "2026-03-10"},
        )
        conn.execute(
            text(
                "INSERT INTO timeline_events (id, case_id, seq, at, actor_label, kind, visibility, text, data,"
                " prev_hash, hash) VALUES (1, 1, 1, :now, 'Anneke Zoet', 'message', 'parties', 'Ook Fenna',"
                " '{\"files\": []}', 'a', 'b')"
            ),
            {"now": "2026-03-10"},
        )
        conn.execute(
            text(
                "INSERT INTO attachments (id, case_id, filename, content_type, size, sha256, storage_key, visibility,"
                " uploaded_by_label, created_at) VALUES (1, 1, 'jesse.txt', 'text/plain', 5, 'x', :key, 'parties',"
                " 'Anneke Zoet', :now)"
            ),
            {"now": "2026-03-10", "key": STORAGE_KEY},
        )
        conn.execute(
            text(
                "INSERT INTO outbox_messages (id, key, recipient, subject, body_text, created_at, status, attempts,"
                " next_attempt_at, secret) VALUES (1, 'ack:1', 'Anneke@Wilg.example', 'Ontvangen', 'Beste Anneke',"
                " :now, 'pending', 0, :now, false)"
            ),
            {"now": "2026-03-10"},
        )
    path = upload_dir / STORAGE_KEY[:2] / STORAGE_KEY
    path.parent.mkdir(parents=True)
    path.write_bytes(b"Jesse")


def _raw(sql: str) -> list:
    with db.engine.connect() as conn:
        return list(conn.execute(text(sql)).one())


def test_the_upgrade_encrypts_stored_rows_and_files_and_the_downgrade_decrypts_them(empty_database_url, tmp_path):
    app = create_app("test", SQLALCHEMY_DATABASE_URI=empty_database_url, INSTANCE_DIR=tmp_path)
    upload_dir = tmp_path / "uploads"
    app.config["UPLOAD_DIR"] = upload_dir
    with app.app_context():
        upgrade(revision=BEFORE)
        _store_plain_rows(upload_dir)
        upgrade()
        raw = _raw("SELECT description, reporter_name, reporter_email, reporter_phone FROM cases")
        raw += _raw("SELECT actor_label, text, data FROM timeline_events")
        raw += _raw("SELECT recipient, body_text FROM outbox_messages")
        assert all(value.startswith("v2.") for value in raw)
        file_path = upload_dir / STORAGE_KEY[:2] / STORAGE_KEY
        assert b"Jesse" not in file_path.read_bytes()

        case = db.session.scalar(select(Case).where(reported_by_email("anneke@wilg.example")))
        assert (case.description, case.reporter_name, case.reporter_phone) == (
            "Dossier van Jesse open",
            "Anneke Zoet",
            "0612",
        )
        event = db.session.get(TimelineEvent, 1)
        assert (event.actor_label, event.text, event.data) == ("Anneke Zoet", "Ook Fenna", {"files": []})
        assert (
            db.session.scalar(select(OutboxMessage.body_text).where(addressed_to("anneke@wilg.example")))
            == "Beste Anneke"
        )
        assert case_records.storage().read(STORAGE_KEY) == b"Jesse"
        db.session.remove()

        downgrade(revision=BEFORE)
        assert _raw("SELECT description, reporter_email FROM cases") == [
            "Dossier van Jesse open",
            "Anneke@Wilg.example",
        ]
        assert _raw("SELECT text FROM timeline_events") == ["Ook Fenna"]
        assert file_path.read_bytes() == b"Jesse"
        db.engine.dispose()
