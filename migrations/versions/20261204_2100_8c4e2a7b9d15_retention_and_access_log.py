"""retention and access log: the append-only access log, retention terms, per-case retention state

The access log refuses UPDATE and DELETE by a trigger on both databases (the statements are copied
from app/db_setup.py: a migration keeps meaning what it meant when written). Timeline events get
three kinds: legal_hold, legal_hold_lifted and erased.

Revision ID: 8c4e2a7b9d15
Revises: 8c41d7e2a9b3
Create Date: 2026-12-04 21:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '8c4e2a7b9d15'
down_revision = '8c41d7e2a9b3'
branch_labels = None
depends_on = None

OLD_KINDS = (
    'received', 'acknowledged', 'message', 'attachment', 'note', 'status', 'assigned', 'term_extended',
    'linked', 'report_linked', 'deadline_breached', 'deadlines_recomputed', 'party_informed',
    'party_not_informed', 'response_requested', 'claimed', 'decision', 'measure_taken', 'measure_proposed',
    'measure_approved', 'measure_rejected', 'measure_met', 'measure_ended', 'measure_breached',
    'participant_heard', 'measure_evidence', 'objection_filed', 'ap_notified', 'breach_updated',
)
NEW_KINDS = OLD_KINDS + ('legal_hold', 'legal_hold_lifted', 'erased')
ACTIONS = ('view_case', 'view_case_api', 'print_case', 'download', 'export')
CLASSES = ('incident', 'complaint', 'dispute', 'objection', 'measure', 'ap_notified')
PG_APPEND_ONLY = (
    "CREATE OR REPLACE FUNCTION refuse_append_only_change() RETURNS trigger LANGUAGE plpgsql AS "
    "$$ BEGIN RAISE EXCEPTION '% is append-only', TG_TABLE_NAME; END $$",
    "CREATE TRIGGER access_log_append_only BEFORE UPDATE OR DELETE ON access_log "
    "FOR EACH ROW EXECUTE FUNCTION refuse_append_only_change()",
)
SQLITE_APPEND_ONLY = tuple(
    f"CREATE TRIGGER access_log_no_{verb.lower()} BEFORE {verb} ON access_log "
    "BEGIN SELECT RAISE(ABORT, 'access_log is append-only'); END"
    for verb in ('UPDATE', 'DELETE')
)


def _one_of(column, values):
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


def _kinds(values):
    with op.batch_alter_table('timeline_events', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_timeline_events_kind'), type_='check')
        batch_op.create_check_constraint(op.f('ck_timeline_events_kind'), _one_of('kind', values))


def upgrade():
    op.create_table('access_log',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('user_label', sa.String(length=200), nullable=False),
    sa.Column('action', sa.String(length=20), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=True),
    sa.Column('case_reference', sa.String(length=20), nullable=True),
    sa.Column('detail', sa.String(length=300), nullable=False),
    sa.CheckConstraint(_one_of('action', ACTIONS), name=op.f('ck_access_log_action')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_access_log_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_access_log'))
    )
    op.create_index('ix_access_log_case', 'access_log', ['case_id', 'id'], unique=False)
    op.create_index('ix_access_log_user', 'access_log', ['user_id', 'id'], unique=False)
    for statement in (PG_APPEND_ONLY if op.get_bind().dialect.name == 'postgresql' else SQLITE_APPEND_ONLY):
        op.execute(statement)

    op.create_table('retention_settings',
    sa.Column('retention_class', sa.String(length=20), nullable=False),
    sa.Column('years', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.CheckConstraint(_one_of('retention_class', CLASSES), name=op.f('ck_retention_settings_retention_class')),
    sa.ForeignKeyConstraint(['updated_by_id'], ['users.id'], name=op.f('fk_retention_settings_updated_by_id_users')),
    sa.PrimaryKeyConstraint('retention_class', name=op.f('pk_retention_settings'))
    )
    op.create_table('case_retention',
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('hold_reason', sa.Text(), nullable=True),
    sa.Column('hold_since', sa.DateTime(timezone=True), nullable=True),
    sa.Column('hold_by_id', sa.Integer(), nullable=True),
    sa.Column('warned_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('erased_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_case_retention_case_id_cases')),
    sa.ForeignKeyConstraint(['hold_by_id'], ['users.id'], name=op.f('fk_case_retention_hold_by_id_users')),
    sa.PrimaryKeyConstraint('case_id', name=op.f('pk_case_retention'))
    )
    _kinds(NEW_KINDS)


def downgrade():
    _kinds(OLD_KINDS)
    op.drop_table('case_retention')
    op.drop_table('retention_settings')
    op.drop_index('ix_access_log_user', table_name='access_log')
    op.drop_index('ix_access_log_case', table_name='access_log')
    op.drop_table('access_log')  # its triggers go with it
    if op.get_bind().dialect.name == 'postgresql':
        op.execute("DROP FUNCTION IF EXISTS refuse_append_only_change()")
