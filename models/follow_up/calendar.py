"""The Party's reporting calendar (NĐ 09/2019/NĐ-CP Điều 12, as offices practise it). Pure.

A directive's periodic reports are of four kinds a year: quý I, 6 tháng, 9 tháng, năm. Their
figures are cumulative from the day after the previous year's December cut-off (15/12 with
the default 14th) up to the cut-off day of the period's last month (quý I: 15/12/2023 →
14/3/2024). A report is due `due_working_days` working days after the cut-off (weekends and
the days off of holidays.py skipped); the units are asked `open_days_before` days before the
cut-off. Review rounds (sơ kết, tổng kết) are periods too, at a year's December cut-off.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Protocol

from models.follow_up.holidays import Holidays
from models.statuses import PeriodPurpose

# Period kinds in year order, with their last month.
CADENCE_LABELS: dict[str, str] = {
    "quy-1": "Quý I",
    "6-thang": "6 tháng",
    "9-thang": "9 tháng",
    "nam": "Năm",
}
LAST_MONTH: dict[str, int] = {"quy-1": 3, "6-thang": 6, "9-thang": 9, "nam": 12}
REVIEW_LABELS: dict[PeriodPurpose, str] = {
    PeriodPurpose.SO_KET: "Sơ kết",
    PeriodPurpose.TONG_KET: "Tổng kết",
}
DEFAULT_CUTOFF_DAY = 14
DEFAULT_OPEN_DAYS_BEFORE = 7
# A review report takes a unit longer than a periodic one: asked a month ahead, due later.
REVIEW_OPEN_DAYS_BEFORE = 30
REVIEW_DUE_WORKING_DAYS = 15
MAX_WORKING_DAYS = 366  # a guard: no calendar has a year without working days


@dataclass(frozen=True)
class PeriodSpec:
    """One period as the calendar computes it; ReportPeriod rows are made from these."""

    key: str  # "2024-quy-1", "2025-so-ket": unique within a directive
    kind: str  # a CADENCE_LABELS key, or "so-ket" / "tong-ket"
    purpose: PeriodPurpose
    label: str  # "Quý I năm 2024"
    year: int
    starts_on: date
    cutoff_on: date
    opens_on: date
    due_on: date


def is_working_day(day: date, holidays: Holidays) -> bool:
    return day.weekday() < 5 and day not in holidays


def add_working_days(day: date, n: int, holidays: Holidays) -> date:
    """The n-th working day after `day` (n ≥ 1); n = 0: `day` itself if it is a working day,
    else the next one."""
    if n < 0:
        raise ValueError("n must be ≥ 0")
    current, left, steps = day, n, 0
    if n == 0:
        while not is_working_day(current, holidays):
            current += timedelta(days=1)
        return current
    while left:
        current += timedelta(days=1)
        steps += 1
        if steps > MAX_WORKING_DAYS * max(n, 1):
            raise ValueError("no working day found")
        if is_working_day(current, holidays):
            left -= 1
    return current


def quarter_of(day: date) -> tuple[int, int]:
    """(year, quarter 1–4) of a calendar day: the quarter a giao ban duty counts in."""
    return day.year, (day.month - 1) // 3 + 1


def period_label(kind: str, year: int) -> str:
    """ "Quý I năm 2024", "6 tháng đầu năm 2024", "9 tháng năm 2024", "Năm 2024"."""
    if kind == "quy-1":
        return f"Quý I năm {year}"
    if kind == "6-thang":
        return f"6 tháng đầu năm {year}"
    if kind == "9-thang":
        return f"9 tháng năm {year}"
    if kind == "nam":
        return f"Năm {year}"
    raise ValueError(f"Kỳ báo cáo không hợp lệ: {kind}")


def _starts_on(year: int, cutoff_day: int) -> date:
    return date(year - 1, 12, cutoff_day) + timedelta(days=1)


def _check(cutoff_day: int, due_working_days: int, open_days_before: int) -> None:
    if not 1 <= cutoff_day <= 28:
        raise ValueError("cutoff_day must be 1–28")
    if due_working_days < 0 or open_days_before < 0:
        raise ValueError("days must be ≥ 0")


def period_spec(
    kind: str,
    year: int,
    *,
    cutoff_day: int = DEFAULT_CUTOFF_DAY,
    due_working_days: int,
    open_days_before: int = DEFAULT_OPEN_DAYS_BEFORE,
    holidays: Holidays,
) -> PeriodSpec:
    """One periodic report of `kind` in `year`."""
    if kind not in LAST_MONTH:
        raise ValueError(f"Kỳ báo cáo không hợp lệ: {kind}")
    _check(cutoff_day, due_working_days, open_days_before)
    cutoff = date(year, LAST_MONTH[kind], cutoff_day)
    return PeriodSpec(
        key=f"{year}-{kind}",
        kind=kind,
        purpose=PeriodPurpose.PERIODIC,
        label=period_label(kind, year),
        year=year,
        starts_on=_starts_on(year, cutoff_day),
        cutoff_on=cutoff,
        opens_on=cutoff - timedelta(days=open_days_before),
        due_on=add_working_days(cutoff, due_working_days, holidays),
    )


def periods_for(
    cadence: list[str],
    first_year: int,
    last_year: int,
    *,
    cutoff_day: int,
    due_working_days: int,
    open_days_before: int,
    holidays: Holidays,
) -> list[PeriodSpec]:
    """Every periodic report of the years `first_year`..`last_year` (both included), in
    date order; the cadence's order and duplicates do not matter."""
    kinds = [k for k in LAST_MONTH if k in set(cadence)]
    unknown = set(cadence) - set(LAST_MONTH)
    if unknown:
        raise ValueError(f"Kỳ báo cáo không hợp lệ: {', '.join(sorted(unknown))}")
    return [
        period_spec(
            kind,
            year,
            cutoff_day=cutoff_day,
            due_working_days=due_working_days,
            open_days_before=open_days_before,
            holidays=holidays,
        )
        for year in range(first_year, last_year + 1)
        for kind in kinds
    ]


