"""comment: an index for the round page's counts per section and per unit

Revision ID: 0008
Revises: 0007

The round page counts a round's comments per section (which also gives the total and which
sections a page of 50 spans) and per invited unit. With 10,000 comments in a round, this
index answers those counts without reading the comments' rows.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("comment", schema=None) as batch_op:
        batch_op.create_index(
            "ix_comment_round_section",
            ["round_id", "draft", "section_id", "invitation_id"],
            unique=False,
        )


def downgrade() -> None:
    with op.batch_alter_table("comment", schema=None) as batch_op:
        batch_op.drop_index("ix_comment_round_section")
