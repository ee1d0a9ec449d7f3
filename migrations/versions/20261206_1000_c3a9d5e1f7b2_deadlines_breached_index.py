"""deadlines breached index

The SLA dashboard counts the clocks breached since the start of the month. Without an index it read
every clock (1.7 s at a million cases); a partial index holds the breached ones only.

Revision ID: c3a9d5e1f7b2
Revises: c4a8f2d61e37
Create Date: 2026-12-06 10:00:00.000000

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "c3a9d5e1f7b2"
down_revision = "c4a8f2d61e37"
branch_labels = None
depends_on = None

BREACHED = "breached_at IS NOT NULL"


def upgrade():
    op.create_index(
        "ix_deadlines_breached",
        "deadlines",
        ["breached_at"],
        unique=False,
        sqlite_where=sa.text(BREACHED),
        postgresql_where=sa.text(BREACHED),
    )


def downgrade():
    op.drop_index("ix_deadlines_breached", table_name="deadlines")
