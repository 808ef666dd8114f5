"""letters: signers on record, unit groups, default copies; a round's issuer and signature

Revision ID: 0011
Revises: 0010

A round letter is issued under the body chosen for it (the drafting department or an
ancestor with a symbol), signed by a signer on record whose block is copied onto the round,
addressed to units and saved groups, with its own "Nơi nhận" lines (issue 11, items 2, 3).
Rounds opened before keep empty lists: their letters render as they did.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlmodel.sql.sqltypes import AutoString

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ROUND_LISTS = ("signature", "addressees", "copies")


def upgrade() -> None:
    op.create_table(
        "signer",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("body_id", sa.Integer(), sa.ForeignKey("unit.id"), nullable=False),
        sa.Column("form", AutoString(length=8), nullable=False),
        sa.Column("on_behalf_of", AutoString(length=200), nullable=False),
        sa.Column("title", AutoString(length=200), nullable=False),
        sa.Column("full_name", AutoString(length=200), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("user.id"), nullable=True),
    )
    op.create_index("ix_signer_body_id", "signer", ["body_id"])
    op.create_table(
        "unitgroup",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("owner_id", sa.Integer(), sa.ForeignKey("unit.id"), nullable=False),
        sa.Column("name", AutoString(length=300), nullable=False),
        sa.Column("unit_ids", sa.JSON(), nullable=False),
    )
    op.create_index("ix_unitgroup_owner_id", "unitgroup", ["owner_id"])
    op.create_table(
        "lettercopies",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("body_id", sa.Integer(), sa.ForeignKey("unit.id"), nullable=False, unique=True),
        sa.Column("lines", sa.JSON(), nullable=False),
    )
    # Plain ALTER TABLE … ADD COLUMN (no batch copy): SQLite cannot recreate "round" while
    # invitations, conferences and comments point at its rows (as 0002 did for "unit").
    sqlite = op.get_bind().dialect.name == "sqlite"
    for column, target in (("issuer_id", "unit"), ("signer_id", "signer")):
        if sqlite:
            op.execute(f"ALTER TABLE round ADD COLUMN {column} INTEGER REFERENCES {target} (id)")
        else:
            op.add_column("round", sa.Column(column, sa.Integer(), nullable=True))
            op.create_foreign_key(f"round_{column}_fkey", "round", target, [column], ["id"])
    for name in ROUND_LISTS:
        op.add_column("round", sa.Column(name, sa.JSON(), nullable=False, server_default="[]"))
    op.add_column(
        "round",
        sa.Column("signer_name", AutoString(length=200), nullable=False, server_default=""),
    )


def downgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    for name in (*ROUND_LISTS, "signer_name"):
        op.drop_column("round", name)
    for column in ("signer_id", "issuer_id"):
        if sqlite:
            # SQLite (3.35+) drops a plain column in place; the inline REFERENCES goes with it.
            op.execute(f"ALTER TABLE round DROP COLUMN {column}")
        else:
            op.drop_constraint(f"round_{column}_fkey", "round", type_="foreignkey")
            op.drop_column("round", column)
    op.drop_table("lettercopies")
    op.drop_index("ix_unitgroup_owner_id", "unitgroup")
    op.drop_table("unitgroup")
    op.drop_index("ix_signer_body_id", "signer")
    op.drop_table("signer")
