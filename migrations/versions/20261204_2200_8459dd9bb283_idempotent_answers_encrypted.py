"""idempotent answers and webhook secrets encrypted

The first answer kept for an Idempotency-Key can show a reporter's details (a filing's 201): it is
stored as a Fernet token under the data keys, like the case itself. The answers already kept (at most
24 hours old) are encrypted in place, so a retry after the upgrade still gets its first answer. A
webhook endpoint's signing secret is a credential: a database copy alone must not let anyone sign
deliveries, so it is encrypted too.

Revision ID: 8459dd9bb283
Revises: 8c4e2a7b9d15
Create Date: 2026-12-04 22:00:00.000000

"""

from alembic import op
import sqlalchemy as sa

from app import crypto


# revision identifiers, used by Alembic.
revision = "8459dd9bb283"
down_revision = "8c4e2a7b9d15"
branch_labels = None
depends_on = None

SECRETS = sa.table("webhook_endpoints", sa.column("id", sa.Integer()), sa.column("secret", sa.Text()))
ANSWERS = sa.table(
    "idempotent_requests",
    sa.column("id", sa.Integer()),
    sa.column("body", sa.LargeBinary()),
    sa.column("body_token", sa.Text()),
)


def _convert_secrets(convert) -> None:
    connection = op.get_bind()
    for row in connection.execute(sa.select(SECRETS.c.id, SECRETS.c.secret)).all():
        connection.execute(SECRETS.update().where(SECRETS.c.id == row.id).values(secret=convert(row.secret)))


def upgrade():
    with op.batch_alter_table("webhook_endpoints", schema=None) as batch_op:
        batch_op.alter_column("secret", existing_type=sa.String(length=100), type_=sa.Text())
    _convert_secrets(lambda plain: crypto.keyring().encrypt(plain.encode()).decode("ascii"))
    with op.batch_alter_table("idempotent_requests", schema=None) as batch_op:
        batch_op.add_column(sa.Column("body_token", sa.Text(), nullable=True))
    connection = op.get_bind()
    for row in connection.execute(sa.select(ANSWERS.c.id, ANSWERS.c.body).where(ANSWERS.c.body.is_not(None))).all():
        token = crypto.keyring().encrypt(bytes(row.body)).decode("ascii")
        connection.execute(ANSWERS.update().where(ANSWERS.c.id == row.id).values(body_token=token))
    with op.batch_alter_table("idempotent_requests", schema=None) as batch_op:
        batch_op.drop_column("body")
        batch_op.alter_column("body_token", new_column_name="body", existing_type=sa.Text(), existing_nullable=True)


def downgrade():
    _convert_secrets(lambda token: crypto.keyring().decrypt(token.encode("ascii")).decode())
    with op.batch_alter_table("webhook_endpoints", schema=None) as batch_op:
        batch_op.alter_column("secret", existing_type=sa.Text(), type_=sa.String(length=100))
    with op.batch_alter_table("idempotent_requests", schema=None) as batch_op:
        batch_op.add_column(sa.Column("body_plain", sa.LargeBinary(), nullable=True))
    connection = op.get_bind()
    tokens = sa.table("idempotent_requests", sa.column("id", sa.Integer()), sa.column("body", sa.Text()))
    plain = sa.table("idempotent_requests", sa.column("id", sa.Integer()), sa.column("body_plain", sa.LargeBinary()))
    for row in connection.execute(sa.select(tokens.c.id, tokens.c.body).where(tokens.c.body.is_not(None))).all():
        value = crypto.keyring().decrypt(row.body.encode("ascii"))
        connection.execute(plain.update().where(plain.c.id == row.id).values(body_plain=value))
    with op.batch_alter_table("idempotent_requests", schema=None) as batch_op:
        batch_op.drop_column("body")
        batch_op.alter_column("body_plain", new_column_name="body", existing_type=sa.LargeBinary(), existing_nullable=True)
