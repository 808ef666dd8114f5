"""Claiming outbox rows for one deliverer, atomically, so two deliverers never share a row.

A row is due when it is ready and its next attempt has come, or when its deliverer's last
heartbeat is older than `stale` (the deliverer died: a live one renews its claims every
few seconds, see `renew`, so a slow batch is never taken from it). PostgreSQL skips rows
another deliverer holds locked; SQLite's BEGIN IMMEDIATE (models/db.py) serialises the
claims instead. The status guard in the UPDATE's own WHERE makes either way safe.
"""

from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import CursorResult, and_, false, func, or_, select, update
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session

from models.claims import claim_ids
from models.db import table_of
from models.statuses import OutboxStatus
from models.tables import OutboxMessage

T = table_of(OutboxMessage)


def _due(now: datetime, stale: timedelta) -> ColumnElement[bool]:
    # Rows claimed before heartbeats existed have only claimed_at.
    last_heard = func.coalesce(T.c.heartbeat_at, T.c.claimed_at)
    return or_(
        and_(
            T.c.status == OutboxStatus.READY,
            T.c.digest == false(),
            or_(T.c.next_attempt_at.is_(None), T.c.next_attempt_at <= now),
        ),
        and_(T.c.status == OutboxStatus.SENDING, last_heard < now - stale),
    )


def claim(
    session: Session, *, now: datetime, worker: str, limit: int, stale: timedelta
) -> list[OutboxMessage]:
    """Mark up to `limit` due rows as sending for `worker`, commit, and return them."""
    values = {"status": OutboxStatus.SENDING, "claimed_at": now, "heartbeat_at": now}
    ids = claim_ids(session, T, due=_due(now, stale), values=values, worker=worker, limit=limit)
    if not ids:
        return []
    rows = session.execute(
        select(OutboxMessage).where(T.c.id.in_(ids), T.c.claimed_by == worker).order_by(T.c.id)
    ).scalars()
    return list(rows)


def renew(session: Session, *, worker: str, now: datetime) -> int:
    """The heartbeat: `worker` is alive, so the rows it holds in 'sending' are not stale.
    Returns how many rows it still holds."""
    result = session.execute(
        update(T)
        .where(T.c.status == OutboxStatus.SENDING, T.c.claimed_by == worker)
        .values(heartbeat_at=now)
    )
    session.commit()
    # Session.execute is typed as returning Result; an UPDATE's result is a CursorResult.
    return cast(CursorResult[Any], result).rowcount
