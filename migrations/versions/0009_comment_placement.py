"""comment: its placement on the directive's newest version, stored, and an index to count it

Revision ID: 0009
Revises: 0008

The directive page counts a directive's comments per section of its newest version. It
re-anchored every distinct quote on each view (a GROUP BY on the quote text, then a text
search per group); now the placement is written when a comment is saved or a version is
added (models/commands/placement.py) and the page reads it from this index. The backfill
places the comments already stored, with the same rule (models/anchoring.reanchor).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlmodel.sql.sqltypes import AutoString

from models.anchoring import Anchor, reanchor

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CHUNK = 500


class _Section:
    def __init__(self, key: str, text: str) -> None:
        self.key = key
        self.text = text


def _backfill() -> None:
    conn = op.get_bind()
    newest = conn.execute(
        sa.text(
            "SELECT v.directive_id, v.id FROM draftversion v WHERE v.number = "
            "(SELECT max(w.number) FROM draftversion w WHERE w.directive_id = v.directive_id)"
        )
    ).all()
    for directive_id, version_id in newest:
        sections = [
            _Section(key, text)
            for key, text in conn.execute(
                sa.text("SELECT key, text FROM section WHERE version_id = :v ORDER BY ordinal"),
                {"v": version_id},
            )
        ]
        rows = conn.execute(
            sa.text(
                "SELECT c.id, c.section_key, c.quote, c.quote_prefix, c.quote_suffix "
                "FROM comment c JOIN round r ON r.id = c.round_id WHERE r.directive_id = :d"
            ),
            {"d": directive_id},
        ).all()
        placed: dict[Anchor, str] = {}
        ids_by_key: dict[str, list[int]] = {}
        for cid, key, quote, prefix, suffix in rows:
            a = Anchor(key, quote, prefix, suffix)
            if a not in placed:
                placed[a] = reanchor(a, sections) or ""
            ids_by_key.setdefault(placed[a], []).append(cid)
        for key, ids in ids_by_key.items():
            for at in range(0, len(ids), CHUNK):
                conn.execute(
                    sa.text(
                        "UPDATE comment SET placed_version_id = :v, placed_key = :k "
                        "WHERE id IN :ids"
                    ).bindparams(sa.bindparam("ids", expanding=True)),
                    {"v": version_id, "k": key, "ids": ids[at : at + CHUNK]},
                )


def upgrade() -> None:
    with op.batch_alter_table("comment", schema=None) as batch_op:
        batch_op.add_column(sa.Column("placed_version_id", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column(
                "placed_key",
                AutoString(length=40),
                nullable=False,
                server_default="",
            )
        )
        batch_op.create_foreign_key(
            "fk_comment_placed_version_id_draftversion",
            "draftversion",
            ["placed_version_id"],
            ["id"],
        )
        batch_op.create_index(
            "ix_comment_placement",
            ["round_id", "draft", "placed_version_id", "placed_key"],
            unique=False,
        )
    _backfill()


def downgrade() -> None:
    with op.batch_alter_table("comment", schema=None) as batch_op:
        batch_op.drop_index("ix_comment_placement")
        batch_op.drop_constraint("fk_comment_placed_version_id_draftversion", type_="foreignkey")
        batch_op.drop_column("placed_key")
        batch_op.drop_column("placed_version_id")
