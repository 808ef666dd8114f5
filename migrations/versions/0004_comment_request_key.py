"""comment.request_key: one comment per client request (form token, Idempotency-Key)

Revision ID: 0004
Revises: 0002
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0004"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # A nullable column and a unique index: plain ALTERs on both databases (no table copy).
    op.add_column(
        "comment",
        sa.Column("request_key", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=True),
    )
    op.create_index(
        "uq_comment_request_key", "comment", ["invitation_id", "request_key"], unique=True
    )


def downgrade() -> None:
    op.drop_index("uq_comment_request_key", table_name="comment")
    op.drop_column("comment", "request_key")  # SQLite ≥ 3.35 drops a column in place
