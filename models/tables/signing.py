from datetime import date, datetime

from sqlalchemy import JSON, Column
from sqlmodel import Field, SQLModel


class Signing(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    directive_id: int = Field(foreign_key="directive.id", unique=True)
    number: str = Field(max_length=40)
    register_entry_id: int = Field(foreign_key="registerentry.id")
    signed_on: date
    form: str = Field(max_length=8)  # T/M | K/T | T/L
    on_behalf_of: str = Field(default="", max_length=200)  # "BAN THƯỜNG VỤ"
    signer_title: str = Field(max_length=200)  # "PHÓ BÍ THƯ"
    signer_name: str = Field(max_length=200)
    # "Nơi nhận": unit ids the signed directive goes to, plus free lines ("Lưu VPTU").
    recipient_ids: list[int] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    extra_recipients: list[str] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False)
    )
    recorded_at: datetime
    recorded_by: str = Field(default="", max_length=80)
