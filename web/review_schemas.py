"""Input and output of the sơ kết / tổng kết page and its API twin (tag "Theo dõi thực
hiện"): one schema each, so both refuse the same input with the same Vietnamese message."""

from datetime import date, datetime
from typing import Annotated

from pydantic import BaseModel, Field

from models.commands.reviews import MAX_PROSE
from models.follow_up.review import MAX_SECTIONS, MAX_TITLE
from web.schemas import Day, In, Line40, NoControl, OptDay

Title = Annotated[str, Field(max_length=MAX_TITLE), NoControl]
SectionKey = Annotated[str, Field(pattern=r"^[0-9]{1,2}$")]
Prose = Annotated[str, Field(max_length=MAX_PROSE), NoControl]


class ReviewPlanIn(In):
    """The đề cương (section titles, in order; the default outline when the page first
    opens) and the Kế hoạch number (blank: the drafting body's next KH)."""

    outline: Annotated[list[Title], Field(min_length=1, max_length=MAX_SECTIONS)]
    plan_number: Line40 = ""
    plan_date: OptDay = None
    open_now: bool = True


class ReviewProseIn(In):
    """The prose per outline section (key → text); "[[code]]" where a figure is printed."""

    prose: Annotated[dict[SectionKey, Prose], Field(max_length=MAX_SECTIONS)]


class ReviewNumberIn(In):
    report_date: Day
    number: Line40 = ""


class ContributionOut(BaseModel):
    report_id: int
    unit_id: int
    unit_name: str
    number: str
    report_date: date | None
    period_label: str
    value: float


class FigureOut(BaseModel):
    code: str
    name: str
    measure: str
    aggregate: str
    value: float | None
    traced: bool
    trace: list[ContributionOut]


class SectionOut(BaseModel):
    key: str
    title: str
    prose: str  # as stored, with its [[code]] markers
    text: str  # the figures printed where the markers are


class RoundReportOut(BaseModel):
    report_id: int
    unit_id: int
    unit_name: str
    status: str
    number: str
    report_date: date | None


class ReviewOut(BaseModel):
    period_id: int
    key: str
    label: str
    purpose: str
    status: str
    cutoff_on: date
    due_on: date
    plan_number: str
    plan_date: date | None
    outline: list[SectionOut]
    reports: list[RoundReportOut]
    drafted: bool
    number: str
    report_date: date | None
    updated_at: datetime | None
    figures: list[FigureOut]
    figures_traced: int
    files: list[str]


class ReviewSummaryOut(BaseModel):
    period_id: int
    label: str
    status: str
    plan_number: str
    drafted: bool
    number: str
