"""What a body's letters are made of: its signers on record, its saved groups of units for
"Kính gửi", and its default "Nơi nhận" copies (issue 11, items 2 and 3)."""

from sqlalchemy import JSON, Column
from sqlmodel import Field, SQLModel


class Signer(SQLModel, table=True):
    """Who may sign a letter issued under `body_id`, and in which form: "T/M BAN THƯỜNG VỤ /
    PHÓ BÍ THƯ / name". A round keeps a snapshot of the block, so later edits here never
    change a letter already issued."""

    id: int | None = Field(default=None, primary_key=True)
    body_id: int = Field(foreign_key="unit.id", index=True)
    form: str = Field(default="", max_length=8)  # T/M | K/T | T/L | T/UQ | "" (in one's own name)
    on_behalf_of: str = Field(default="", max_length=200)  # "BAN THƯỜNG VỤ", "TRƯỞNG BAN"
    title: str = Field(max_length=200)  # "PHÓ TRƯỞNG BAN"
    full_name: str = Field(max_length=200)
    active: bool = True
    user_id: int | None = Field(default=None, foreign_key="user.id")


class UnitGroup(SQLModel, table=True):
    """A drafting body's saved set of units ("Các chi ủy, đảng ủy cơ sở"): picked in a
    round form, it prints as one "Kính gửi" line while each member is invited."""

    id: int | None = Field(default=None, primary_key=True)
    owner_id: int = Field(foreign_key="unit.id", index=True)
    name: str = Field(max_length=300)
    unit_ids: list[int] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))


class LetterCopies(SQLModel, table=True):
    """A body's default "Nơi nhận" lines for its letters ("Thường trực Tỉnh ủy (để báo cáo)",
    "Lưu VT, …"), offered in each round form."""

    id: int | None = Field(default=None, primary_key=True)
    body_id: int = Field(foreign_key="unit.id", unique=True)
    lines: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
