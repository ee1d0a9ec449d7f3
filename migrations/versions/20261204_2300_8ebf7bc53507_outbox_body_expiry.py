"""outbox body expiry

The retention job blanks the bodies of messages sent longer ago than OUTBOX_BODY_RETENTION_DAYS. The
bodies are encrypted, so SQL cannot tell a blanked body from a kept one: `body_expired_at` records
when it was blanked (by that job or by an erasure), and a partial index holds the sent messages whose
body is still kept, the only rows the job reads.

Revision ID: 8ebf7bc53507
Revises: 8459dd9bb283
Create Date: 2026-12-04 23:00:00.000000

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "8ebf7bc53507"
down_revision = "8459dd9bb283"
branch_labels = None
depends_on = None

KEPT = "status = 'sent' AND body_expired_at IS NULL"


def upgrade():
    with op.batch_alter_table("outbox_messages", schema=None) as batch_op:
        batch_op.add_column(sa.Column("body_expired_at", sa.DateTime(timezone=True), nullable=True))
    op.create_index(
        "ix_outbox_messages_body_kept",
        "outbox_messages",
        ["sent_at"],
        unique=False,
        sqlite_where=sa.text(KEPT),
        postgresql_where=sa.text(KEPT),
    )


def downgrade():
    op.drop_index("ix_outbox_messages_body_kept", table_name="outbox_messages")
    with op.batch_alter_table("outbox_messages", schema=None) as batch_op:
        batch_op.drop_column("body_expired_at")
