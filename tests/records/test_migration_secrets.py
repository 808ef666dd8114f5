"""Migration 0006 removes the unit links that older outbox rows kept in clear: a live link
becomes its invitation's id (the sender builds the link again), a dead one is dropped."""

import os
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from alembic.script import ScriptDirectory

from models.migrate import alembic_config, upgrade
from models.tokens import Links, token_hash
from tests.pg import drop_schema, fresh_schema, postgres_answers, postgres_url

AT = datetime(2023, 7, 12, 1, 0, tzinfo=UTC)


@pytest.fixture(params=["sqlite", "postgres"])
def empty_url(request, tmp_path):
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'migrate.sqlite3'}"
        return
    if not postgres_answers(postgres_url()):
        pytest.skip("PostgreSQL does not answer")
    schema = f"duthao_migrate_secrets_{os.getpid()}"
    yield fresh_schema(postgres_url(), schema)
    drop_schema(postgres_url(), schema)


def _outbox(row_id: int, context: dict[str, object]) -> dict[str, object]:
    return {
        "id": row_id,
        "key": f"invite:{row_id}",
        "template": "invitation",
        "to_email": f"u{row_id}@binhphuoc.test",
        "to_name": "",
        "context": context,
        "status": "sent",
        "attempts": 1,
        "last_error": "",
        "claimed_by": "",
        "created_at": AT,
        "message_id": "",
        "digest": False,
    }


def test_old_links_become_invitation_ids(empty_url: str) -> None:
    before = ScriptDirectory.from_config(alembic_config(empty_url)).get_revision("0006")
    assert isinstance(before.down_revision, str)  # one line of history, no merges
    upgrade(empty_url, before.down_revision)
    links = Links(base_url="https://duthao.binhphuoc.gov.vn", secret="k" * 40)
    live, dead = links.token("n-live"), links.token("n-old")
    meta = sa.MetaData()
    engine = sa.create_engine(empty_url)  # plain: SQLite leaves foreign keys unchecked
    invitation = sa.Table("invitation", meta, autoload_with=engine)
    outbox = sa.Table("outboxmessage", meta, autoload_with=engine)
    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":  # rows alone, without their round and unit
            conn.exec_driver_sql("SET session_replication_role = replica")
        conn.execute(
            invitation.insert().values(
                id=7,
                round_id=1,
                unit_id=1,
                token_hash=token_hash(live),
                token_nonce="n-live",
                status="sent",
                sent_at=AT,
                reply_number="",
                no_further_comments=False,
            )
        )
        conn.execute(
            outbox.insert(),
            [
                _outbox(1, {"unit": "Huyện ủy Bù Đăng", "link": links.invitation_url("n-live")}),
                _outbox(2, {"unit": "Thành ủy Đồng Xoài", "link": links.invitation_url("n-old")}),
                _outbox(3, {"unit": "Ban Tổ chức Tỉnh ủy", "invitation_id": 9}),
            ],
        )
    engine.dispose()

    upgrade(empty_url, "0006")
    engine = sa.create_engine(empty_url)
    with engine.connect() as conn:
        rows = dict(conn.execute(sa.select(outbox.c.id, outbox.c.context)).all())
        heartbeat = sa.inspect(conn).get_columns("outboxmessage")
    engine.dispose()
    assert rows == {
        1: {"unit": "Huyện ủy Bù Đăng", "invitation_id": 7},
        2: {"unit": "Thành ủy Đồng Xoài"},
        3: {"unit": "Ban Tổ chức Tỉnh ủy", "invitation_id": 9},
    }
    assert all(live not in str(c) and dead not in str(c) for c in rows.values())
    assert "heartbeat_at" in {c["name"] for c in heartbeat}
