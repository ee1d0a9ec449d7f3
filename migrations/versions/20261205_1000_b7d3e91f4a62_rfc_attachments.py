"""Files on an RFC: rfc_attachments, encrypted in the storage folder as a case's attachments are (their
names and uploaders encrypted at rest).

Revision ID: b7d3e91f4a62
Revises: 9c7e0fd25575
Create Date: 2026-12-05 10:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b7d3e91f4a62'
down_revision = '9c7e0fd25575'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('rfc_attachments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('rfc_id', sa.Integer(), nullable=False),
    sa.Column('storage_key', sa.String(length=64), nullable=False),
    sa.Column('filename', sa.Text(), nullable=False),
    sa.Column('content_type', sa.String(length=100), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('uploaded_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('uploaded_by_id', sa.Integer(), nullable=True),
    sa.Column('uploaded_by_label', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['rfc_id'], ['rfcs.id'], name=op.f('fk_rfc_attachments_rfc_id_rfcs')),
    sa.ForeignKeyConstraint(['uploaded_by_id'], ['users.id'], name=op.f('fk_rfc_attachments_uploaded_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_rfc_attachments')),
    sa.UniqueConstraint('storage_key', name=op.f('uq_rfc_attachments_storage_key'))
    )
    with op.batch_alter_table('rfc_attachments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_rfc_attachments_rfc_id'), ['rfc_id'], unique=False)


def downgrade():
    # The files themselves stay in the storage folder: a downgrade forgets the rows, not the evidence.
    with op.batch_alter_table('rfc_attachments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_rfc_attachments_rfc_id'))

    op.drop_table('rfc_attachments')
