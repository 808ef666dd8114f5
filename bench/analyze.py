"""Planner statistics after a bench's bulk seed."""

from typing import Any

from sqlalchemy import text
from sqlmodel import SQLModel


def analyze(engine: Any) -> None:
    """What a database in use has done long before the pages are read: PostgreSQL's
    autovacuum vacuums and analyzes a table after enough inserted rows (since version 13),
    which gives the planner statistics and the visibility map an index-only scan needs; an
    SQLite database that was `ANALYZE`d keeps sqlite_stat1. Without it a freshly bulk-loaded
    schema makes the planner guess a handful of rows per table (seq scan + sort of 10,000
    comments) and read the rows behind every index entry, which no database in use does: the
    measurement would be of the seed, not of the pages."""
    if engine.dialect.name == "sqlite":
        with engine.begin() as conn:
            conn.execute(text("ANALYZE"))
        return
    quote = engine.dialect.identifier_preparer.quote
    names = ", ".join(quote(t.name) for t in SQLModel.metadata.sorted_tables)
    # VACUUM cannot run inside a transaction.
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text(f"VACUUM ANALYZE {names}"))
