from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, UniqueConstraint
from sqlmodel import Field, SQLModel


class StoredEvent(SQLModel, table=True):
    """An event (models/events.py) written by its command in the command's own transaction:
    the transactional outbox the drainer (flows/drainer.py) reacts to.

    Pending while `reacted_at` is None and `attempts` is below the drainer's limit; a claim
    (`claimed_by`, `claimed_at`) older than the drainer's stale limit is a dead drainer's and
    is taken over."""

    __tablename__ = "event"

    id: int | None = Field(default=None, primary_key=True)
    type: str = Field(max_length=60)
    directive_id: int | None = Field(default=None, foreign_key="directive.id", index=True)
    payload: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    at: datetime  # the command's clock
    recorded_at: datetime
    claimed_by: str = Field(default="", max_length=80)
    claimed_at: datetime | None = None
    reacted_at: datetime | None = Field(default=None, index=True)
    attempts: int = 0
    last_error: str = Field(default="")


class ReactionRun(SQLModel, table=True):
    """One reaction run for one event: a flow started once per (event, flow), whichever
    drainer got there, so "reacted to once" is a row count."""

    __tablename__ = "reaction"
    __table_args__ = (UniqueConstraint("event_id", "flow"),)

    id: int | None = Field(default=None, primary_key=True)
    event_id: int = Field(foreign_key="event.id", index=True)
    flow: str = Field(max_length=60)
    key: str = Field(max_length=120)
    ran_at: datetime
    by: str = Field(default="", max_length=80)  # the drainer
