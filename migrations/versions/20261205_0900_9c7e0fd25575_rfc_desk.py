"""The RFC desk: rfcs, their hash-chained rfc_events and rfc_releases; api_events may carry an RFC's event
(rfc.status_changed) for the submitting organisation; the reference counters number RFCs; the deadline and
policy tables take the RFC lead times (reaction, qualification, handling, processing).

The allowed values are copied here, not imported: a migration must keep meaning what it meant when it was
written. tests/test_migrations.py checks that they match the models.

Revision ID: 9c7e0fd25575
Revises: 8ebf7bc53507
Create Date: 2026-12-05 09:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '9c7e0fd25575'
down_revision = '8ebf7bc53507'
branch_labels = None
depends_on = None

CASE_TYPES = ('incident', 'complaint', 'dispute', 'objection')
OLD_KINDS = ('acknowledge', 'first_response', 'ap_notification', 'admissibility', 'substantiation',
             'response', 'resolution', 'update', 'measure')
NEW_KINDS = OLD_KINDS + ('reaction', 'qualification', 'handling', 'processing')
OLD_EVENT_TYPES = ('case.filed', 'case.status_changed', 'case.message', 'case.response_requested', 'case.decided',
                   'measure.changed')
NEW_EVENT_TYPES = OLD_EVENT_TYPES + ('rfc.status_changed',)
# (table, column): (before, after)
CHANGED = {
    ('deadlines', 'kind'): (OLD_KINDS, NEW_KINDS),
    ('sla_policies', 'kind'): (OLD_KINDS, NEW_KINDS),
    ('sla_policies', 'case_type'): (CASE_TYPES + ('measure',), CASE_TYPES + ('measure', 'rfc')),
    ('reference_counters', 'case_type'): (CASE_TYPES, CASE_TYPES + ('rfc',)),
    ('api_events', 'type'): (OLD_EVENT_TYPES, NEW_EVENT_TYPES),
}
SUBJECT = '(case_id IS NULL) <> (rfc_event_id IS NULL)'


def _in(column, values):
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


def _checks(which):
    for (table, column), values in CHANGED.items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(op.f(f'ck_{table}_{column}'), type_='check')
            batch_op.create_check_constraint(op.f(f'ck_{table}_{column}'), _in(column, values[which]))


def upgrade():
    op.create_table('rfc_releases',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('planned_on', sa.Date(), nullable=False),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("kind IN ('hotfix', 'feature', 'patch')", name=op.f('ck_rfc_releases_kind')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_rfc_releases_created_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_rfc_releases')),
    sa.UniqueConstraint('name', name=op.f('uq_rfc_releases_name'))
    )
    op.create_table('rfcs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('reference', sa.String(length=20), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('variant', sa.String(length=20), nullable=False),
    sa.Column('type', sa.String(length=20), nullable=False),
    sa.Column('priority', sa.String(length=20), nullable=False),
    sa.Column('proposed_type', sa.String(length=20), nullable=False),
    sa.Column('proposed_priority', sa.String(length=20), nullable=False),
    sa.Column('agreement', sa.String(length=300), nullable=False),
    sa.Column('gegevensdienst', sa.String(length=40), nullable=True),
    sa.Column('reference_component', sa.String(length=200), nullable=True),
    sa.Column('product', sa.String(length=200), nullable=True),
    sa.Column('side', sa.String(length=10), nullable=True),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('example', sa.Text(), nullable=True),
    sa.Column('rationale', sa.Text(), nullable=False),
    sa.Column('desired_moment', sa.Date(), nullable=True),
    sa.Column('submitter_id', sa.Integer(), nullable=True),
    sa.Column('organisation_id', sa.Integer(), nullable=True),
    sa.Column('contact_name', sa.Text(), nullable=False),
    sa.Column('contact_email', sa.Text(), nullable=False),
    sa.Column('analyst_id', sa.Integer(), nullable=True),
    sa.Column('reviewer_id', sa.Integer(), nullable=True),
    sa.Column('workgroup', sa.String(length=200), nullable=True),
    sa.Column('workgroup_on', sa.Date(), nullable=True),
    sa.Column('council_on', sa.Date(), nullable=True),
    sa.Column('cab_on', sa.Date(), nullable=True),
    sa.Column('impact_technical', sa.Text(), nullable=True),
    sa.Column('impact_implementation', sa.Text(), nullable=True),
    sa.Column('impact_risks', sa.Text(), nullable=True),
    sa.Column('impact_roadmap', sa.Text(), nullable=True),
    sa.Column('impact_practice', sa.Text(), nullable=True),
    sa.Column('advice_workgroup', sa.Text(), nullable=True),
    sa.Column('advice_council', sa.Text(), nullable=True),
    sa.Column('advice_cab', sa.Text(), nullable=True),
    sa.Column('rejection_reason', sa.Text(), nullable=True),
    sa.Column('rejection_advice', sa.Text(), nullable=True),
    sa.Column('hold_reason', sa.Text(), nullable=True),
    sa.Column('held_from', sa.String(length=20), nullable=True),
    sa.Column('redacted_names', sa.JSON(), nullable=False),
    sa.Column('release_id', sa.Integer(), nullable=True),
    sa.Column('freeze_reason', sa.Text(), nullable=True),
    sa.Column('incident_case_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('next_due_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint("gegevensdienst IN ('Onderwijsaanbod', 'Onderwijsinrichting', 'Onderwijsdeelnemers', 'Onderwijsmedewerkers', 'Leveringsorders', 'Aanspraken', 'Leermiddelgebruik', 'Leermateriaalgebruik', 'Leerresultaten')", name=op.f('ck_rfcs_gegevensdienst')),
    sa.CheckConstraint("held_from IN ('requested', 'qualified', 'to_prioritise', 'to_handle', 'in_progress', 'change_proposal', 'to_review', 'to_change', 'changed', 'to_correct', 'corrected', 'pre_release', 'released', 'rejected', 'on_hold')", name=op.f('ck_rfcs_held_from')),
    sa.CheckConstraint("priority IN ('blocker', 'critical', 'major', 'minor', 'trivial')", name=op.f('ck_rfcs_priority')),
    sa.CheckConstraint("proposed_priority IN ('blocker', 'critical', 'major', 'minor', 'trivial')", name=op.f('ck_rfcs_proposed_priority')),
    sa.CheckConstraint("proposed_type IN ('major', 'minor', 'trivial')", name=op.f('ck_rfcs_proposed_type')),
    sa.CheckConstraint("side IN ('source', 'consumer')", name=op.f('ck_rfcs_side')),
    sa.CheckConstraint("status IN ('requested', 'qualified', 'to_prioritise', 'to_handle', 'in_progress', 'change_proposal', 'to_review', 'to_change', 'changed', 'to_correct', 'corrected', 'pre_release', 'released', 'rejected', 'on_hold')", name=op.f('ck_rfcs_status')),
    sa.CheckConstraint("type IN ('major', 'minor', 'trivial')", name=op.f('ck_rfcs_type')),
    sa.CheckConstraint("variant IN ('beheersing', 'privacy', 'gegevensdienst', 'stelsel')", name=op.f('ck_rfcs_variant')),
    sa.ForeignKeyConstraint(['analyst_id'], ['users.id'], name=op.f('fk_rfcs_analyst_id_users')),
    sa.ForeignKeyConstraint(['incident_case_id'], ['cases.id'], name=op.f('fk_rfcs_incident_case_id_cases')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_rfcs_organisation_id_organisations')),
    sa.ForeignKeyConstraint(['release_id'], ['rfc_releases.id'], name=op.f('fk_rfcs_release_id_rfc_releases')),
    sa.ForeignKeyConstraint(['reviewer_id'], ['users.id'], name=op.f('fk_rfcs_reviewer_id_users')),
    sa.ForeignKeyConstraint(['submitter_id'], ['users.id'], name=op.f('fk_rfcs_submitter_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_rfcs')),
    sa.UniqueConstraint('reference', name=op.f('uq_rfcs_reference'))
    )
    with op.batch_alter_table('rfcs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_rfcs_gegevensdienst'), ['gegevensdienst'], unique=False)
        batch_op.create_index(batch_op.f('ix_rfcs_incident_case_id'), ['incident_case_id'], unique=False)
        batch_op.create_index('ix_rfcs_next_due', ['next_due_at', 'id'], unique=False)
        batch_op.create_index(batch_op.f('ix_rfcs_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_rfcs_priority'), ['priority'], unique=False)
        batch_op.create_index(batch_op.f('ix_rfcs_release_id'), ['release_id'], unique=False)
        batch_op.create_index('ix_rfcs_status_created', ['status', 'created_at'], unique=False)

    op.create_table('rfc_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('rfc_id', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('actor_label', sa.String(length=200), nullable=False),
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.Column('visibility', sa.String(length=20), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.Column('prev_hash', sa.String(length=64), nullable=False),
    sa.Column('hash', sa.String(length=64), nullable=False),
    sa.CheckConstraint("kind IN ('submitted', 'acknowledged', 'status', 'analysis', 'cab_advice', 'planned', 'incident_linked', 'redaction', 'deadline_breached', 'deadlines_recomputed')", name=op.f('ck_rfc_events_kind')),
    sa.CheckConstraint("visibility IN ('internal', 'submitter', 'public')", name=op.f('ck_rfc_events_visibility')),
    sa.ForeignKeyConstraint(['actor_id'], ['users.id'], name=op.f('fk_rfc_events_actor_id_users')),
    sa.ForeignKeyConstraint(['rfc_id'], ['rfcs.id'], name=op.f('fk_rfc_events_rfc_id_rfcs')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_rfc_events')),
    sa.UniqueConstraint('rfc_id', 'seq', name=op.f('uq_rfc_events_rfc_id'))
    )
    with op.batch_alter_table('rfc_events', schema=None) as batch_op:
        batch_op.create_index('ix_rfc_events_kind_at', ['kind', 'at'], unique=False)

    with op.batch_alter_table('api_events', schema=None) as batch_op:
        batch_op.add_column(sa.Column('rfc_event_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('organisation_id', sa.Integer(), nullable=True))
        batch_op.alter_column('case_id',
               existing_type=sa.INTEGER(),
               nullable=True)
        batch_op.alter_column('timeline_event_id',
               existing_type=sa.INTEGER(),
               nullable=True)
        batch_op.create_index(batch_op.f('ix_api_events_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_unique_constraint(batch_op.f('uq_api_events_rfc_event_id'), ['rfc_event_id'])
        batch_op.create_foreign_key(batch_op.f('fk_api_events_rfc_event_id_rfc_events'), 'rfc_events', ['rfc_event_id'], ['id'])
        batch_op.create_foreign_key(batch_op.f('fk_api_events_organisation_id_organisations'), 'organisations', ['organisation_id'], ['id'])
        batch_op.create_check_constraint(op.f('ck_api_events_case_id'), SUBJECT)

    _checks(1)


def downgrade():
    # The RFC desk's rows go with it: its API events, lead-time clocks and counters.
    op.execute("DELETE FROM api_events WHERE rfc_event_id IS NOT NULL")
    op.execute("DELETE FROM deadlines WHERE subject_type = 'rfc'")
    op.execute("DELETE FROM sla_policies WHERE case_type = 'rfc'")
    op.execute("DELETE FROM reference_counters WHERE case_type = 'rfc'")
    _checks(0)
    with op.batch_alter_table('api_events', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_api_events_case_id'), type_='check')
        batch_op.drop_constraint(batch_op.f('fk_api_events_organisation_id_organisations'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_api_events_rfc_event_id_rfc_events'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('uq_api_events_rfc_event_id'), type_='unique')
        batch_op.drop_index(batch_op.f('ix_api_events_organisation_id'))
        batch_op.alter_column('timeline_event_id',
               existing_type=sa.INTEGER(),
               nullable=False)
        batch_op.alter_column('case_id',
               existing_type=sa.INTEGER(),
               nullable=False)
        batch_op.drop_column('organisation_id')
        batch_op.drop_column('rfc_event_id')

    with op.batch_alter_table('rfc_events', schema=None) as batch_op:
        batch_op.drop_index('ix_rfc_events_kind_at')

    op.drop_table('rfc_events')
    with op.batch_alter_table('rfcs', schema=None) as batch_op:
        batch_op.drop_index('ix_rfcs_status_created')
        batch_op.drop_index(batch_op.f('ix_rfcs_release_id'))
        batch_op.drop_index(batch_op.f('ix_rfcs_priority'))
        batch_op.drop_index(batch_op.f('ix_rfcs_organisation_id'))
        batch_op.drop_index('ix_rfcs_next_due')
        batch_op.drop_index(batch_op.f('ix_rfcs_incident_case_id'))
        batch_op.drop_index(batch_op.f('ix_rfcs_gegevensdienst'))

    op.drop_table('rfcs')
    op.drop_table('rfc_releases')
