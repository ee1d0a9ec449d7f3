"""news bundles

Revision ID: d5654bc81649
Revises: b7e3c91d5a20
Create Date: 2026-12-02 13:05:38.585510

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'd5654bc81649'
down_revision = 'b7e3c91d5a20'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
        batch_op.add_column(sa.Column('bundle', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('bundle_items', sa.JSON(), nullable=True))
        batch_op.create_index(batch_op.f('ix_outbox_messages_bundle'), ['bundle'], unique=False)



def downgrade():
    with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_outbox_messages_bundle'))
        batch_op.drop_column('bundle_items')
        batch_op.drop_column('bundle')

