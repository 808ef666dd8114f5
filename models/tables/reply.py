from datetime import datetime

from sqlmodel import Field, SQLModel

from models.statuses import ReplySource
from models.tables.enum_column import StoredEnum


class ReplyFile(SQLModel, table=True):
    """A unit's signed reply letter (công văn trả lời) kept as a record: the file as received,
    stored under the data folder by a generated name; the uploaded name is only shown."""

    id: int | None = Field(default=None, primary_key=True)
    invitation_id: int = Field(foreign_key="invitation.id", index=True)
    # Relative to the data folder ("replies/12/3f2a….pdf"); never built from the upload's name.
    stored_path: str = Field(max_length=200, unique=True)
    original_name: str = Field(max_length=255)
    mime: str = Field(max_length=100)
    size: int
    sha256: str = Field(max_length=64)
    uploaded_at: datetime
    uploaded_by: str = Field(max_length=80)  # "unit" (through its link) or a username
    source: ReplySource = Field(sa_type=StoredEnum(ReplySource, 10))
