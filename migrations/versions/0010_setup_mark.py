"""setupmark: the first run's single row, so that only one first administrator is created

Revision ID: 0010
Revises: 0009

/setup creates the first administrator of an empty install. Two concurrent posts must not
create two: each inserts this table's only row (id 1, checked) in the same transaction as
the user, and the second insert fails on the primary key (models/commands/setup.py).
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "setupmark",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("admin_id", sa.Integer(), nullable=False),
        sa.Column("done_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.CheckConstraint("id = 1", name="ck_setupmark_single"),
        sa.ForeignKeyConstraint(["admin_id"], ["user.id"]),
        sa.PrimaryKeyConstraint("id"),
    )


def downgrade() -> None:
    op.drop_table("setupmark")
