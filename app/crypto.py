"""Encryption at rest: the keyring (data keys from outside the database), encrypted columns, blind indexes."""

import base64
import hashlib
import hmac
import json
import logging
import os
import unicodedata
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from sqlalchemy import Text, types
from sqlalchemy.sql import operators

log = logging.getLogger(__name__)

# The blind-index key of each data key is derived from it under this label, so the data key itself
# never doubles as a MAC key and a rotation to a new data key also moves the indexes to a new key.
INDEX_LABEL = b"meldpunt blind index v1"


# Tokens are written as "v2." + base64url(key id, nonce, AES-256-GCM ciphertext with its tag). The
# desk wrote Fernet tokens before; those still read and `keys rotate` rewrites them. Why the change:
# a Fernet token costs about 18 µs to read against 3 µs for this one (measured on the desk's
# machine), and the API's page of 50 cases with their timelines reads 1,000 of them. The key id names the key that
# wrote a token, so a read goes straight to its key, and a rotation sees which tokens are stale
# without decrypting them.
TOKEN_PREFIX = b"v2."
KEY_ID_SIZE, NONCE_SIZE = 4, 12
# Each data key yields its AES key and its key id under these labels (HKDF), so neither is the data
# key itself.
AES_LABEL = b"meldpunt data v2 aes-256-gcm"
KEY_ID_LABEL = b"meldpunt data v2 key id"


class DataKey:
    """One data key (32 random bytes, base64url as Fernet writes them): its AES-GCM cipher and key id,
    and the Fernet of the same key for tokens written before v2."""

    def __init__(self, key: str | bytes):
        encoded = key.encode() if isinstance(key, str) else key
        self.fernet = Fernet(encoded)  # also checks the key's form
        raw = _raw(encoded)
        self.aead = AESGCM(_derive(raw, AES_LABEL, 32))
        self.key_id = _derive(raw, KEY_ID_LABEL, KEY_ID_SIZE)
        self.index_key = hmac.new(raw, INDEX_LABEL, hashlib.sha256).digest()

    def encrypt(self, data: bytes) -> bytes:
        # A random 96-bit nonce per value: safe for far more values than a desk stores under one key
        # (NIST's bound is 2**32).
        nonce = os.urandom(NONCE_SIZE)
        sealed = self.aead.encrypt(nonce, data, None)
        return TOKEN_PREFIX + base64.urlsafe_b64encode(self.key_id + nonce + sealed)


def _derive(raw: bytes, label: bytes, length: int) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=length, salt=None, info=label).derive(raw)


class Keyring:
    """The data keys, newest first: the newest encrypts, every key decrypts."""

    def __init__(self, keys: list[str]):
        if not keys:
            raise ValueError("A keyring needs at least one key.")
        data_keys = [DataKey(key) for key in keys]
        self.newest = data_keys[0]
        self.by_id = {key.key_id: key for key in data_keys}
        if len(self.by_id) != len(data_keys):
            raise ValueError("Two data keys in the keyring are the same key.")
        self.legacy = MultiFernet([key.fernet for key in data_keys])
        self.index_keys = [key.index_key for key in data_keys]

    def encrypt(self, data: bytes) -> bytes:
        return self.newest.encrypt(data)

    def decrypt(self, token: bytes) -> bytes:
        """The plaintext of a token under any key of the ring; InvalidToken when none wrote it or it
        was altered."""
        if not token.startswith(TOKEN_PREFIX):
            return self.legacy.decrypt(token)
        try:
            raw = base64.urlsafe_b64decode(token[len(TOKEN_PREFIX) :])
        except ValueError as error:
            raise InvalidToken from error
        key = self.by_id.get(raw[:KEY_ID_SIZE])
        if key is None:
            raise InvalidToken
        nonce, sealed = raw[KEY_ID_SIZE : KEY_ID_SIZE + NONCE_SIZE], raw[KEY_ID_SIZE + NONCE_SIZE :]
        try:
            return key.aead.decrypt(nonce, sealed, None)
        except (InvalidTag, ValueError) as error:  # ValueError: a nonce cut short
            raise InvalidToken from error

    def is_current(self, token: bytes) -> bool:
        """Whether the token is in the current form under the newest key already (a rotation skips it)."""
        if not token.startswith(TOKEN_PREFIX):
            return False
        # The first 8 characters hold the first 6 bytes: the key id and a little of the nonce.
        head = token[len(TOKEN_PREFIX) : len(TOKEN_PREFIX) + 8]
        return base64.urlsafe_b64decode(head)[:KEY_ID_SIZE] == self.newest.key_id

    def rotate(self, token: bytes) -> bytes:
        """The same plaintext under the newest key, in the current form."""
        return self.encrypt(self.decrypt(token))

    def blind_index(self, normalised: str) -> str:
        """The value's blind index under the newest key: what is stored with it."""
        return hmac.new(self.index_keys[0], normalised.encode(), hashlib.sha256).hexdigest()

    def blind_indexes(self, normalised: str) -> list[str]:
        """The value's blind index under every key, newest first: a lookup matches any of them, so
        rows not yet rotated are still found while `keys rotate` runs."""
        return [hmac.new(key, normalised.encode(), hashlib.sha256).hexdigest() for key in self.index_keys]


def _raw(key: bytes) -> bytes:
    return base64.urlsafe_b64decode(key)


# One keyring per process (create_app installs it): ciphers are built once, not per value.
_keyring: Keyring | None = None


def install(keyring: Keyring) -> None:
    global _keyring
    _keyring = keyring


def keyring() -> Keyring:
    if _keyring is None:
        raise RuntimeError("No data keys installed: create_app() installs them from the configuration.")
    return _keyring


def generate_key() -> str:
    """A new data key: 32 random bytes, base64url, in the form keys had since the first version."""
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
    """Text stored as a token under the newest key; reads decrypt with any key."""

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
    """A JSON value stored as a token of its text (None stays SQL NULL)."""

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
    """Bytes stored as a token (text, so `keys rotate` treats it as every other column)."""

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
