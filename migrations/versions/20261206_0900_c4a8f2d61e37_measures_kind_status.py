"""An index on measures (kind, status): the Keurmerkregister reads only the measures that can decide a
keurmerk's status (suspensions, conditions in force; revocations and reinstatements), a few of many.

Revision ID: c4a8f2d61e37
Revises: b7d3e91f4a62
Create Date: 2026-12-06 09:00:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = 'c4a8f2d61e37'
down_revision = 'b7d3e91f4a62'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('measures', schema=None) as batch_op:
        batch_op.create_index('ix_measures_kind_status', ['kind', 'status'], unique=False)


def downgrade():
    with op.batch_alter_table('measures', schema=None) as batch_op:
        batch_op.drop_index('ix_measures_kind_status')
