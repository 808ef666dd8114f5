"""Engines and sessions. Commands commit; everything else rolls back when the session ends."""

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlmodel import Session, SQLModel, create_engine

import models.tables  # noqa: F401  (registers every table)
from models.queries.drafts import hide_drafts


def _sqlite_setup(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record):  # type: ignore[no-untyped-def]
        # Let SQLAlchemy, not pysqlite, issue BEGIN (see _on_begin).
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA busy_timeout=30000")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn):  # type: ignore[no-untyped-def]
        # IMMEDIATE takes the write lock up front: two deferred transactions that both
        # read then write would otherwise fail with "database is locked" mid-command.
        # A read-only session (a GET page) begins deferred, so readers never queue.
        if conn.get_execution_options().get(READ_ONLY):
            conn.exec_driver_sql("BEGIN")
        else:
            conn.exec_driver_sql("BEGIN IMMEDIATE")


def make_engine(
    url: str, *, pool_size: int = 10, max_overflow: int | None = None, **kwargs: object
) -> Engine:
    """`pool_size` connections stay open; up to `max_overflow` more (default: as many again)
    open under load and close when handed back."""
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})
        _sqlite_setup(engine)
        return engine
    return create_engine(
        url,
        pool_size=pool_size,
        max_overflow=pool_size if max_overflow is None else max_overflow,
        pool_pre_ping=True,
        **kwargs,
    )


def is_postgres(engine: Engine) -> bool:
    return engine.dialect.name == "postgresql"


def create_all(engine: Engine) -> None:
    """Tables straight from the models (tests); real databases go through Alembic."""
    SQLModel.metadata.create_all(engine)


READ_ONLY = "duthao_read_only"


@contextmanager
def session_scope(engine: Engine, *, read_only: bool = False) -> Iterator[Session]:
    """A session that rolls back whatever a command did not commit.

    close() discards the open transaction without expiring loaded objects, so results
    stay readable after the scope (rollback() would expire them)."""
    session = Session(engine, expire_on_commit=False)
    hide_drafts(session)  # a unit's private drafts show only through its own link
    if read_only:
        # The first transaction only; after a commit the next one begins IMMEDIATE again.
        session.connection(execution_options={READ_ONLY: True})
    try:
        yield session
    finally:
        session.close()
