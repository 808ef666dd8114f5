"""Alembic takes an empty database to head and back down one step, on both databases, and
the migrated schema matches the models (no table or column only on one side)."""

import os

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect
from sqlmodel import SQLModel

from models.db import make_engine
from models.migrate import alembic_config, downgrade, upgrade
from tests.pg import drop_schema, fresh_schema, postgres_answers, postgres_url


@pytest.fixture(params=["sqlite", "postgres"])
def empty_url(request, tmp_path):
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'migrate.sqlite3'}"
        return
    if not postgres_answers(postgres_url()):
        pytest.skip("PostgreSQL does not answer")
    schema = f"duthao_migrate_{os.getpid()}"
    yield fresh_schema(postgres_url(), schema)
    drop_schema(postgres_url(), schema)


def _structural(diffs: list) -> list:
    """Tables and columns added or removed; type-rendering nuances are not drift."""
    kinds = {"add_table", "remove_table", "add_column", "remove_column"}
    flat = [d for diff in diffs for d in (diff if isinstance(diff, list) else [diff])]
    return [d for d in flat if isinstance(d, tuple) and d and d[0] in kinds]


def test_upgrade_head_then_down_one(empty_url: str) -> None:
    upgrade(empty_url)
    engine = make_engine(empty_url)
    with engine.connect() as conn:
        ctx = MigrationContext.configure(conn)
        head = ScriptDirectory.from_config(alembic_config(empty_url)).get_current_head()
        assert head is not None and ctx.get_current_revision() == head
        assert _structural(compare_metadata(ctx, SQLModel.metadata)) == []
    tables = set(inspect(engine).get_table_names())
    assert {"directive", "round", "invitation", "comment", "outboxmessage"} <= tables
    engine.dispose()

    script = ScriptDirectory.from_config(alembic_config(empty_url))
    previous = script.get_revision(head).down_revision
    assert previous is None or isinstance(previous, str)  # one line of history, no merges
    downgrade(empty_url, previous or "base")
    engine = make_engine(empty_url)
    with engine.connect() as conn:
        assert MigrationContext.configure(conn).get_current_revision() == previous
    engine.dispose()
    upgrade(empty_url)  # and back up again
