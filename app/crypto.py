"""Encryption at rest: the keyring (Fernet keys from outside the database), encrypted columns, blind indexes."""

import base64
import hashlib
import hmac
import json
import logging
import os
import unicodedata
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from sqlalchemy import Text, types
from sqlalchemy.sql import operators

log = logging.getLogger(__name__)

# The blind-index key of each data key is derived from it under this label, so the data key itself
# never doubles as a MAC key and a rotation to a new data key also moves the indexes to a new key.
INDEX_LABEL = b"meldpunt blind index v1"


class Keyring:
    """The data keys, newest first: the newest encrypts, every key decrypts (MultiFernet)."""

    def __init__(self, keys: list[str]):
        if not keys:
            raise ValueError("A keyring needs at least one key.")
        fernets = [Fernet(key.encode() if isinstance(key, str) else key) for key in keys]
        self.newest = fernets[0]
        self.multi = MultiFernet(fernets)
        self.index_keys = [hmac.new(_raw(key), INDEX_LABEL, hashlib.sha256).digest() for key in keys]

    def encrypt(self, data: bytes) -> bytes:
        return self.multi.encrypt(data)

    def decrypt(self, token: bytes) -> bytes:
        return self.multi.decrypt(token)

    def is_current(self, token: bytes) -> bool:
        """Whether the token is under the newest key already (a rotation skips it)."""
        try:
            self.newest.decrypt(token)
        except InvalidToken:
            return False
        return True

    def rotate(self, token: bytes) -> bytes:
        """The same plaintext under the newest key."""
        return self.multi.rotate(token)

    def blind_index(self, normalised: str) -> str:
        """The value's blind index under the newest key: what is stored with it."""
        return hmac.new(self.index_keys[0], normalised.encode(), hashlib.sha256).hexdigest()

    def blind_indexes(self, normalised: str) -> list[str]:
        """The value's blind index under every key, newest first: a lookup matches any of them, so
        rows not yet rotated are still found while `keys rotate` runs."""
        return [hmac.new(key, normalised.encode(), hashlib.sha256).hexdigest() for key in self.index_keys]


def _raw(key: str | bytes) -> bytes:
    return base64.urlsafe_b64decode(key.encode() if isinstance(key, str) else key)


# One keyring per process (create_app installs it): Fernet objects are built once, not per value.
_keyring: Keyring | None = None


def install(keyring: Keyring) -> None:
    global _keyring
    _keyring = keyring


def keyring() -> Keyring:
    if _keyring is None:
        raise RuntimeError("No data keys installed: create_app() installs them from the configuration.")
    return _keyring


def generate_key() -> str:
    return Fernet.generate_key().decode()


def load_keys(setting: str, key_file: str | Path | None, *, create: bool = False) -> list[str]:
    """The data keys, newest first: from `setting` (comma-separated), else from `key_file` (one per
    line, # comments). With `create` and no file yet, writes one with a new key (mode 0600)."""
    keys = [key.strip() for key in (setting or "").split(",") if key.strip()]
    if keys or not key_file:
        return keys
    path = Path(key_file)
    if create and not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w") as handle:
            handle.write("# Data keys of the Edu-V Meldpunt, newest first. Without them the data cannot be read.\n")
            handle.write(generate_key() + "\n")
        # The path only: the key itself never reaches a log.
        log.warning(
            "Created a data key file at %s (mode 0600). Keep it: the stored data cannot be read without it.", path
        )
    if not path.exists():
        return []
    lines = (line.strip() for line in path.read_text().splitlines())
    return [line for line in lines if line and not line.startswith("#")]


def normalised_email(value: str) -> str:
    return (value or "").strip().lower()


def normalised_name(value: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", value or "").casefold().split())


def blind_index(normalised: str) -> str:
    """The blind index stored with a value: under the newest key."""
    return keyring().blind_index(normalised)


def blind_index_of(source: str, *, email: bool = False) -> dict:
    """A blind-index column's `info`: the encrypted column it indexes and how its value is normalised;
    `keys rotate` recomputes it from there."""
    return {"blind_index_of": source, "normalise": "email" if email else "name"}


def normalised(info: dict, value: str) -> str:
    """The value normalised as the blind-index column's `info` says."""
    return normalised_email(value) if info["normalise"] == "email" else normalised_name(value)


def matches(column, normalised: str):
    """A condition: the blind-index `column` holds the index of this value under any key."""
    return column.in_(keyring().blind_indexes(normalised))


class _Refused(Text.Comparator):
    """SQL compares ciphertext, which never equals anything: only IS (NOT) NULL is allowed; a lookup
    goes through a blind index (matches()), a search through the plain columns."""

    def operate(self, op, *other, **kwargs):
        if op in (operators.is_, operators.is_not):
            return super().operate(op, *other, **kwargs)
        raise TypeError("An encrypted column cannot be compared or sorted in SQL; use its blind index.")


class EncryptedText(types.TypeDecorator):
    """Text stored as a Fernet token under the newest key; reads decrypt with any key."""

    impl = Text
    cache_ok = True
    comparator_factory = _Refused

    def process_bind_param(self, value: str | None, dialect):
        if value is None:
            return None
        return keyring().encrypt(value.encode()).decode("ascii")

    def process_result_value(self, value: str | None, dialect):
        if value is None:
            return None
        return keyring().decrypt(value.encode("ascii")).decode()


class EncryptedJSON(types.TypeDecorator):
    """A JSON value stored as a Fernet token of its text (None stays SQL NULL)."""

    impl = Text
    cache_ok = True
    comparator_factory = _Refused

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
        return keyring().encrypt(text.encode()).decode("ascii")

    def process_result_value(self, value: str | None, dialect):
        if value is None:
            return None
        return json.loads(keyring().decrypt(value.encode("ascii")))


class EncryptedBytes(types.TypeDecorator):
    """Bytes stored as a Fernet token (text, so `keys rotate` treats it as every other column)."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: bytes | None, dialect):
        if value is None:
            return None
        return keyring().encrypt(bytes(value)).decode("ascii")

    def process_result_value(self, value: str | None, dialect):
        if value is None:
            return None
        return keyring().decrypt(value.encode("ascii"))


# Every column type that stores a token: what `keys rotate` re-encrypts.
ENCRYPTED_TYPES = (EncryptedText, EncryptedJSON, EncryptedBytes)
