"""The follow-up plan as the officer confirms it (issue 12, item 1): the pydantic input shared
by the plan page and its API twin, every refusal a Vietnamese message at its field. Pure.

The stored row (models/tables/follow_up.FollowUpPlan) holds the same fields; `plan_in_of`
reads a row back into a PlanIn (the page pre-fills from the current version).
"""

import re
import unicodedata
from typing import Annotated, Any, Literal, Protocol

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationInfo,
    field_validator,
)

from models.follow_up.calendar import CADENCE_LABELS

MIN_YEAR, MAX_YEAR = 2000, 2100
MAX_YEARS = 20  # a directive followed longer than this is a typo in a year
MAX_INDICATORS = 50
MAX_SECTIONS = 60
MAX_UNITS = 2000
MAX_ID = 2**31 - 1
_CODE = re.compile(r"[a-z0-9_]{1,40}")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _text(value: str) -> str:
    if _CONTROL.search(value):
        raise ValueError("Văn bản chứa ký tự điều khiển không hợp lệ.")
    return unicodedata.normalize("NFC", value)


# Stripped before the length checks, so a blank name is refused as empty.
Text = Annotated[str, StringConstraints(strip_whitespace=True), AfterValidator(_text)]
Aggregate = Literal["sum", "max", "last"]
Every = Literal["thang", "quy", "6-thang", "nam"]
EVERY_LABELS: dict[str, str] = {
    "thang": "mỗi tháng",
    "quy": "mỗi quý",
    "6-thang": "6 tháng",
    "nam": "mỗi năm",
}
AGGREGATE_LABELS: dict[str, str] = {
    "sum": "cộng dồn các đơn vị",
    "max": "lớn nhất",
    "last": "số liệu kỳ gần nhất",
}


class IndicatorIn(BaseModel):
    """A figure each report carries: {"code", "name", "measure", "aggregate"}."""

    model_config = ConfigDict(extra="forbid")

    code: str = Field(max_length=40)
    name: Text = Field(min_length=1, max_length=200)
    measure: Text = Field(default="", max_length=40)  # đơn vị tính: "buổi", "người"
    aggregate: Aggregate = "sum"

    @field_validator("code", mode="before")
    @classmethod
    def _code(cls, value: Any) -> Any:
        if isinstance(value, str):
            value = value.strip()
            if not _CODE.fullmatch(value):
                raise ValueError(
                    "Mã chỉ tiêu chỉ gồm chữ thường không dấu, chữ số và dấu gạch dưới "
                    "(tối đa 40 ký tự), ví dụ so_buoi_doi_thoai."
                )
        return value


class SectionIn(BaseModel):
    """A numbered section of the directive a report's narrative follows."""

    model_config = ConfigDict(extra="forbid")

    key: Text = Field(min_length=1, max_length=20)
    title: Text = Field(min_length=1, max_length=500)


class BriefingIn(BaseModel):
    """A briefing duty ("hội nghị giao ban ít nhất mỗi quý một lần"): the units named, or a
    category of units (a level or kind, as the text says it), how often."""

    model_config = ConfigDict(extra="forbid")

    unit_ids: list[Annotated[int, Field(ge=1, le=MAX_ID)]] = Field(
        default_factory=list, max_length=MAX_UNITS
    )
    category: Text = Field(default="", max_length=200, validate_default=True)
    every: Every = "quy"
    note: Text = Field(default="", max_length=500)

    @field_validator("category")
    @classmethod
    def _who(cls, value: str, info: ValidationInfo) -> str:
        if not value and not info.data.get("unit_ids"):
            raise ValueError("Vui lòng chọn đơn vị hoặc ghi nhóm đơn vị tổ chức giao ban.")
        return value


def _offsets(value: list[int], what: str) -> list[int]:
    for v in value:
        if not 1 <= v <= 60:
            raise ValueError(f"Số ngày nhắc {what} phải từ 1 đến 60.")
    if len(set(value)) != len(value):
        raise ValueError(f"Số ngày nhắc {what} bị trùng.")
    return sorted(value, reverse=what == "trước hạn")


