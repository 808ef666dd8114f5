from datetime import datetime

from sqlalchemy import JSON, Column
from sqlmodel import Field, SQLModel


class GrassrootsReport(SQLModel, table=True):
    """A committee's report in a grassroots round: meetings by level, delegates, summary."""

    id: int | None = Field(default=None, primary_key=True)
    round_id: int = Field(foreign_key="round.id", index=True)
    invitation_id: int = Field(foreign_key="invitation.id", unique=True)
    unit_id: int = Field(foreign_key="unit.id")
    # {"Thôn, ấp, khu phố": 112, "Xã, phường, thị trấn": 15}: levels are data, not columns.
    meetings: dict[str, int] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    delegates: int = 0
    summary: str = Field(default="")
    received_at: datetime
    entered_by: str = Field(default="", max_length=80)  # an officer, for reports on paper
