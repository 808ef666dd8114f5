from datetime import date, datetime

from sqlmodel import Field, SQLModel

from models.lifecycle import Stage
from models.tables.enum_column import StoredEnum


class Directive(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    title: str = Field(max_length=500)
    kind: str = Field(default="CT", max_length=10)  # document kind symbol
    ruleset: str = Field(default="qd66-2017", max_length=40)
    issuer_id: int = Field(foreign_key="unit.id")  # e.g. Ban Thường vụ Tỉnh ủy (TU)
    drafting_unit_id: int = Field(foreign_key="unit.id", index=True)  # e.g. Ban Dân vận (BDVTU)
    term_id: int | None = Field(default=None, foreign_key="term.id")
    assignment_number: str = Field(default="", max_length=40)
    assignment_date: date | None = None
    assignment_summary: str = Field(default="")
    stage: Stage = Field(default=Stage.ASSIGNED, sa_type=StoredEnum(Stage, 20), index=True)
    # Bumped on every stage change: a conditional update makes concurrent moves fail cleanly.
    lock_version: int = 0
    final_version_id: int | None = None
    number: str | None = Field(default=None, max_length=40)
    signed_on: date | None = None
    issued_at: datetime | None = None
    created_at: datetime
    created_by: str = Field(default="", max_length=80)
    # Record mode ("nhập hồ sơ đã thực hiện"): a case that already happened, entered with its
    # past dates as given; no mail is sent and the sweep never reminds, marks or closes it.
    record_mode: bool = False
