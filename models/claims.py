"""Claiming rows of a work table (the outbox, the events) for one worker, atomically, so
two workers never share a row.

PostgreSQL skips rows another worker holds locked; SQLite's BEGIN IMMEDIATE (models/db.py)
serialises the claims instead. The `due` guard repeated in the UPDATE's own WHERE makes
either way safe: a row another worker claimed in between is no longer due.
"""

from collections.abc import Mapping
from typing import Any

from sqlalchemy import Table, select, update
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session


def claim_ids(
    session: Session,
    table: Table,
    *,
    due: ColumnElement[bool],
    values: Mapping[str, Any],
    worker: str,
    limit: int,
    skip: set[int] | None = None,
) -> list[int]:
    """Set `values` on up to `limit` due rows (oldest first, none of `skip`), commit, and
    return the ids this worker holds now."""
    pick = select(table.c.id).where(due).order_by(table.c.id).limit(limit)
    if skip:
        pick = pick.where(table.c.id.notin_(skip))
    if session.get_bind().dialect.name == "postgresql":
        # Lock the picked rows first, as a statement of its own: inside an UPDATE's IN (...)
        # PostgreSQL may rescan the subquery and claim more than `limit` rows.
        pick = pick.with_for_update(skip_locked=True)
    picked = [r[0] for r in session.execute(pick).all()]
    ids: list[int] = []
    if picked:
        stmt = (
            update(table)
            .where(table.c.id.in_(picked), due)
            .values(**values, claimed_by=worker)
            .returning(table.c.id)
        )
        ids = [r[0] for r in session.execute(stmt).all()]
    session.commit()
    return ids
