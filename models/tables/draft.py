from datetime import datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel


class DraftVersion(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("directive_id", "number"),)

    id: int | None = Field(default=None, primary_key=True)
    directive_id: int = Field(foreign_key="directive.id", index=True)
    number: int  # "Dự thảo lần N"
    note: str = Field(default="")
    text: str = Field(default="")
    created_at: datetime
    created_by: str = Field(default="", max_length=80)


class Section(SQLModel, table=True):
    """A numbered part of a draft (phần/mục/điều/khoản/điểm) a comment can point at."""

    id: int | None = Field(default=None, primary_key=True)
    version_id: int = Field(foreign_key="draftversion.id", index=True)
    ordinal: int
    key: str = Field(max_length=40)  # "I", "II.3", "II.3.b" — stable across versions
    level: str = Field(default="doan", max_length=10)
    heading: str = Field(default="", max_length=500)
    text: str = Field(default="")