class PlanIn(BaseModel):
    """A directive's follow-up duties as the officer confirms them."""

    model_config = ConfigDict(extra="forbid")

    cadence: list[str] = Field(max_length=4)
    first_year: int
    last_year: int
    reporting_unit_ids: list[Annotated[int, Field(ge=1, le=MAX_ID)]] = Field(max_length=MAX_UNITS)
    # Who receives the reports; None: the directive's drafting body.
    report_to_id: Annotated[int, Field(ge=1, le=MAX_ID)] | None = None
    indicators: list[IndicatorIn] = Field(default_factory=list, max_length=MAX_INDICATORS)
    sections: list[SectionIn] = Field(default_factory=list, max_length=MAX_SECTIONS)
    cutoff_day: int = 14
    due_working_days: int = 5
    reminder_before: list[int] = Field(default_factory=lambda: [3, 1], max_length=10)
    reminder_after: list[int] = Field(default_factory=lambda: [1, 3, 7], max_length=10)
    don_doc_after_days: int = 5
    briefings: list[BriefingIn] = Field(default_factory=list, max_length=20)
    so_ket_year: int | None = None
    tong_ket_year: int | None = None
    note: Text = Field(default="", max_length=2000)

    @field_validator("cadence")
    @classmethod
    def _cadence(cls, value: list[str]) -> list[str]:
        if not value:
            raise ValueError("Vui lòng chọn ít nhất một kỳ báo cáo.")
        unknown = [v for v in value if v not in CADENCE_LABELS]
        if unknown:
            raise ValueError(
                "Kỳ báo cáo không hợp lệ: "
                + ", ".join(unknown)
                + " (chọn trong: Quý I, 6 tháng, 9 tháng, Năm)."
            )
        return [k for k in CADENCE_LABELS if k in value]  # calendar order, no duplicates

    @field_validator("first_year")
    @classmethod
    def _first_year(cls, value: int) -> int:
        if not MIN_YEAR <= value <= MAX_YEAR:
            raise ValueError(f"Năm bắt đầu phải từ {MIN_YEAR} đến {MAX_YEAR}.")
        return value

    @field_validator("last_year")
    @classmethod
    def _last_year(cls, value: int, info: ValidationInfo) -> int:
        first = info.data.get("first_year")
        if not MIN_YEAR <= value <= MAX_YEAR:
            raise ValueError(f"Năm kết thúc phải từ {MIN_YEAR} đến {MAX_YEAR}.")
        if first is not None and value < first:
            raise ValueError("Năm kết thúc không được trước năm bắt đầu.")
        if first is not None and value - first + 1 > MAX_YEARS:
            raise ValueError(f"Thời gian theo dõi tối đa {MAX_YEARS} năm.")
        return value

    @field_validator("reporting_unit_ids")
    @classmethod
    def _units(cls, value: list[int]) -> list[int]:
        if not value:
            raise ValueError("Vui lòng chọn ít nhất một đơn vị báo cáo.")
        return list(dict.fromkeys(value))

    @field_validator("indicators")
    @classmethod
    def _indicators(cls, value: list[IndicatorIn]) -> list[IndicatorIn]:
        seen: set[str] = set()
        for ind in value:
            if ind.code in seen:
                raise ValueError(f"Mã chỉ tiêu “{ind.code}” bị trùng.")
            seen.add(ind.code)
        return value

    @field_validator("sections")
    @classmethod
    def _sections(cls, value: list[SectionIn]) -> list[SectionIn]:
        seen: set[str] = set()
        for sec in value:
            if sec.key in seen:
                raise ValueError(f"Mục “{sec.key}” bị trùng.")
            seen.add(sec.key)
        return value

    @field_validator("cutoff_day")
    @classmethod
    def _cutoff(cls, value: int) -> int:
        if not 1 <= value <= 28:
            raise ValueError("Ngày chốt số liệu phải từ 1 đến 28.")
        return value

    @field_validator("due_working_days")
    @classmethod
    def _due(cls, value: int) -> int:
        if not 1 <= value <= 60:
            raise ValueError("Hạn nộp phải từ 1 đến 60 ngày làm việc sau ngày chốt số liệu.")
        return value

    @field_validator("reminder_before")
    @classmethod
    def _before(cls, value: list[int]) -> list[int]:
        return _offsets(value, "trước hạn")

    @field_validator("reminder_after")
    @classmethod
    def _after(cls, value: list[int]) -> list[int]:
        return _offsets(value, "sau hạn")

    @field_validator("don_doc_after_days")
    @classmethod
    def _don_doc(cls, value: int) -> int:
        if not 1 <= value <= 90:
            raise ValueError("Số ngày quá hạn trước khi dự thảo công văn đôn đốc phải từ 1 đến 90.")
        return value

    @field_validator("so_ket_year", "tong_ket_year")
    @classmethod
    def _review_year(cls, value: int | None, info: ValidationInfo) -> int | None:
        first, last = info.data.get("first_year"), info.data.get("last_year")
        if value is None or first is None or last is None:
            return value
        what = "sơ kết" if info.field_name == "so_ket_year" else "tổng kết"
        if not first <= value <= last:
            raise ValueError(f"Năm {what} phải trong thời gian theo dõi ({first}–{last}).")
        so_ket = info.data.get("so_ket_year")
        if info.field_name == "tong_ket_year" and so_ket is not None and value <= so_ket:
            raise ValueError("Năm tổng kết phải sau năm sơ kết.")
        return value


class PlanFacts(Protocol):
    """The stored plan's fields (a FollowUpPlan row)."""

    @property
    def cadence(self) -> list[str]: ...
    @property
    def first_year(self) -> int: ...
    @property
    def last_year(self) -> int: ...
    @property
    def reporting_unit_ids(self) -> list[int]: ...
    @property
    def report_to_id(self) -> int: ...
    @property
    def indicators(self) -> list[dict[str, Any]]: ...
    @property
    def sections(self) -> list[dict[str, Any]]: ...
    @property
    def cutoff_day(self) -> int: ...
    @property
    def due_working_days(self) -> int: ...
    @property
    def reminder_before(self) -> list[int]: ...
    @property
    def reminder_after(self) -> list[int]: ...
    @property
    def don_doc_after_days(self) -> int: ...
    @property
    def briefings(self) -> list[dict[str, Any]]: ...
    @property
    def so_ket_year(self) -> int | None: ...
    @property
    def tong_ket_year(self) -> int | None: ...
    @property
    def note(self) -> str: ...


FIELDS = tuple(PlanIn.model_fields)


def plan_in_of(row: PlanFacts) -> PlanIn:
    """A stored plan version as the input that would save it again."""
    return PlanIn.model_validate({name: getattr(row, name) for name in FIELDS})


def stored_fields(plan: PlanIn) -> dict[str, Any]:
    """The plan's fields as the FollowUpPlan columns hold them (plain JSON lists/dicts);
    report_to_id is left to the caller (None means the drafting body)."""
    data = plan.model_dump(mode="json")
    data.pop("report_to_id")
    return data
