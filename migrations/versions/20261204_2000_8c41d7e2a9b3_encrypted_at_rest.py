"""encrypted at rest

Personal data is stored as tokens under the data keys (the keyring's current form: Fernet when this
revision was written, AES-256-GCM since), which live outside the database
(MELDPUNT_DATA_KEYS or MELDPUNT_DATA_KEY_FILE; app/crypto.py): the reporter's name, e-mail and phone,
the report's description, the data-breach answers, the complaint's and dispute's texts, timeline
events' labels, texts and facts (messages, notes), file names, and the outbox's addresses and bodies.
The columns become TEXT, the rows already stored are encrypted in batches, and so are the files in
UPLOAD_DIR. Blind indexes (HMAC-SHA256 of the normalised value) find reporters and messages by e-mail
address or name. The full-text index keeps the columns that stay plain: title and organisation.

The keys come from the application's keyring (create_app installs it); the normalisation of the
blind indexes is app/crypto.py's, the one the application looks up with. Downgrading decrypts.

Revision ID: 8c41d7e2a9b3
Revises: 8c41d2e7a5f3
Create Date: 2026-12-04 20:00:00.000000

"""
from pathlib import Path

from alembic import op
import sqlalchemy as sa
from flask import current_app

from app import crypto


# revision identifiers, used by Alembic.
revision = '8c41d7e2a9b3'
down_revision = '8c41d2e7a5f3'
branch_labels = None
depends_on = None

BATCH = 500
# table -> (primary key, {column: its type before}), a JSON column's text is encrypted as it is stored.
ENCRYPTED = {
    'cases': ('id', {
        'description': sa.Text(), 'reporter_name': sa.String(200), 'reporter_email': sa.String(254),
        'reporter_phone': sa.String(40),
    }),
    'incident_details': ('case_id', {
        'impact': sa.JSON(), 'nature': sa.JSON(), 'data_categories': sa.JSON(), 'affected_groups': sa.JSON(),
        'consequences': sa.Text(), 'measures_taken': sa.Text(), 'ap_notified_by': sa.String(200),
        'ap_reference': sa.String(100), 'affected_schools': sa.Text(), 'contact_person': sa.String(200),
    }),
    'complaint_details': ('case_id', {'desired_outcome': sa.Text()}),
    'dispute_details': ('case_id', {'prior_attempt': sa.Text(), 'desired_outcome': sa.Text()}),
    'timeline_events': ('id', {'actor_label': sa.String(200), 'text': sa.Text(), 'data': sa.JSON()}),
    'attachments': ('id', {'filename': sa.String(255), 'uploaded_by_label': sa.String(200)}),
    'outbox_messages': ('id', {
        'recipient': sa.String(254), 'body_text': sa.Text(), 'body_html': sa.Text(), 'last_error': sa.Text(),
        'bundle_items': sa.JSON(),
    }),
}
# table -> [(blind-index column, encrypted column, normalisation)]
BLIND_INDEXES = {
    'cases': [('reporter_name_index', 'reporter_name', 'name'), ('reporter_email_index', 'reporter_email', 'email')],
    'outbox_messages': [('recipient_index', 'recipient', 'email')],
}
OLD_SEARCH = "to_tsvector('dutch', (((title || ' ') || description) || ' ') || coalesce(reporter_organisation, ''))"
NEW_SEARCH = "to_tsvector('dutch', ((title || ' ') || coalesce(reporter_organisation, '')))"


def _plain(table):
    key, columns = ENCRYPTED[table]
    extra = [index for index, _source, _how in BLIND_INDEXES.get(table, [])]
    return sa.table(table, *(sa.column(name, sa.Text()) for name in [key, *columns, *extra])), key, list(columns)


