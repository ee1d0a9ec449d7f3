"""`flask keys rotate`: key A's data moves under key B while the desk runs; stopped halfway, it resumes."""

import base64
from pathlib import Path

import pytest
from cryptography.fernet import Fernet, InvalidToken
from sqlalchemy import column, select
from sqlalchemy import table as plain_table

from app import crypto, key_rotation
from app.cases import timeline
from app.cases.models import Attachment, Case, reported_by_email
from app.extensions import db
from app.notify.models import OutboxMessage
from tests.privacy.helpers import PERSONAL, file_with_personal_data

KEY_A = Fernet.generate_key().decode()
KEY_B = Fernet.generate_key().decode()


@pytest.fixture()
def keys(app):
    """Installs key rings by hand; the test key is back afterwards."""
    saved = crypto.keyring()
    yield lambda *keys: crypto.install(crypto.Keyring(list(keys)))
    crypto.install(saved)


def stale(app) -> int:
    """Stored values and files not under the newest key."""
    ring, count = crypto.keyring(), 0
    for table, encrypted, _indexes in key_rotation.encrypted_tables():
        raw = plain_table(table.name, *(column(c.name) for c in encrypted))
        for row in db.session.execute(select(raw)):
            count += sum(1 for token in row if token is not None and not ring.is_current(token.encode()))
    root = Path(app.config["UPLOAD_DIR"])
    for key in db.session.scalars(select(Attachment.storage_key)):
        count += not ring.is_current((root / key[:2] / key).read_bytes())
    return count


def reads_everything(app, reference: str, code: str) -> None:
    db.session.expire_all()
    case = db.session.scalar(select(Case).where(reported_by_email(PERSONAL["email"])))
    assert case.reference == reference and case.reporter_phone == PERSONAL["phone"]
    client = app.test_client()
    from tests.intake.helpers import follow

    follow(client, reference, code)
    html = client.get(f"/volgen/{reference}").get_data(as_text=True)
    assert PERSONAL["message"] in html and PERSONAL["consequences"] in html and PERSONAL["filename"] in html
    attachment = db.session.scalar(select(Attachment))
    assert client.get(f"/volgen/{reference}/bijlagen/{attachment.id}").data == PERSONAL["file"].encode()
    assert db.session.scalar(select(OutboxMessage.recipient)) == PERSONAL["email"]
    assert timeline.verify_all() == {}


def test_rotating_from_key_a_to_b_leaves_everything_readable_without_a(app, register_with_keurmerk, keys):
    keys(KEY_A)
    reference, code = file_with_personal_data(app.test_client(), register_with_keurmerk.id)
    keys(KEY_B, KEY_A)  # the new key first: it encrypts from now on, A still decrypts
    assert stale(app) > 0
    result = app.test_cli_runner().invoke(args=["keys", "rotate", "--batch-size", "3"])
    assert result.exit_code == 0, result.output
    assert "timeline_events:" in result.output and "files: 1 read, 1 re-encrypted" in result.output
    assert stale(app) == 0
    keys(KEY_B)  # A is gone
    reads_everything(app, reference, code)


def test_an_interrupted_rotation_resumes_where_it_stopped_and_then_has_nothing_left(app, register_with_keurmerk, keys):
    keys(KEY_A)
    reference, code = file_with_personal_data(app.test_client(), register_with_keurmerk.id)
    keys(KEY_B, KEY_A)
    before = stale(app)

    class Stopped(Exception):
        pass

    def stop_after_the_first_batch(line: str) -> None:
        raise Stopped(line)

    with pytest.raises(Stopped):
        key_rotation.rotate(stop_after_the_first_batch, batch_size=1)
    db.session.rollback()
    assert 0 < stale(app) < before  # the first batch was committed, the rest not yet

    progress = []
    assert key_rotation.rotate(progress.append, batch_size=2) > 0
    assert stale(app) == 0 and progress
    assert key_rotation.rotate(progress.append, batch_size=2) == 0  # a rerun finds nothing to do
    keys(KEY_B)
    reads_everything(app, reference, code)


def as_fernet_tokens(app, key: str) -> int:
    """Rewrites every stored value and file as the Fernet token the desk wrote before its v2 tokens."""
    ring, fernet, count = crypto.keyring(), Fernet(key), 0
    for table, encrypted, _indexes in key_rotation.encrypted_tables():
        (primary,) = table.primary_key.columns
        raw = plain_table(table.name, column(primary.name), *(column(c.name) for c in encrypted))
        for row in db.session.execute(select(raw)).all():
            old = {
                c.name: fernet.encrypt(ring.decrypt(getattr(row, c.name).encode())).decode()
                for c in encrypted
                if getattr(row, c.name) is not None
            }
            db.session.execute(raw.update().where(raw.c[primary.name] == row[0]).values(old))
            count += len(old)
    root = Path(app.config["UPLOAD_DIR"])
    for storage_key in db.session.scalars(select(Attachment.storage_key)):
        path = root / storage_key[:2] / storage_key
        path.write_bytes(fernet.encrypt(ring.decrypt(path.read_bytes())))
        count += 1
    db.session.commit()
    return count


def test_values_stored_as_fernet_tokens_by_an_earlier_version_read_and_rotate_into_the_current_form(
    app, register_with_keurmerk, keys
):
    keys(KEY_A)
    reference, code = file_with_personal_data(app.test_client(), register_with_keurmerk.id)
    written = as_fernet_tokens(app, KEY_A)
    assert written > 10 and stale(app) == written  # same key, older form: a rotation rewrites them
    reads_everything(app, reference, code)
    assert key_rotation.rotate(lambda line: None) > 0
    assert stale(app) == 0
    reads_everything(app, reference, code)


def test_a_token_names_its_key_and_an_altered_one_is_refused():
    ring = crypto.Keyring([KEY_B, KEY_A])
    under_a = crypto.Keyring([KEY_A]).encrypt(b"geheim")
    assert ring.decrypt(under_a) == b"geheim" and not ring.is_current(under_a)
    assert ring.is_current(ring.encrypt(b"geheim"))
    assert under_a.startswith(b"v2.") and b"geheim" not in under_a
    sealed = bytearray(base64.urlsafe_b64decode(under_a[3:]))
    sealed[-1] ^= 1  # one bit of the tag
    altered = b"v2." + base64.urlsafe_b64encode(bytes(sealed))
    for bad in (altered, b"v2.not base64!", b"v2." + base64.urlsafe_b64encode(b"short")):
        with pytest.raises(InvalidToken):
            ring.decrypt(bad)


def test_a_keyring_listing_one_key_twice_is_refused_at_start():
    with pytest.raises(ValueError, match="same key"):
        crypto.Keyring([KEY_A, KEY_B, KEY_A])


def test_keys_generate_prints_a_new_key(app):
    first = app.test_cli_runner().invoke(args=["keys", "generate"]).output.strip()
    second = app.test_cli_runner().invoke(args=["keys", "generate"]).output.strip()
    assert first != second
    ring = crypto.Keyring([first])
    assert ring.decrypt(ring.encrypt(b"x")) == b"x"
