"""directive.record_mode: a case entered after the fact ("nhập hồ sơ đã thực hiện")

Revision ID: 0013
Revises: 0016

Its past dates are recorded as given; no mail is sent and the sweep skips it. Existing
directives are live (false), as they were.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # NOT NULL with a server default: a plain ALTER on both databases (no table copy).
    op.add_column(
        "directive",
        sa.Column("record_mode", sa.Boolean(), nullable=False, server_default=sa.false()),
    )


def downgrade() -> None:
    op.drop_column("directive", "record_mode")