def _convert_rows(table, convert, with_indexes):
    """Rewrites every stored value of the table's encrypted columns with `convert`, BATCH rows at a time;
    `with_indexes`: the values read are plain text, and their blind indexes are stored too."""
    connection = op.get_bind()
    plain, key, columns = _plain(table)
    last = None
    while True:
        query = sa.select(plain.c[key], *(plain.c[c] for c in columns)).order_by(plain.c[key]).limit(BATCH)
        if last is not None:
            query = query.where(plain.c[key] > last)
        rows = connection.execute(query).all()
        if not rows:
            return
        for row in rows:
            values = {c: convert(getattr(row, c)) for c in columns if getattr(row, c) is not None}
            if with_indexes:
                for index, source, how in BLIND_INDEXES.get(table, []):
                    value = getattr(row, source)
                    values[index] = None if value is None else crypto.blind_index(
                        crypto.normalised({'normalise': how}, value))
            if values:
                connection.execute(plain.update().where(plain.c[key] == getattr(row, key)).values(**values))
        last = getattr(rows[-1], key)


def _encrypt(value: str) -> str:
    return crypto.keyring().encrypt(str(value).encode()).decode('ascii')


def _decrypt(value: str) -> str:
    return crypto.keyring().decrypt(value.encode('ascii')).decode()


def _convert_files(convert_file):
    """Each attachment's file in UPLOAD_DIR, converted in place (a missing file is left alone)."""
    root = Path(current_app.config['UPLOAD_DIR'])
    keys = op.get_bind().execute(sa.text('SELECT storage_key FROM attachments ORDER BY id')).scalars().all()
    for key in keys:
        path = root / key[:2] / key
        if path.is_file():
            converted = convert_file(path.read_bytes())
            if converted is not None:
                fresh = path.with_name(path.name + '.converting')
                fresh.write_bytes(converted)
                fresh.replace(path)


def _encrypt_file(data: bytes):
    try:
        crypto.keyring().decrypt(data)
        return None  # encrypted already (an upgrade interrupted after its files)
    except Exception:  # noqa: BLE001 - not a token of ours: the plain file as stored before
        return crypto.keyring().encrypt(data)


def _decrypt_file(data: bytes):
    return crypto.keyring().decrypt(data)


def _is_postgresql():
    return op.get_bind().dialect.name == 'postgresql'


def upgrade():
    if _is_postgresql():
        op.drop_index('ix_cases_search', table_name='cases')
    for table, (_key, columns) in ENCRYPTED.items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            for name, before in columns.items():
                if not isinstance(before, sa.Text):
                    batch_op.alter_column(name, existing_type=before, type_=sa.Text())
            for index, _source, _how in BLIND_INDEXES.get(table, []):
                batch_op.add_column(sa.Column(index, sa.String(length=64), nullable=True))
                batch_op.create_index(batch_op.f(f'ix_{table}_{index}'), [index], unique=False)
    for table in ENCRYPTED:
        _convert_rows(table, _encrypt, with_indexes=True)
    _convert_files(_encrypt_file)
    if _is_postgresql():
        op.create_index('ix_cases_search', 'cases', [sa.text(NEW_SEARCH)], unique=False, postgresql_using='gin')


def downgrade():
    if _is_postgresql():
        op.drop_index('ix_cases_search', table_name='cases')
    _convert_files(_decrypt_file)
    for table in ENCRYPTED:
        _convert_rows(table, _decrypt, with_indexes=False)
    for table, (_key, columns) in reversed(list(ENCRYPTED.items())):
        with op.batch_alter_table(table, schema=None) as batch_op:
            for index, _source, _how in BLIND_INDEXES.get(table, []):
                batch_op.drop_index(batch_op.f(f'ix_{table}_{index}'))
                batch_op.drop_column(index)
            for name, before in columns.items():
                if not isinstance(before, sa.Text):
                    using = f'{name}::json' if isinstance(before, sa.JSON) else None
                    batch_op.alter_column(name, existing_type=sa.Text(), type_=before, postgresql_using=using)
    if _is_postgresql():
        op.create_index('ix_cases_search', 'cases', [sa.text(OLD_SEARCH)], unique=False, postgresql_using='gin')
