"""Uploaded files: checked by their content and size, stored under random names, kept only when their
transaction commits."""

import hashlib
import os
import re
import secrets
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import filetype
from flask_babel import lazy_gettext as _l
from sqlalchemy import event
from sqlalchemy.orm import Session

from app import crypto

# What the content must turn out to be, per extension the user may give the file.
BINARY_TYPES = {
    "pdf": "application/pdf",
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "gif": "image/gif",
    "webp": "image/webp",
    "heic": "image/heic",
    "doc": "application/msword",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xls": "application/vnd.ms-excel",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ppt": "application/vnd.ms-powerpoint",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "odp": "application/vnd.oasis.opendocument.presentation",
}
# Text files have no magic number: they must decode as text and carry no binary bytes.
TEXT_TYPES = {"txt": "text/plain", "csv": "text/csv", "eml": "message/rfc822", "log": "text/plain"}
ALIASES = {"jpeg": "jpg"}
ALLOWED_EXTENSIONS = tuple(sorted({*BINARY_TYPES, *TEXT_TYPES}))
# Files written for a session's transaction that has not committed yet; removed if it never does.
_UNCOMMITTED = "uncommitted_files"
# Files whose rows this transaction deletes: removed from disk only when it commits.
_DELETE_ON_COMMIT = "files_deleted_on_commit"


class UploadRejected(ValueError):
    """The file is refused; the message says why and is safe to show."""


class FileTooLarge(UploadRejected):
    """The file is larger than the configured limit (the API answers 413)."""


@dataclass(frozen=True)
class CheckedFile:
    filename: str
    content_type: str
    data: bytes
    sha256: str

    @property
    def size(self) -> int:
        return len(self.data)


def safe_filename(name: str) -> str:
    """A display name without paths or control characters (the stored name is random anyway)."""
    name = unicodedata.normalize("NFC", name).replace("\\", "/").rsplit("/", 1)[-1]
    name = re.sub(r"[\x00-\x1f\x7f\"<>|:*?]", "", name).strip(" .")
    return name[:200] or "bestand"


def _looks_like_text(data: bytes) -> bool:
    if b"\x00" in data:
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        try:
            data.decode("cp1252")
        except UnicodeDecodeError:
            return False
    return True


def check(filename: str, data: bytes, max_bytes: int) -> CheckedFile:
    name = safe_filename(filename)
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if not data:
        raise UploadRejected(_l("%(name)s is empty.", name=name))
    if len(data) > max_bytes:
        raise FileTooLarge(
            _l("%(name)s is larger than %(limit)s MB.", name=name, limit=round(max_bytes / 1_048_576, 1))
        )
    if extension in TEXT_TYPES:
        if not _looks_like_text(data):
            raise UploadRejected(_l("%(name)s is not a text file, whatever its name says.", name=name))
        content_type = TEXT_TYPES[extension]
    elif extension in BINARY_TYPES:
        guessed = filetype.guess(data)
        actual = ALIASES.get(guessed.extension, guessed.extension) if guessed else None
        if actual != ALIASES.get(extension, extension):
            raise UploadRejected(
                _l("%(name)s is not a real .%(ext)s file, whatever its name says.", name=name, ext=extension)
            )
        content_type = BINARY_TYPES[extension]
    else:
        raise UploadRejected(
            _l(
                "%(name)s has a type we do not accept. Allowed: %(types)s.",
                name=name,
                types=", ".join(ALLOWED_EXTENSIONS),
            )
        )
    return CheckedFile(name, content_type, data, hashlib.sha256(data).hexdigest())


class FileStorage:
    """Files in a folder under random keys, encrypted with the data keys (app/crypto.py); a database
    or object store could stand in its place."""

    def __init__(self, root: Path):
        self.root = Path(root)

    def save(self, data: bytes, session: Session | None = None) -> str:
        """Writes the file at once, so a row that names it can only commit after it is on disk; given
        the session whose transaction stores that row, the file is removed if the transaction ends
        without committing (a refused upload leaves nothing behind)."""
        key = secrets.token_hex(16)
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(crypto.keyring().encrypt(data))
        if session is not None:
            session.info.setdefault(_UNCOMMITTED, []).append(path)
        return key

    def read(self, key: str) -> bytes:
        return crypto.keyring().decrypt(self._path(key).read_bytes())

    def rotate(self, key: str) -> bool:
        """Re-encrypts the file under the newest key; False when it was already (nothing written)."""
        path = self._path(key)
        token = path.read_bytes()
        if crypto.keyring().is_current(token):
            return False
        # Written beside it and moved into place, so an interrupted rotation never leaves half a file.
        fresh = path.with_name(path.name + ".rotating")
        fresh.write_bytes(crypto.keyring().rotate(token))
        os.replace(fresh, path)
        return True

    def delete(self, key: str) -> None:
        self._path(key).unlink(missing_ok=True)

    def delete_on_commit(self, key: str, session: Session) -> None:
        """Removes the file once the transaction deleting its row commits; a rollback keeps both."""
        session.info.setdefault(_DELETE_ON_COMMIT, []).append(self._path(key))

    def _path(self, key: str) -> Path:
        if not re.fullmatch(r"[0-9a-f]{32}", key):
            raise ValueError("Not a storage key.")
        return self.root / key[:2] / key


@event.listens_for(Session, "after_commit")
def _keep_committed_files(session) -> None:
    # Only the outermost commit stores the rows (a released savepoint can still be rolled back with it).
    if session.get_nested_transaction() is None:
        session.info.pop(_UNCOMMITTED, None)
        for path in session.info.pop(_DELETE_ON_COMMIT, ()):
            path.unlink(missing_ok=True)


@event.listens_for(Session, "after_transaction_end")
def _remove_uncommitted_files(session, transaction) -> None:
    # Rolled back, or closed without a commit: no row names these files.
    if transaction.parent is None:
        for path in session.info.pop(_UNCOMMITTED, ()):
            path.unlink(missing_ok=True)
        session.info.pop(_DELETE_ON_COMMIT, None)  # not committed: the rows still name these files
