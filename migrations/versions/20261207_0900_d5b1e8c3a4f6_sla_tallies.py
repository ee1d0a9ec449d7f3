"""sla tallies: the SLA dashboard's counts kept as clocks change, and an index of the clocks at risk

Counting every clock on each view of the dashboard took seconds at a million cases. The tallies
are filled here by app/sla/tallies.recount (the subjects' definitions of open and of their type
live with the app's domains, which create_app has registered by the time a migration runs).

Revision ID: d5b1e8c3a4f6
Revises: c3a9d5e1f7b2
Create Date: 2026-12-07 09:00:00.000000

"""

from alembic import op
import sqlalchemy as sa
from sqlalchemy.orm import Session


# revision identifiers, used by Alembic.
revision = "d5b1e8c3a4f6"
down_revision = "c3a9d5e1f7b2"
branch_labels = None
depends_on = None

AT_RISK = "met_at IS NULL AND paused_since IS NULL AND breached_at IS NULL AND warned_at IS NOT NULL"


def upgrade():
    op.create_table(
        "sla_tallies",
        sa.Column("bucket", sa.String(length=7), nullable=False),
        sa.Column("outcome", sa.String(length=10), nullable=False),
        sa.Column("subject_type", sa.String(length=20), nullable=False),
        sa.Column("case_type", sa.String(length=30), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint(
            "bucket", "outcome", "subject_type", "case_type", "kind", name=op.f("pk_sla_tallies")
        ),
    )
    op.create_index(
        "ix_deadlines_at_risk",
        "deadlines",
        ["due_at", "id"],
        unique=False,
        sqlite_where=sa.text(AT_RISK),
        postgresql_where=sa.text(AT_RISK),
    )
    from app.sla import tallies

    session = Session(bind=op.get_bind())
    tallies.recount(session)
    session.close()


def downgrade():
    op.drop_index("ix_deadlines_at_risk", table_name="deadlines")
    op.drop_table("sla_tallies")
