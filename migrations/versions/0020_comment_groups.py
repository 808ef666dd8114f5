"""commentgroup, commentgroupmember: similar comments grouped for one decision (issue 13)

Revision ID: 0020
Revises: 0013
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlmodel.sql.sqltypes import AutoString, UTCDateTime

revision: str = "0020"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "commentgroup",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("directive_id", sa.Integer(), nullable=False),
        sa.Column("label", AutoString(length=200), nullable=False),
        sa.Column("confirmed", sa.Boolean(), nullable=False),
        sa.Column("created_by", AutoString(length=80), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(["directive_id"], ["directive.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        op.f("ix_commentgroup_directive_id"), "commentgroup", ["directive_id"], unique=False
    )
    op.create_table(
        "commentgroupmember",
        sa.Column("comment_id", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["comment_id"], ["comment.id"]),
        sa.ForeignKeyConstraint(["group_id"], ["commentgroup.id"]),
        sa.PrimaryKeyConstraint("comment_id"),
    )
    op.create_index(
        op.f("ix_commentgroupmember_group_id"), "commentgroupmember", ["group_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_commentgroupmember_group_id"), table_name="commentgroupmember")
    op.drop_table("commentgroupmember")
    op.drop_index(op.f("ix_commentgroup_directive_id"), table_name="commentgroup")
    op.drop_table("commentgroup")
