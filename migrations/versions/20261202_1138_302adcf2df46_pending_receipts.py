"""pending receipts

Revision ID: 302adcf2df46
Revises: 5d1c0e7a9b42
Create Date: 2026-12-02 11:38:56.726531

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '302adcf2df46'
down_revision = '5d1c0e7a9b42'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('pending_receipts',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('masked_code', sa.String(length=128), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_pending_receipts_case_id_cases'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pending_receipts'))
    )
    with op.batch_alter_table('pending_receipts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_pending_receipts_case_id'), ['case_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_pending_receipts_created_at'), ['created_at'], unique=False)



def downgrade():
    with op.batch_alter_table('pending_receipts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_pending_receipts_created_at'))
        batch_op.drop_index(batch_op.f('ix_pending_receipts_case_id'))

    op.drop_table('pending_receipts')
