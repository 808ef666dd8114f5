"""unit owner, invitation address pinned on an email change

Revision ID: 0002
Revises: 0003
Create Date: 2026-12-01 12:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0002"
# After 0003 (sessions and tokens, already on main) so the chain has one head; the
# integrator re-chains the engineers' files.
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Plain ALTER TABLE … ADD COLUMN (no batch copy): SQLite cannot drop and recreate "unit"
    # while other tables' foreign keys point at its rows. Existing units get no owner: shared,
    # province-wide, edited by administrators only (models/policy.py).
    if op.get_bind().dialect.name == "sqlite":
        # The reference inline: SQLite cannot add a constraint to an existing table.
        op.execute("ALTER TABLE unit ADD COLUMN owner_id INTEGER REFERENCES unit (id)")
    else:
        op.add_column("unit", sa.Column("owner_id", sa.Integer(), nullable=True))
        op.create_foreign_key("unit_owner_id_fkey", "unit", "unit", ["owner_id"], ["id"])
    op.create_index(op.f("ix_unit_owner_id"), "unit", ["owner_id"], unique=False)
    op.add_column(
        "invitation",
        sa.Column("sent_to", sqlmodel.sql.sqltypes.AutoString(length=320), nullable=True),
    )


def downgrade() -> None:
    with op.batch_alter_table("invitation", schema=None) as batch_op:
        batch_op.drop_column("sent_to")
    op.drop_index(op.f("ix_unit_owner_id"), table_name="unit")
    if op.get_bind().dialect.name == "sqlite":
        # SQLite (3.35+) drops a plain column in place; the inline REFERENCES goes with it.
        op.execute("ALTER TABLE unit DROP COLUMN owner_id")
    else:
        op.drop_constraint("unit_owner_id_fkey", "unit", type_="foreignkey")
        op.drop_column("unit", "owner_id")
