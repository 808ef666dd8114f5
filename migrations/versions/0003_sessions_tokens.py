"""sessions end on logout, expiring API tokens, forced password reset

Revision ID: 0003
Revises: 0001
Create Date: 2026-11-24 09:00:00
"""

from collections.abc import Sequence
from datetime import timedelta

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0003"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Tokens issued before expiry existed get the default lifetime from their creation.
LEGACY_TOKEN_DAYS = 90


def upgrade() -> None:
    # Plain ALTER TABLE … ADD COLUMN (no batch copy): SQLite cannot drop and recreate "user"
    # while other tables' foreign keys point at its rows.
    op.add_column(
        "user", sa.Column("session_version", sa.Integer(), nullable=False, server_default="0")
    )
    op.add_column(
        "user",
        sa.Column("must_change_password", sa.Boolean(), nullable=False, server_default=sa.false()),
    )
    op.add_column(
        "user",
        sa.Column("password_changed_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    )

    with op.batch_alter_table("apitoken", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("expires_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True)
        )
        batch_op.add_column(
            sa.Column("last_used_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True)
        )
    tokens = sa.table(
        "apitoken",
        sa.column("id", sa.Integer()),
        sa.column("created_at", sqlmodel.sql.sqltypes.UTCDateTime()),
        sa.column("expires_at", sqlmodel.sql.sqltypes.UTCDateTime()),
    )
    bind = op.get_bind()
    # Row by row in Python: date arithmetic in SQL differs between SQLite and PostgreSQL.
    for token_id, created_at in bind.execute(sa.select(tokens.c.id, tokens.c.created_at)).all():
        bind.execute(
            tokens.update()
            .where(tokens.c.id == token_id)
            .values(expires_at=created_at + timedelta(days=LEGACY_TOKEN_DAYS))
        )
    with op.batch_alter_table("apitoken", schema=None) as batch_op:
        batch_op.alter_column(
            "expires_at", existing_type=sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False
        )

    with op.batch_alter_table("loginattempt", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_loginattempt_ip"), ["ip"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("loginattempt", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_loginattempt_ip"))
    with op.batch_alter_table("apitoken", schema=None) as batch_op:
        batch_op.drop_column("last_used_at")
        batch_op.drop_column("expires_at")
    # ALTER TABLE … DROP COLUMN (SQLite 3.35+), for the same reason as in upgrade().
    op.drop_column("user", "password_changed_at")
    op.drop_column("user", "must_change_password")
    op.drop_column("user", "session_version")
