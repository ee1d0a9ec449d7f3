"""Where the data keys come from: a development key file made on first start, production refuses to start without."""

import logging
import stat

import pytest
from cryptography.fernet import Fernet, InvalidToken

from app import create_app, crypto
from config import DevelopmentConfig


def test_a_fresh_clone_gets_a_private_key_file_on_first_start_and_the_log_says_where_not_what(tmp_path, caplog):
    assert DevelopmentConfig.DATA_KEY_FILE_CREATE and DevelopmentConfig.DATA_KEY_FILE.endswith("instance/data-keys")
    path = tmp_path / "instance" / "data-keys"
    with caplog.at_level(logging.DEBUG):
        [key] = crypto.load_keys("", path, create=True)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    Fernet(key)  # a working key
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert str(path) in logged and key not in logged
    assert crypto.load_keys("", path, create=True) == [key]  # the next start reads the same key


def test_keys_from_the_environment_come_newest_first_and_win_over_the_file(tmp_path):
    path = tmp_path / "data-keys"
    path.write_text("# comment\nfilekey\n")
    assert crypto.load_keys(" new , old ", path) == ["new", "old"]
    assert crypto.load_keys("", path) == ["filekey"]
    assert crypto.load_keys("", tmp_path / "missing") == []


def test_production_refuses_to_start_without_a_data_key(tmp_path):
    with pytest.raises(RuntimeError, match="MELDPUNT_DATA_KEYS"):
        create_app("production", SECRET_KEY="x", DATA_KEYS="", DATA_KEY_FILE="", INSTANCE_DIR=tmp_path)
    assert not (tmp_path / "data-keys").exists()


def test_a_value_encrypted_under_a_key_not_in_the_ring_is_not_read(app):
    stranger = crypto.Keyring([Fernet.generate_key().decode()])
    token = stranger.encrypt(b"geheim")
    with pytest.raises(InvalidToken):
        crypto.keyring().decrypt(token)
