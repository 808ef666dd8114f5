"""unit owner, invitation address pinned on an email change

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01 12:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Existing units get no owner: shared, province-wide, edited by administrators only.
    with op.batch_alter_table("unit", schema=None) as batch_op:
        batch_op.add_column(sa.Column("owner_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_unit_owner_id"), ["owner_id"], unique=False)
        batch_op.create_foreign_key("fk_unit_owner_id_unit", "unit", ["owner_id"], ["id"])
    with op.batch_alter_table("invitation", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("sent_to", sqlmodel.sql.sqltypes.AutoString(length=320), nullable=True)
        )


def downgrade() -> None:
    with op.batch_alter_table("invitation", schema=None) as batch_op:
        batch_op.drop_column("sent_to")
    with op.batch_alter_table("unit", schema=None) as batch_op:
        batch_op.drop_constraint("fk_unit_owner_id_unit", type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_unit_owner_id"))
        batch_op.drop_column("owner_id")
