"""allowed values and leaner indexes

Every column that stores a code (a status, type, kind, role, outcome, visibility) gets a CHECK
constraint listing the values the code declares, so the database refuses what the code would
never write. Existing rows are checked first: the upgrade stops, naming every offending value,
rather than adding a constraint the data breaks (no legacy values are known to map).

Indexes: single-column indexes that repeat the first column of a composite index or unique
constraint are dropped; indexes on mostly-empty columns (deadlines.next_check_at, lead cases,
bundles, measures on one keurmerk) become partial, and pending outbox messages get their own.

The values are copied here, not imported: a migration must keep meaning what it meant when it
was written. tests/test_migrations.py checks that they match the models.

Revision ID: 3f2a9c7d1e64
Revises: d5654bc81649
Create Date: 2026-12-03 09:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '3f2a9c7d1e64'
down_revision = 'd5654bc81649'
branch_labels = None
depends_on = None

CASE_TYPES = ('incident', 'complaint', 'dispute', 'objection')
DEADLINE_KINDS = ('acknowledge', 'first_response', 'ap_notification', 'admissibility', 'substantiation',
                  'response', 'resolution', 'update', 'measure')
BASES = ('calendar', 'business', 'weeks')
KEURMERK_STATUSES = ('valid', 'conditional', 'suspended', 'revoked')
# table -> column -> allowed values
ALLOWED = {
    'cases': {
        'type': CASE_TYPES,
        'status': ('received', 'triage', 'in_progress', 'waiting', 'decided', 'closed', 'rejected', 'withdrawn'),
        'category': ('data_breach', 'security', 'outage', 'non_compliance'),
        'severity': ('incident', 'calamity', 'crisis'),
    },
    'case_parties': {'role': ('reporter', 'subject', 'claimant', 'respondent')},
    'reference_counters': {'case_type': CASE_TYPES},
    'timeline_events': {'kind': (
        'received', 'acknowledged', 'message', 'attachment', 'note', 'status', 'assigned', 'term_extended',
        'linked', 'report_linked', 'deadline_breached', 'deadlines_recomputed', 'party_informed',
        'party_not_informed', 'response_requested', 'claimed', 'decision', 'measure_taken', 'measure_proposed',
        'measure_approved', 'measure_rejected', 'measure_met', 'measure_ended', 'measure_breached',
        'participant_heard', 'measure_evidence', 'objection_filed', 'ap_notified', 'breach_updated',
    )},
    'deadlines': {'kind': DEADLINE_KINDS, 'basis': BASES},
    'sla_policies': {'case_type': CASE_TYPES + ('measure',), 'kind': DEADLINE_KINDS, 'basis': BASES},
    'decisions': {'outcome': ('upheld', 'partly_upheld', 'not_upheld', 'withdrawn', 'settled', 'advice',
                              'referred', 'resolved')},
    'measures': {
        'kind': ('request_explanation', 'warning', 'improvement_plan', 'notice_of_default', 'suspension',
                 'emergency_suspension', 'revocation', 'reinstatement'),
        'status': ('proposed', 'in_force', 'met', 'ended', 'rejected'),
    },
    'register_events': {'status': KEURMERK_STATUSES, 'previous': KEURMERK_STATUSES},
    'outbox_messages': {'status': ('pending', 'sent', 'failed')},
    'users': {'role': ('participant', 'supervisor', 'coordinator', 'admin')},
    'organisations': {'kind': ('supplier', 'school_board', 'foundation')},
}
VISIBILITY_TABLES = ('timeline_events', 'attachments')
# Single-column indexes whose column leads a composite index or unique constraint of the same table.
REDUNDANT = (
    ('cases', 'ix_cases_assignee_id', 'assignee_id'),  # ix_cases_assignee_due
    ('cases', 'ix_cases_category', 'category'),  # ix_cases_category_due
    ('cases', 'ix_cases_participant_id', 'participant_id'),  # ix_cases_participant_due
    ('case_parties', 'ix_case_parties_case_id', 'case_id'),  # unique (case_id, organisation_id, role)
    ('conflicts_of_interest', 'ix_conflicts_of_interest_user_id', 'user_id'),  # unique (user_id, organisation_id)
    ('products', 'ix_products_organisation_id', 'organisation_id'),  # unique (organisation_id, name)
    ('keurmerken', 'ix_keurmerken_product_id', 'product_id'),  # unique (product_id, gegevensdienst)
    # Not a prefix, but delivery only reads pending messages: ix_outbox_messages_due takes its place.
    ('outbox_messages', 'ix_outbox_messages_next_attempt_at', 'next_attempt_at'),
)
# Full indexes that become partial: (table, name, column, condition).
PARTIAL = (
    ('cases', 'ix_cases_lead_case_id', 'lead_case_id', 'lead_case_id IS NOT NULL'),
    ('deadlines', 'ix_deadlines_next_check', 'next_check_at', 'next_check_at IS NOT NULL'),
    ('outbox_messages', 'ix_outbox_messages_bundle', 'bundle', 'bundle IS NOT NULL'),
    ('measures', 'ix_measures_keurmerk_id', 'keurmerk_id', 'keurmerk_id IS NOT NULL'),
)


def _quoted(value):
    return "'" + value.replace("'", "''") + "'"


def _one_of(column, values):
    return f"{column} IN ({', '.join(_quoted(v) for v in values)})"


def _visibility(column):
    return (f"{column} IN ('internal', 'reporter', 'parties') OR (substr({column}, 1, 6) = 'party:' "
            f"AND length({column}) > 6 AND ltrim(substr({column}, 7), '0123456789') = '')")


def _conditions(table):
    """(constraint name, condition) of one table."""
    pairs = [(f'ck_{table}_{column}', _one_of(column, values)) for column, values in ALLOWED.get(table, {}).items()]
    if table in VISIBILITY_TABLES:
        pairs.append((f'ck_{table}_visibility', _visibility('visibility')))
    return pairs


def _tables():
    return list(dict.fromkeys([*ALLOWED, *VISIBILITY_TABLES]))


def _refuse_unknown_values():
    """Stops the upgrade before it changes anything when stored rows hold values the constraints refuse."""
    connection = op.get_bind()
    offending = []
    for table in _tables():
        for name, condition in _conditions(table):
            column = name.removeprefix(f'ck_{table}_')
            rows = connection.execute(sa.text(
                f'SELECT DISTINCT {column} FROM {table} WHERE {column} IS NOT NULL AND NOT ({condition})'
            )).scalars().all()
            if rows:
                offending.append(f"{table}.{column}: {', '.join(sorted(repr(v) for v in rows))}")
    if offending:
        raise RuntimeError(
            "Stored rows hold values the new CHECK constraints refuse; correct or map them, then upgrade "
            "again:\n  " + "\n  ".join(offending))


def upgrade():
    _refuse_unknown_values()
    for table, name, _column in REDUNDANT:
        op.drop_index(name, table_name=table)
    for table, name, column, condition in PARTIAL:
        op.drop_index(name, table_name=table)
        op.create_index(name, table, [column], unique=False, sqlite_where=sa.text(condition),
                        postgresql_where=sa.text(condition))
    op.create_index('ix_outbox_messages_due', 'outbox_messages', ['next_attempt_at'], unique=False,
                    sqlite_where=sa.text("status = 'pending'"), postgresql_where=sa.text("status = 'pending'"))
    # SQLite cannot add a constraint to a table: batch mode rebuilds the table (migrations/env.py turns
    # its foreign keys off meanwhile, so the rebuild neither cascades nor refuses).
    for table in _tables():
        with op.batch_alter_table(table, schema=None) as batch_op:
            for name, condition in _conditions(table):
                batch_op.create_check_constraint(op.f(name), condition)


def downgrade():
    for table in reversed(_tables()):
        with op.batch_alter_table(table, schema=None) as batch_op:
            for name, _condition in _conditions(table):
                batch_op.drop_constraint(op.f(name), type_='check')
    op.drop_index('ix_outbox_messages_due', table_name='outbox_messages')
    for table, name, column, condition in PARTIAL:
        op.drop_index(name, table_name=table)
        op.create_index(name, table, [column], unique=False)
    for table, name, column in REDUNDANT:
        op.create_index(name, table, [column], unique=False)
