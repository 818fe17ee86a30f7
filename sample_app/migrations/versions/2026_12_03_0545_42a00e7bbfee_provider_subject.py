"""Provider subject on users, for OAuth sign-in.

Revision ID: 42a00e7bbfee
Revises: 5856a0dce389
Create Date: 2026-12-03 05:45:23.641172

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "42a00e7bbfee"
down_revision = "5856a0dce389"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("user", schema=None) as batch_op:
        batch_op.add_column(sa.Column("provider_subject", sa.String(length=255), nullable=True))
        batch_op.create_unique_constraint(batch_op.f("uq_user_provider_subject"), ["provider_subject"])


def downgrade():
    with op.batch_alter_table("user", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_user_provider_subject"), type_="unique")
        batch_op.drop_column("provider_subject")
