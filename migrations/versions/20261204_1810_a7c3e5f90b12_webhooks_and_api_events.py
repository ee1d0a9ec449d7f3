"""Webhooks and API events: api_events (one row per case event the feed and webhooks carry),
webhook_endpoints and webhook_attempts, and outbox rows that are webhook deliveries (channel, endpoint_id).

Revision ID: a7c3e5f90b12
Revises: 3f2a9c7d1e64
Create Date: 2026-12-04 18:10:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a7c3e5f90b12'
down_revision = '3f2a9c7d1e64'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('webhook_endpoints',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=True),
    sa.Column('url', sa.String(length=500), nullable=False),
    sa.Column('event_types', sa.JSON(), nullable=False),
    sa.Column('secret', sa.String(length=100), nullable=False),
    sa.Column('contact_email', sa.String(length=254), nullable=False),
    sa.Column('created_by_label', sa.String(length=200), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('failures', sa.Integer(), nullable=False),
    sa.Column('paused_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_error', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_webhook_endpoints_organisation_id_organisations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_webhook_endpoints'))
    )
    with op.batch_alter_table('webhook_endpoints', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_webhook_endpoints_organisation_id'), ['organisation_id'], unique=False)

    op.create_table('webhook_attempts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('endpoint_id', sa.Integer(), nullable=False),
    sa.Column('message_id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.String(length=40), nullable=False),
    sa.Column('event_type', sa.String(length=40), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('status_code', sa.Integer(), nullable=True),
    sa.Column('error', sa.Text(), nullable=True),
    sa.Column('duration_ms', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['endpoint_id'], ['webhook_endpoints.id'], name=op.f('fk_webhook_attempts_endpoint_id_webhook_endpoints')),
    sa.ForeignKeyConstraint(['message_id'], ['outbox_messages.id'], name=op.f('fk_webhook_attempts_message_id_outbox_messages')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_webhook_attempts'))
    )
    with op.batch_alter_table('webhook_attempts', schema=None) as batch_op:
        batch_op.create_index('ix_webhook_attempts_endpoint_at', ['endpoint_id', 'at'], unique=False)
        batch_op.create_index(batch_op.f('ix_webhook_attempts_message_id'), ['message_id'], unique=False)

    op.create_table('api_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('public_id', sa.String(length=40), nullable=False),
    sa.Column('type', sa.String(length=40), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('timeline_event_id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('fanned_out', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.CheckConstraint("type IN ('case.filed', 'case.status_changed', 'case.message', 'case.response_requested', 'case.decided', 'measure.changed')", name=op.f('ck_api_events_type')),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_api_events_case_id_cases')),
    sa.ForeignKeyConstraint(['timeline_event_id'], ['timeline_events.id'], name=op.f('fk_api_events_timeline_event_id_timeline_events')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_api_events')),
    sa.UniqueConstraint('public_id', name=op.f('uq_api_events_public_id')),
    sa.UniqueConstraint('timeline_event_id', name=op.f('uq_api_events_timeline_event_id'))
    )
    with op.batch_alter_table('api_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_api_events_case_id'), ['case_id'], unique=False)
        batch_op.create_index('ix_api_events_pending', ['id'], unique=False, sqlite_where=sa.text('fanned_out = 0'), postgresql_where=sa.text('fanned_out = false'))

    with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
        batch_op.add_column(sa.Column('channel', sa.String(length=10), server_default='email', nullable=False))
        batch_op.add_column(sa.Column('endpoint_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_outbox_messages_endpoint_id'), ['endpoint_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_outbox_messages_endpoint_id_webhook_endpoints'), 'webhook_endpoints', ['endpoint_id'], ['id'])
        batch_op.create_check_constraint(op.f('ck_outbox_messages_channel'), "channel IN ('email', 'webhook')")



def downgrade():
    with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_outbox_messages_channel'), type_='check')
        batch_op.drop_constraint(batch_op.f('fk_outbox_messages_endpoint_id_webhook_endpoints'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_outbox_messages_endpoint_id'))
        batch_op.drop_column('endpoint_id')
        batch_op.drop_column('channel')

    with op.batch_alter_table('api_events', schema=None) as batch_op:
        batch_op.drop_index('ix_api_events_pending', sqlite_where=sa.text('fanned_out = 0'), postgresql_where=sa.text('fanned_out = false'))
        batch_op.drop_index(batch_op.f('ix_api_events_case_id'))

    op.drop_table('api_events')
    with op.batch_alter_table('webhook_attempts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_webhook_attempts_message_id'))
        batch_op.drop_index('ix_webhook_attempts_endpoint_at')

    op.drop_table('webhook_attempts')
    with op.batch_alter_table('webhook_endpoints', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_webhook_endpoints_organisation_id'))

    op.drop_table('webhook_endpoints')
