"""Following a directive after its issuance (issue 12): the plan of duties, the reporting
periods and each unit's report in them, reminders, đôn đốc letters, briefing conferences
(giao ban) and the Standing Board's review reports (sơ kết, tổng kết).

A plan is versioned: each change adds a row with the next `version`; the highest is in force.
Periods and reports keep the plan version they were made under, so a later change never
rewrites a report already asked for. Figures are stored per (report, indicator code); the
review report computes its figures from them and keeps no copy (the trace is the query).
"""

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Column, UniqueConstraint
from sqlmodel import Field, SQLModel

from models.statuses import PeriodPurpose, PeriodStatus, ReportSource, ReportStatus
from models.tables.enum_column import StoredEnum


class FollowUpPlan(SQLModel, table=True):
    """One version of a directive's follow-up duties, as the officer confirmed them.

    JSON fields hold lists of plain dicts whose shape models/follow_up/plan.py defines and
    validates (indicators: {"code", "name", "measure", "aggregate"}; sections: {"key",
    "title"}; briefings: {"unit_ids" | "category", "every"})."""

    __table_args__ = (UniqueConstraint("directive_id", "version"),)

    id: int | None = Field(default=None, primary_key=True)
    directive_id: int = Field(foreign_key="directive.id", index=True)
    version: int
    # The reporting calendar: period kinds of models/follow_up/calendar.py, in year order.
    cadence: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    first_year: int  # the first year whose periods are asked for
    last_year: int  # the last one (the tổng kết closes the directive's follow-up)
    report_to_id: int = Field(foreign_key="unit.id")  # who receives: the drafting body
    reporting_unit_ids: list[int] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False)
    )
    indicators: list[dict[str, Any]] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False)
    )
    sections: list[dict[str, Any]] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False)
    )
    # Cut-off: figures are taken up to this day of the period's last month (NĐ 09/2019:
    # the 14th); due: this many working days after the cut-off.
    cutoff_day: int = 14
    due_working_days: int = 5
    reminder_before: list[int] = Field(
        default_factory=lambda: [3, 1], sa_column=Column(JSON, nullable=False)
    )
    reminder_after: list[int] = Field(
        default_factory=lambda: [1, 3, 7], sa_column=Column(JSON, nullable=False)
    )
    don_doc_after_days: int = 5  # days past due before a công văn đôn đốc is drafted
    briefings: list[dict[str, Any]] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False)
    )
    so_ket_year: int | None = None  # the year whose end brings the sơ kết
    tong_ket_year: int | None = None
    note: str = Field(default="", max_length=2000)
    created_at: datetime
    created_by: str = Field(default="", max_length=80)


class ReportPeriod(SQLModel, table=True):
    """One reporting period of a directive ("Quý I năm 2024"), or a review round (sơ kết,
    tổng kết) whose reports follow an outline sent with a numbered plan."""

    __table_args__ = (UniqueConstraint("directive_id", "key"),)

    id: int | None = Field(default=None, primary_key=True)
    directive_id: int = Field(foreign_key="directive.id", index=True)
    plan_version: int
    key: str = Field(max_length=40)  # "2024-quy-1", "2025-so-ket"
    kind: str = Field(max_length=20)  # quy-1 | 6-thang | 9-thang | nam | so-ket | tong-ket
    purpose: PeriodPurpose = Field(
        default=PeriodPurpose.PERIODIC, sa_type=StoredEnum(PeriodPurpose, 12)
    )
    label: str = Field(max_length=100)  # "Quý I năm 2024"
    year: int
    starts_on: date  # first day the figures cover
    cutoff_on: date  # last day the figures cover
    opens_on: date  # when the units are asked (the sweep opens it on that day)
    due_on: date
    status: PeriodStatus = Field(
        default=PeriodStatus.SCHEDULED, sa_type=StoredEnum(PeriodStatus, 12), index=True
    )
    opened_at: datetime | None = None
    closed_at: datetime | None = None
    # A review round: the numbered plan (Kế hoạch số …-KH/…) and its outline (đề cương).
    plan_number: str = Field(default="", max_length=40)
    plan_date: date | None = None
    outline: list[dict[str, Any]] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False)
    )


