"""Engines and sessions. Commands commit; everything else rolls back when the session ends."""

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Table, event, inspect
from sqlalchemy.engine import Connection, Engine
from sqlmodel import Session, SQLModel, create_engine

import models.tables  # noqa: F401  (registers every table)
from models.queries.drafts import hide_drafts

READ_ONLY = "duthao_read_only"
# How long a statement waits for SQLite's write lock (held by another process, or by a flow
# of this one) before it fails with "database is locked".
BUSY_TIMEOUT_SECONDS = 30


def _sqlite_setup(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:  # a DB-API connection
        # Let SQLAlchemy, not pysqlite, issue BEGIN (see _on_begin).
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_SECONDS * 1000}")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        # IMMEDIATE takes the write lock up front: two deferred transactions that both
        # read then write would otherwise fail with "database is locked" mid-command.
        # A read-only session (a GET page) begins deferred, so readers never queue.
        if conn.get_execution_options().get(READ_ONLY):
            conn.exec_driver_sql("BEGIN")
        else:
            conn.exec_driver_sql("BEGIN IMMEDIATE")


def make_engine(
    url: str,
    *,
    pool_size: int = 10,
    max_overflow: int | None = None,
    pool_timeout: float = 30,
    **kwargs: object,
) -> Engine:
    """`pool_size` connections stay open; up to `max_overflow` more (default: as many again)
    open under load and close when handed back. The web lets at most `pool_size` requests
    hold a connection at once (web/admission.py): the overflow is for flows and the CLI."""
    overflow = pool_size if max_overflow is None else max_overflow
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        memory = not path or path == ":memory:"
        if not memory:
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        pool = {} if memory else {"pool_size": pool_size, "max_overflow": overflow}
        engine = create_engine(
            url,
            connect_args={"check_same_thread": False, "timeout": BUSY_TIMEOUT_SECONDS},
            pool_timeout=pool_timeout,
            **pool,
            **kwargs,
        )
        _sqlite_setup(engine)
        return engine
    return create_engine(
        url,
        pool_size=pool_size,
        max_overflow=overflow,
        pool_timeout=pool_timeout,
        pool_pre_ping=True,
        **kwargs,
    )


def table_of(model: type[SQLModel]) -> Table:
    """A table model's Core table, for bulk statements (SQLModel does not declare `__table__`)."""
    table = inspect(model).local_table
    if not isinstance(table, Table):
        raise TypeError(f"{model.__name__} is not a table model")
    return table


def is_postgres(engine: Engine) -> bool:
    return engine.dialect.name == "postgresql"


def create_all(engine: Engine) -> None:
    """Tables straight from the models (tests); real databases go through Alembic."""
    SQLModel.metadata.create_all(engine)


def open_session(engine: Engine, *, read_only: bool = False) -> Session:
    """A session that checks out no connection until its first statement.

    A read-only session begins every transaction deferred on SQLite (also after a commit),
    so a page that records something small and then renders never takes the write lock for
    the rendering; `begin_write` asks for the lock for one transaction."""
    bind = engine.execution_options(**{READ_ONLY: True}) if read_only else engine
    session = Session(bind, expire_on_commit=False)
    hide_drafts(session)  # every app session: a unit's private drafts show only via its link
    return session


def begin_write(session: Session) -> None:
    """Start the session's next transaction as a writer (BEGIN IMMEDIATE on SQLite), even in a
    read-only session. The current transaction, if any, is ended first (reads only: commit)."""
    if session.in_transaction():
        session.commit()
    session.connection(execution_options={READ_ONLY: False})


@contextmanager
def session_scope(engine: Engine, *, read_only: bool = False) -> Iterator[Session]:
    """A session that rolls back whatever a command did not commit.

    close() discards the open transaction without expiring loaded objects, so results
    stay readable after the scope (rollback() would expire them)."""
    session = open_session(engine, read_only=read_only)
    try:
        yield session
    finally:
        session.close()
