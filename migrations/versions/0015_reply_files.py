"""replyfile: a unit's signed reply letter kept as a record (issue 11, item 7)

Revision ID: 0015
Revises: 0011
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlmodel.sql.sqltypes import AutoString, UTCDateTime

revision: str = "0015"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "replyfile",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("invitation_id", sa.Integer(), nullable=False),
        sa.Column("stored_path", AutoString(length=200), nullable=False),
        sa.Column("original_name", AutoString(length=255), nullable=False),
        sa.Column("mime", AutoString(length=100), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", AutoString(length=64), nullable=False),
        sa.Column("uploaded_at", UTCDateTime(), nullable=False),
        sa.Column("uploaded_by", AutoString(length=80), nullable=False),
        sa.Column("source", sa.String(length=10), nullable=False),
        sa.ForeignKeyConstraint(["invitation_id"], ["invitation.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("stored_path"),
    )
    op.create_index(
        op.f("ix_replyfile_invitation_id"), "replyfile", ["invitation_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_replyfile_invitation_id"), table_name="replyfile")
    op.drop_table("replyfile")
