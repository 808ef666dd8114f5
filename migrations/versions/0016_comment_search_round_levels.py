"""comment: a stored folded search column; round: the levels a grassroots report counts by

Revision ID: 0016
Revises: 0015

Finding a comment by its words ignores case, accents, NFD and Đ/Ð on both databases with
one LIKE on a column written folded (models/text.search_text) by the commands that write
a comment's text; the backfill folds the comments already stored with the same function.
A grassroots round's levels (xã/phường, ấp/khu phố; or a bloc's chi bộ, đảng bộ bộ phận,
đảng ủy cơ sở; or a custom list) are chosen when it opens; the rounds already open or closed
keep the geographic levels they were reported by.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlmodel.sql.sqltypes import AutoString

from models.text import search_text

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CHUNK = 500
# The levels every grassroots round counted by before they could be chosen (frozen here:
# a later change of the defaults must not rewrite history).
OLD_LEVELS = ["Thôn, ấp, khu phố", "Xã, phường, thị trấn"]


def _backfill() -> None:
    conn = op.get_bind()
    rows = conn.execute(sa.text("SELECT c.id, c.text, c.speaker FROM comment c")).all()
    update = sa.text("UPDATE comment SET search_text = :s WHERE id = :i")
    for at in range(0, len(rows), CHUNK):
        batch = [
            {"i": i, "s": search_text(text, speaker)} for i, text, speaker in rows[at : at + CHUNK]
        ]
        if batch:
            conn.execute(update, batch)
    conn.execute(
        sa.text("UPDATE round SET levels = :v WHERE kind = 'grassroots'").bindparams(
            sa.bindparam("v", type_=sa.JSON)
        ),
        {"v": OLD_LEVELS},
    )


# Plain ADD/DROP COLUMN, not batch mode: neither column has a constraint, SQLite (3.35 and
# later) drops a column in place, and copying `round` or `comment` in batch mode fails on a
# database with rows that reference them (foreign keys are enforced).
def upgrade() -> None:
    op.add_column(
        "comment", sa.Column("search_text", AutoString(), nullable=False, server_default="")
    )
    op.add_column("round", sa.Column("levels", sa.JSON(), nullable=True))
    _backfill()


def downgrade() -> None:
    op.drop_column("round", "levels")
    op.drop_column("comment", "search_text")
