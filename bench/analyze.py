"""Planner statistics after a bench's bulk seed."""

from typing import Any

from sqlalchemy import text
from sqlmodel import SQLModel


def analyze(engine: Any) -> None:
    """ANALYZE every table of the schema, as a running database has done long before: PostgreSQL's
    autovacuum analyzes a table after enough rows change, and an SQLite database that was
    `ANALYZE`d keeps sqlite_stat1. Without it a freshly bulk-loaded schema makes the planner
    guess a handful of rows per table (seq scan + sort of 10,000 comments), which no database
    in use sees; the measurement would be of the seed, not of the pages."""
    quote = engine.dialect.identifier_preparer.quote
    names = ", ".join(quote(t.name) for t in SQLModel.metadata.sorted_tables)
    with engine.begin() as conn:
        if engine.dialect.name == "sqlite":
            conn.execute(text("ANALYZE"))
        else:
            conn.execute(text(f"ANALYZE {names}"))
