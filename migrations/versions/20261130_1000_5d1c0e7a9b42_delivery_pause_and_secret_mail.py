"""delivery pause and secret mail

The outbox delivery pauses as a whole while the mail server is unreachable (one delivery_state
row), and an outbox message can carry a secret (an invitation link): never shown on the outbox
page, wiped from the stored body once sent. Existing invitation mails are marked so, and the
links of those already sent are wiped now. Invitation tokens were stored only as SHA-256 hashes
from the start (invitations.token_hash), so there is no plain token to convert.

Revision ID: 5d1c0e7a9b42
Revises: 19be8c1642a7
Create Date: 2026-11-30 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5d1c0e7a9b42'
down_revision = '19be8c1642a7'
branch_labels = None
depends_on = None

WIPED_BODY = "[removed after sending: this message contained a personal link]"


def upgrade():
    op.create_table('delivery_state',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('failures', sa.Integer(), nullable=False),
    sa.Column('paused_since', sa.DateTime(timezone=True), nullable=True),
    sa.Column('paused_until', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_error', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_delivery_state'))
    )
    with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
        batch_op.add_column(sa.Column('secret', sa.Boolean(), nullable=False, server_default=sa.false()))

    outbox = sa.table('outbox_messages', sa.column('key', sa.String), sa.column('status', sa.String),
                      sa.column('secret', sa.Boolean), sa.column('body_text', sa.Text),
                      sa.column('body_html', sa.Text))
    invitations = outbox.c.key.like('invitation:%')
    op.execute(outbox.update().where(invitations).values(secret=True))
    op.execute(outbox.update().where(invitations, outbox.c.status == 'sent')
               .values(body_text=WIPED_BODY, body_html=None))


def downgrade():
    with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
        batch_op.drop_column('secret')
    op.drop_table('delivery_state')