def review_spec(
    purpose: PeriodPurpose,
    year: int,
    *,
    first_year: int | None = None,
    cutoff_day: int = DEFAULT_CUTOFF_DAY,
    due_working_days: int = REVIEW_DUE_WORKING_DAYS,
    open_days_before: int = REVIEW_OPEN_DAYS_BEFORE,
    holidays: Holidays,
) -> PeriodSpec:
    """A sơ kết or tổng kết round at `year`'s December cut-off; its figures run from the
    start of `first_year` (the follow-up's first year; default `year` itself)."""
    if purpose not in REVIEW_LABELS:
        raise ValueError(f"not a review purpose: {purpose}")
    _check(cutoff_day, due_working_days, open_days_before)
    cutoff = date(year, 12, cutoff_day)
    return PeriodSpec(
        key=f"{year}-{purpose.value}",
        kind=purpose.value,
        purpose=purpose,
        label=f"{REVIEW_LABELS[purpose]} năm {year}",
        year=year,
        starts_on=_starts_on(first_year if first_year is not None else year, cutoff_day),
        cutoff_on=cutoff,
        opens_on=cutoff - timedelta(days=open_days_before),
        due_on=add_working_days(cutoff, due_working_days, holidays),
    )


# The last period of a directive (and a review round) stays open this long after its due date.
LAST_PERIOD_GRACE_DAYS = 30


class PeriodDates(Protocol):
    """A PeriodSpec or a ReportPeriod row."""

    @property
    def key(self) -> str: ...
    @property
    def purpose(self) -> str: ...
    @property
    def cutoff_on(self) -> date: ...
    @property
    def opens_on(self) -> date: ...
    @property
    def due_on(self) -> date: ...


def closing_days(periods: Iterable[PeriodDates]) -> dict[str, date]:
    """Key → the first day each period is closed (its links refused). A periodic report
    stays open for late reports until the next periodic one opens, never before the day
    after its own due date; the last one, and a review round, LAST_PERIOD_GRACE_DAYS after
    their due date."""
    grace = timedelta(days=LAST_PERIOD_GRACE_DAYS + 1)
    items = list(periods)
    periodic = sorted(
        (p for p in items if p.purpose == PeriodPurpose.PERIODIC), key=lambda p: p.cutoff_on
    )
    out = {p.key: p.due_on + grace for p in items}
    for current, following in zip(periodic, periodic[1:], strict=False):
        out[current.key] = max(following.opens_on, current.due_on + timedelta(days=1))
    return out
