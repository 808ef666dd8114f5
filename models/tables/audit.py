from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column
from sqlmodel import Field, SQLModel


class AuditEvent(SQLModel, table=True):
    """Every change: who, when, what, before → after; written in the change's transaction."""

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(index=True)
    actor: str = Field(max_length=120)
    directive_id: int | None = Field(default=None, foreign_key="directive.id", index=True)
    entity: str = Field(max_length=40)
    entity_id: int | None = None
    action: str = Field(max_length=60)
    before: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON))
    after: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON))
