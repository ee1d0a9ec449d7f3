"""initial schema

Revision ID: 08926832198f
Revises: 
Create Date: 2026-11-28 23:01:23.283677

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '08926832198f'
down_revision = None
branch_labels = None
depends_on = None

SEARCH_EXPRESSION = (
    "to_tsvector('dutch', title || ' ' || description || ' ' || coalesce(reporter_organisation, ''))"
)


def upgrade():
    op.create_table('deadlines',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('subject_type', sa.String(length=20), nullable=False),
    sa.Column('subject_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.Column('basis', sa.String(length=10), nullable=False),
    sa.Column('amount', sa.Integer(), nullable=False),
    sa.Column('warn_fraction', sa.Float(), nullable=False),
    sa.Column('reminders', sa.JSON(), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('due_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('warn_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('paused_since', sa.DateTime(timezone=True), nullable=True),
    sa.Column('paused_seconds', sa.Integer(), nullable=False),
    sa.Column('warned_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('breached_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('met_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('reminders_sent', sa.Integer(), nullable=False),
    sa.Column('next_check_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_deadlines'))
    )
    with op.batch_alter_table('deadlines', schema=None) as batch_op:
        batch_op.create_index('ix_deadlines_next_check', ['next_check_at'], unique=False)
        batch_op.create_index('ix_deadlines_subject', ['subject_type', 'subject_id'], unique=False)

    op.create_table('organisations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('is_participant', sa.Boolean(), nullable=False),
    sa.Column('category', sa.String(length=100), nullable=True),
    sa.Column('programme', sa.String(length=20), nullable=True),
    sa.Column('stage', sa.String(length=40), nullable=True),
    sa.Column('oin', sa.String(length=20), nullable=True),
    sa.Column('kvk', sa.String(length=8), nullable=True),
    sa.Column('board_id', sa.String(length=10), nullable=True),
    sa.Column('contact_email', sa.String(length=254), nullable=True),
    sa.Column('is_demo', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_organisations')),
    sa.UniqueConstraint('name', name=op.f('uq_organisations_name'))
    )
    op.create_table('outbox_messages',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=200), nullable=False),
    sa.Column('recipient', sa.String(length=254), nullable=False),
    sa.Column('subject', sa.String(length=300), nullable=False),
    sa.Column('body_text', sa.Text(), nullable=False),
    sa.Column('body_html', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('next_attempt_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_error', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outbox_messages')),
    sa.UniqueConstraint('key', name=op.f('uq_outbox_messages_key'))
    )
    with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_outbox_messages_next_attempt_at'), ['next_attempt_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_outbox_messages_status'), ['status'], unique=False)

    op.create_table('reference_counters',
    sa.Column('case_type', sa.String(length=20), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('last_number', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('case_type', 'year', name=op.f('pk_reference_counters'))
    )
    op.create_table('scheduler_leases',
    sa.Column('name', sa.String(length=50), nullable=False),
    sa.Column('holder', sa.String(length=200), nullable=False),
    sa.Column('acquired_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('name', name=op.f('pk_scheduler_leases'))
    )
    op.create_table('products',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('referentiecomponent', sa.String(length=200), nullable=False),
    sa.Column('is_demo', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_products_organisation_id_organisations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_products')),
    sa.UniqueConstraint('organisation_id', 'name', name=op.f('uq_products_organisation_id'))
    )
    with op.batch_alter_table('products', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_products_organisation_id'), ['organisation_id'], unique=False)

    op.create_table('users',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('password_hash', sa.String(length=256), nullable=True),
    sa.Column('role', sa.String(length=20), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_login_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_users_organisation_id_organisations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_users')),
    sa.UniqueConstraint('email', name=op.f('uq_users_email'))
    )
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_users_organisation_id'), ['organisation_id'], unique=False)

    op.create_table('api_tokens',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('prefix', sa.String(length=12), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_used_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_api_tokens_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_api_tokens')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_api_tokens_token_hash'))
    )
    with op.batch_alter_table('api_tokens', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_api_tokens_user_id'), ['user_id'], unique=False)

    op.create_table('cases',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('reference', sa.String(length=20), nullable=False),
    sa.Column('type', sa.String(length=20), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('category', sa.String(length=30), nullable=True),
    sa.Column('severity', sa.String(length=20), nullable=True),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('participant_id', sa.Integer(), nullable=True),
    sa.Column('reporter_name', sa.String(length=200), nullable=False),
    sa.Column('reporter_email', sa.String(length=254), nullable=False),
    sa.Column('reporter_phone', sa.String(length=40), nullable=True),
    sa.Column('reporter_organisation', sa.String(length=200), nullable=True),
    sa.Column('reporter_user_id', sa.Integer(), nullable=True),
    sa.Column('follow_up_code_hash', sa.String(length=256), nullable=False),
    sa.Column('assignee_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('next_due_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('lead_case_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['assignee_id'], ['users.id'], name=op.f('fk_cases_assignee_id_users')),
    sa.ForeignKeyConstraint(['lead_case_id'], ['cases.id'], name=op.f('fk_cases_lead_case_id_cases')),
    sa.ForeignKeyConstraint(['participant_id'], ['organisations.id'], name=op.f('fk_cases_participant_id_organisations')),
    sa.ForeignKeyConstraint(['reporter_user_id'], ['users.id'], name=op.f('fk_cases_reporter_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_cases')),
    sa.UniqueConstraint('reference', name=op.f('uq_cases_reference'))
    )
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.create_index('ix_cases_assignee_due', ['assignee_id', 'next_due_at', 'id'], unique=False)
        batch_op.create_index(batch_op.f('ix_cases_assignee_id'), ['assignee_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_cases_category'), ['category'], unique=False)
        batch_op.create_index('ix_cases_category_due', ['category', 'next_due_at', 'id'], unique=False)
        batch_op.create_index(batch_op.f('ix_cases_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_cases_lead_case_id'), ['lead_case_id'], unique=False)
        batch_op.create_index('ix_cases_open_queue', ['next_due_at', 'id'], unique=False, sqlite_where=sa.text("status IN ('received', 'triage', 'in_progress', 'waiting')"), postgresql_where=sa.text("status IN ('received', 'triage', 'in_progress', 'waiting')"))
        batch_op.create_index('ix_cases_participant_due', ['participant_id', 'next_due_at', 'id'], unique=False)
        batch_op.create_index(batch_op.f('ix_cases_participant_id'), ['participant_id'], unique=False)
        batch_op.create_index('ix_cases_queue', ['next_due_at', 'id'], unique=False)
        batch_op.create_index('ix_cases_status_due', ['status', 'next_due_at'], unique=False)
        batch_op.create_index('ix_cases_type_due', ['type', 'next_due_at'], unique=False)

    # Full-text search of the staff queue: PostgreSQL only (the model declares it with ddl_if).
    if op.get_bind().dialect.name == 'postgresql':
        op.create_index('ix_cases_search', 'cases', [sa.text(SEARCH_EXPRESSION)], postgresql_using='gin')

    op.create_table('keurmerken',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('product_id', sa.Integer(), nullable=False),
    sa.Column('gegevensdienst', sa.String(length=40), nullable=False),
    sa.Column('granted_on', sa.Date(), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('is_demo', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['product_id'], ['products.id'], name=op.f('fk_keurmerken_product_id_products')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_keurmerken')),
    sa.UniqueConstraint('product_id', 'gegevensdienst', name=op.f('uq_keurmerken_product_id'))
    )
    with op.batch_alter_table('keurmerken', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_keurmerken_product_id'), ['product_id'], unique=False)

    op.create_table('case_parties',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=20), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_case_parties_case_id_cases')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_case_parties_organisation_id_organisations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_case_parties')),
    sa.UniqueConstraint('case_id', 'organisation_id', 'role', name=op.f('uq_case_parties_case_id'))
    )
    with op.batch_alter_table('case_parties', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_case_parties_case_id'), ['case_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_case_parties_organisation_id'), ['organisation_id'], unique=False)

    op.create_table('incident_details',
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('product_id', sa.Integer(), nullable=True),
    sa.Column('gegevensdienst', sa.String(length=40), nullable=True),
    sa.Column('discovered_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('ongoing', sa.Boolean(), nullable=True),
    sa.Column('impact', sa.JSON(), nullable=False),
    sa.Column('nature', sa.JSON(), nullable=False),
    sa.Column('data_categories', sa.JSON(), nullable=False),
    sa.Column('special_categories', sa.Boolean(), nullable=True),
    sa.Column('bsn_involved', sa.Boolean(), nullable=True),
    sa.Column('affected_min', sa.Integer(), nullable=True),
    sa.Column('affected_max', sa.Integer(), nullable=True),
    sa.Column('affected_groups', sa.JSON(), nullable=False),
    sa.Column('minors_involved', sa.Boolean(), nullable=True),
    sa.Column('encrypted', sa.Boolean(), nullable=True),
    sa.Column('consequences', sa.Text(), nullable=True),
    sa.Column('measures_taken', sa.Text(), nullable=True),
    sa.Column('people_informed', sa.Boolean(), nullable=True),
    sa.Column('ap_notified', sa.Boolean(), nullable=True),
    sa.Column('ap_notified_by', sa.String(length=200), nullable=True),
    sa.Column('ap_notified_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('ap_reference', sa.String(length=100), nullable=True),
    sa.Column('affected_schools', sa.Text(), nullable=True),
    sa.Column('contact_person', sa.String(length=200), nullable=True),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_incident_details_case_id_cases')),
    sa.ForeignKeyConstraint(['product_id'], ['products.id'], name=op.f('fk_incident_details_product_id_products')),
    sa.PrimaryKeyConstraint('case_id', name=op.f('pk_incident_details'))
    )
    op.create_table('timeline_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('actor_label', sa.String(length=200), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('visibility', sa.String(length=40), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.Column('prev_hash', sa.String(length=64), nullable=False),
    sa.Column('hash', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['users.id'], name=op.f('fk_timeline_events_actor_id_users')),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_timeline_events_case_id_cases')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_timeline_events')),
    sa.UniqueConstraint('case_id', 'seq', name=op.f('uq_timeline_events_case_id'))
    )
    op.create_table('attachments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=True),
    sa.Column('filename', sa.String(length=255), nullable=False),
    sa.Column('content_type', sa.String(length=100), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('storage_key', sa.String(length=64), nullable=False),
    sa.Column('visibility', sa.String(length=40), nullable=False),
    sa.Column('uploaded_by_id', sa.Integer(), nullable=True),
    sa.Column('uploaded_by_label', sa.String(length=200), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_attachments_case_id_cases')),
    sa.ForeignKeyConstraint(['event_id'], ['timeline_events.id'], name=op.f('fk_attachments_event_id_timeline_events')),
    sa.ForeignKeyConstraint(['uploaded_by_id'], ['users.id'], name=op.f('fk_attachments_uploaded_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_attachments')),
    sa.UniqueConstraint('storage_key', name=op.f('uq_attachments_storage_key'))
    )
    with op.batch_alter_table('attachments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_attachments_case_id'), ['case_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_attachments_event_id'), ['event_id'], unique=False)



def downgrade():
    if op.get_bind().dialect.name == 'postgresql':
        op.drop_index('ix_cases_search', table_name='cases')
    with op.batch_alter_table('attachments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_attachments_event_id'))
        batch_op.drop_index(batch_op.f('ix_attachments_case_id'))

    op.drop_table('attachments')
    op.drop_table('timeline_events')
    op.drop_table('incident_details')
    with op.batch_alter_table('case_parties', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_case_parties_organisation_id'))
        batch_op.drop_index(batch_op.f('ix_case_parties_case_id'))

    op.drop_table('case_parties')
    with op.batch_alter_table('keurmerken', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_keurmerken_product_id'))

    op.drop_table('keurmerken')
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.drop_index('ix_cases_type_due')
        batch_op.drop_index('ix_cases_status_due')
        batch_op.drop_index('ix_cases_queue')
        batch_op.drop_index(batch_op.f('ix_cases_participant_id'))
        batch_op.drop_index('ix_cases_participant_due')
        batch_op.drop_index('ix_cases_open_queue', sqlite_where=sa.text("status IN ('received', 'triage', 'in_progress', 'waiting')"), postgresql_where=sa.text("status IN ('received', 'triage', 'in_progress', 'waiting')"))
        batch_op.drop_index(batch_op.f('ix_cases_lead_case_id'))
        batch_op.drop_index(batch_op.f('ix_cases_created_at'))
        batch_op.drop_index('ix_cases_category_due')
        batch_op.drop_index(batch_op.f('ix_cases_category'))
        batch_op.drop_index(batch_op.f('ix_cases_assignee_id'))
        batch_op.drop_index('ix_cases_assignee_due')

    op.drop_table('cases')
    with op.batch_alter_table('api_tokens', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_api_tokens_user_id'))

    op.drop_table('api_tokens')
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_users_organisation_id'))

    op.drop_table('users')
    with op.batch_alter_table('products', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_products_organisation_id'))

    op.drop_table('products')
    op.drop_table('scheduler_leases')
    op.drop_table('reference_counters')
    with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_outbox_messages_status'))
        batch_op.drop_index(batch_op.f('ix_outbox_messages_next_attempt_at'))

    op.drop_table('outbox_messages')
    op.drop_table('organisations')
    with op.batch_alter_table('deadlines', schema=None) as batch_op:
        batch_op.drop_index('ix_deadlines_subject')
        batch_op.drop_index('ix_deadlines_next_check')

    op.drop_table('deadlines')