class UnitReport(SQLModel, table=True):
    """A unit's report for one period; its personal link's token is hashed here as an
    invitation's is (models/tokens.py)."""

    __table_args__ = (UniqueConstraint("period_id", "unit_id"),)

    id: int | None = Field(default=None, primary_key=True)
    period_id: int = Field(foreign_key="reportperiod.id", index=True)
    unit_id: int = Field(foreign_key="unit.id", index=True)
    token_hash: str = Field(max_length=64, unique=True)
    token_nonce: str = Field(max_length=64)
    status: ReportStatus = Field(
        default=ReportStatus.PENDING, sa_type=StoredEnum(ReportStatus, 12), index=True
    )
    sent_at: datetime | None = None
    sent_to: str | None = Field(default=None, max_length=320)
    opened_at: datetime | None = None
    saved_at: datetime | None = None  # last draft save
    submitted_at: datetime | None = None  # last submission (a correction moves it)
    first_submitted_at: datetime | None = None  # on time or late is judged on this
    returned_at: datetime | None = None
    return_reason: str = Field(default="", max_length=2000)
    returns: int = 0
    exempt_reason: str = Field(default="", max_length=2000)
    number: str = Field(default="", max_length=40)  # the unit's "Số 12-BC/HU"
    report_date: date | None = None
    # Narrative by section of the directive (or of the review's outline): key → text.
    narrative: dict[str, str] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    source: ReportSource = Field(default=ReportSource.LINK, sa_type=StoredEnum(ReportSource, 10))
    entered_by: str = Field(default="", max_length=80)  # an officer, for a paper report
    revoked_at: datetime | None = None


class ReportFigure(SQLModel, table=True):
    """One figure of a unit's report: the plan's indicator `code` and its value."""

    report_id: int = Field(foreign_key="unitreport.id", primary_key=True)
    code: str = Field(max_length=40, primary_key=True)
    value: float
    note: str = Field(default="", max_length=500)


class ReportFile(SQLModel, table=True):
    """A unit's signed report as received, stored under the data folder by a generated name
    (as ReplyFile)."""

    id: int | None = Field(default=None, primary_key=True)
    report_id: int = Field(foreign_key="unitreport.id", index=True)
    stored_path: str = Field(max_length=200, unique=True)
    original_name: str = Field(max_length=255)
    mime: str = Field(max_length=100)
    size: int
    sha256: str = Field(max_length=64)
    uploaded_at: datetime
    uploaded_by: str = Field(max_length=80)  # "unit" or a username


class ReportReminder(SQLModel, table=True):
    """A reminder sent (or due) for one report on one day: at most one a day, by the key."""

    __table_args__ = (UniqueConstraint("report_id", "sent_on"),)

    id: int | None = Field(default=None, primary_key=True)
    report_id: int = Field(foreign_key="unitreport.id", index=True)
    sent_on: date
    offset_days: int  # days before the due date (> 0) or after it (< 0)
    queued_at: datetime


class DonDocLetter(SQLModel, table=True):
    """A công văn đôn đốc drafted for the units late in a period, numbered from the
    drafting body's register, for signature."""

    id: int | None = Field(default=None, primary_key=True)
    directive_id: int = Field(foreign_key="directive.id", index=True)
    period_id: int = Field(foreign_key="reportperiod.id", index=True, unique=True)
    number: str = Field(max_length=40)
    register_entry_id: int | None = Field(default=None, foreign_key="registerentry.id")
    letter_date: date
    unit_ids: list[int] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    signature: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    signer_name: str = Field(default="", max_length=200)
    created_at: datetime
    created_by: str = Field(default="", max_length=80)


class Briefing(SQLModel, table=True):
    """A hội nghị giao ban held by a unit on the directive's implementation."""

    id: int | None = Field(default=None, primary_key=True)
    directive_id: int = Field(foreign_key="directive.id", index=True)
    unit_id: int = Field(foreign_key="unit.id", index=True)
    held_on: date
    chair: str = Field(default="", max_length=200)
    participants: str = Field(default="", max_length=2000)
    issues: str = Field(default="")
    minutes_path: str = Field(default="", max_length=200)  # under the data folder
    minutes_name: str = Field(default="", max_length=255)
    minutes_sha256: str = Field(default="", max_length=64)
    recorded_at: datetime
    recorded_by: str = Field(default="", max_length=80)


class ReviewReport(SQLModel, table=True):
    """The Standing Board's Báo cáo sơ kết / tổng kết drafted from a review period's unit
    reports: the prose is the officer's, the figures are computed (never stored here)."""

    id: int | None = Field(default=None, primary_key=True)
    period_id: int = Field(foreign_key="reportperiod.id", unique=True)
    number: str = Field(default="", max_length=40)  # "…-BC/TU" once numbered
    register_entry_id: int | None = Field(default=None, foreign_key="registerentry.id")
    report_date: date | None = None
    # Prose by outline section: key → text; "[[code]]" marks where a figure is printed.
    prose: dict[str, str] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    created_at: datetime
    updated_at: datetime | None = None
    updated_by: str = Field(default="", max_length=80)
