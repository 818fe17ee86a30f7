"""Session version on users: bumped on logout and password change, it ends older sessions and tokens.

Revision ID: 7c3d9e1f2a4b
Revises: 42a00e7bbfee
Create Date: 2026-12-03 06:50:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "7c3d9e1f2a4b"
down_revision = "42a00e7bbfee"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("user", schema=None) as batch_op:
        batch_op.add_column(sa.Column("session_version", sa.Integer(), server_default="0", nullable=False))


def downgrade():
    with op.batch_alter_table("user", schema=None) as batch_op:
        batch_op.drop_column("session_version")
