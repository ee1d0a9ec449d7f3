"""`flask keys rotate | generate`: every encrypted value and file re-encrypted under the newest data key."""

from collections.abc import Callable

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import Column, Table, Text, column, select
from sqlalchemy import table as plain_table

from app import crypto
from app.cases.models import Attachment
from app.cases.uploads import FileStorage
from app.extensions import db
from app.rfc.models import RfcAttachment

# Every table whose rows name a file in the storage folder, with the word a report uses for a missing one.
FILE_TABLES = ((Attachment, "attachment"), (RfcAttachment, "rfc file"))

BATCH_SIZE = 200  # rows per transaction: each batch commits, so a rerun starts where one stopped


def encrypted_tables() -> list[tuple[Table, list[Column], list[Column]]]:
    """Every table with encrypted columns: (table, its encrypted columns, its blind-index columns)."""
    found = []
    for table in db.metadata.sorted_tables:
        encrypted = [c for c in table.c if isinstance(c.type, crypto.ENCRYPTED_TYPES)]
        if encrypted:
            found.append((table, encrypted, [c for c in table.c if "blind_index_of" in c.info]))
    return found


def rotate(report: Callable[[str], None], batch_size: int = BATCH_SIZE) -> int:
    """Re-encrypts every value not under the newest key yet, and recomputes its row's blind indexes;
    then the files. Each batch commits; what is under the newest key already is skipped, so an
    interrupted rotation is resumed by running it again. Returns how many rows and files changed."""
    changed = 0
    for table, encrypted, indexes in encrypted_tables():
        changed += _rotate_table(table, encrypted, indexes, report, batch_size)
    return changed + _rotate_files(report, batch_size)


def _rotate_table(table: Table, encrypted: list[Column], indexes: list[Column], report, batch_size: int) -> int:
    (key,) = table.primary_key.columns
    # The raw tokens, as TEXT: the column types would decrypt on read and encrypt again on write.
    raw = plain_table(table.name, column(key.name), *(column(c.name, Text) for c in [*encrypted, *indexes]))
    keyring = crypto.keyring()
    done = changed = 0
    last = None
    while True:
        query = select(raw.c[key.name], *(raw.c[c.name] for c in encrypted)).order_by(raw.c[key.name])
        if last is not None:
            query = query.where(raw.c[key.name] > last)
        rows = db.session.execute(query.limit(batch_size)).all()
        if not rows:
            return changed
        for row in rows:
            tokens = {c.name: getattr(row, c.name) for c in encrypted if getattr(row, c.name) is not None}
            stale = {name: token for name, token in tokens.items() if not keyring.is_current(token.encode())}
            if not stale:
                continue
            values = {name: keyring.rotate(token.encode()).decode() for name, token in stale.items()}
            for index in indexes:
                source = tokens.get(index.info["blind_index_of"])
                if source is not None:
                    plain = keyring.decrypt(source.encode()).decode()
                    values[index.name] = crypto.blind_index(crypto.normalised(index.info, plain))
            # Only while the row still holds the tokens read: a desk process that wrote it meanwhile
            # wrote it under the newest key already, and its change must not be undone.
            unchanged = [raw.c[name] == token for name, token in stale.items()]
            result = db.session.execute(
                raw.update().where(raw.c[key.name] == getattr(row, key.name), *unchanged).values(**values)
            )
            changed += result.rowcount
        db.session.commit()
        done += len(rows)
        last = getattr(rows[-1], key.name)
        report(f"{table.name}: {done} rows read, {changed} re-encrypted")


def _rotate_files(report, batch_size: int) -> int:
    return sum(_rotate_files_of(model, word, report, batch_size) for model, word in FILE_TABLES)


def _rotate_files_of(model, word: str, report, batch_size: int) -> int:
    storage = FileStorage(current_app.config["UPLOAD_DIR"])
    done = changed = 0
    last = 0
    while True:
        rows = db.session.execute(
            select(model.id, model.storage_key).where(model.id > last).order_by(model.id).limit(batch_size)
        ).all()
        db.session.commit()  # no transaction held while the files are written
        if not rows:
            return changed
        for row in rows:
            try:
                changed += storage.rotate(row.storage_key)
            except FileNotFoundError:
                report(f"{word} {row.id}: its file is missing")
        done += len(rows)
        last = rows[-1].id
        report(f"files: {done} read, {changed} re-encrypted")


@click.group("keys", help="The data keys that encrypt personal data at rest.")
def keys_cli() -> None:
    pass


@keys_cli.command("generate", help="Prints a new data key (put it first in MELDPUNT_DATA_KEYS or the key file).")
def generate_command() -> None:
    click.echo(crypto.generate_key())


@keys_cli.command("rotate", help="Re-encrypts every value and file under the newest key; safe to stop and rerun.")
@click.option("--batch-size", default=BATCH_SIZE, show_default=True, help="Rows per committed batch.")
@with_appcontext
def rotate_command(batch_size: int) -> None:
    changed = rotate(click.echo, batch_size)
    click.echo(f"Done: {changed} rows and files re-encrypted; every value is under the newest key.")
