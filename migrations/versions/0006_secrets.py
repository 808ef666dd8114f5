"""outbox: claims renewed by a heartbeat; no unit link stored in a message's context

Revision ID: 0006
Revises: 0004

`heartbeat_at` is renewed by the live deliverer (notifications/claim.py). Messages written
before this revision kept the unit's full link (a live secret) in `context`: each is replaced
by the invitation's id, found by the link's token hash, and the link is built again when the
message is sent (notifications/links.py). A link whose invitation was re-issued since is dead
and simply dropped. Downgrading keeps the column's removal only: no link is written back.
"""

import hashlib
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0006"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

outbox = sa.table("outboxmessage", sa.column("id", sa.Integer), sa.column("context", sa.JSON))
invitation = sa.table("invitation", sa.column("id", sa.Integer), sa.column("token_hash", sa.String))


def _token(link: str) -> str:
    return link.rsplit("/u/", 1)[-1].split("/", 1)[0] if "/u/" in link else ""


def _scrub_links() -> None:
    conn = op.get_bind()
    by_hash = dict(conn.execute(sa.select(invitation.c.token_hash, invitation.c.id)).all())
    for row_id, context in conn.execute(sa.select(outbox.c.id, outbox.c.context)).all():
        if not isinstance(context, dict) or "link" not in context:
            continue
        clean = {k: v for k, v in context.items() if k != "link"}
        raw = _token(str(context["link"]))
        found = by_hash.get(hashlib.sha256(raw.encode("utf-8", "replace")).hexdigest())
        if found is not None:
            clean["invitation_id"] = found
        conn.execute(sa.update(outbox).where(outbox.c.id == row_id).values(context=clean))


def upgrade() -> None:
    with op.batch_alter_table("outboxmessage", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("heartbeat_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True)
        )
    _scrub_links()


def downgrade() -> None:
    with op.batch_alter_table("outboxmessage", schema=None) as batch_op:
        batch_op.drop_column("heartbeat_at")
