from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column
from sqlmodel import Field, SQLModel

from models.statuses import OutboxStatus
from models.tables.enum_column import StoredEnum


class OutboxMessage(SQLModel, table=True):
    """An email to send: written by a command, claimed and sent by the delivery flow.

    `key` is unique per (event, recipient), so writing the same message twice is a no-op.
    Status: ready → sending → sent | failed (failed rows can be fixed and resent).
    `context` holds ids and texts for the templates, never a unit's link (models/outbox.py).
    """

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(max_length=200, unique=True)
    template: str = Field(max_length=60)  # notifications/templates/<template>.*
    directive_id: int | None = Field(default=None, foreign_key="directive.id", index=True)
    round_id: int | None = Field(default=None, foreign_key="round.id")
    to_email: str = Field(max_length=320)
    to_name: str = Field(default="", max_length=300)
    context: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    status: OutboxStatus = Field(
        default=OutboxStatus.READY, sa_type=StoredEnum(OutboxStatus, 10), index=True
    )
    attempts: int = 0
    last_error: str = Field(default="")
    next_attempt_at: datetime | None = Field(default=None, index=True)
    claimed_at: datetime | None = None
    # Renewed by the live deliverer (notifications/claim.py): a stale one means it died.
    heartbeat_at: datetime | None = None
    claimed_by: str = Field(default="", max_length=80)
    created_at: datetime
    sent_at: datetime | None = None
    message_id: str = Field(default="", max_length=200)
    digest: bool = False  # held for the recipient's daily digest
