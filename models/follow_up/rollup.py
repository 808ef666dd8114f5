"""The roll-up of a directive's unit reports (issue 12, item 5), pure: no I/O, no clock.

From one row per (unit, period) — the unit's level and kind, the report's derived state,
the day it was first submitted and its figures — it builds the table the Ban Dân vận reads:
units by level and kind × periods, each cell's state, date and key figures; the totals per
level of each figure by the indicator's aggregate; the "chưa báo cáo" list per period; the
on-time rate per period and per unit; the trend of each figure over the periods.

Rules (the page, the spreadsheet and the API show the same numbers):
- A report counts in the totals once submitted (on time or late); a returned report is
  being corrected and counts again when resubmitted.
- Aggregates across units: `sum` adds the units' values, `max` takes the largest, `last`
  the value of the report submitted last (a figure every unit restates, the newest wins).
- "Chưa báo cáo": an overdue report, or one returned for more and not resubmitted by the
  due date; an exempt unit is never listed.
- On-time rate: reports first submitted by the due date / reports due, where a report is
  due once its period's due date has passed (before that the rate is not known yet) and an
  exempt report is not due at all.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction

from models.statuses import ReportState
from models.text import sort_key

AGGREGATES = ("sum", "max", "last")
SUBMITTED = frozenset({ReportState.ON_TIME, ReportState.LATE})

# Levels are read from the unit's kind (its category): district-level committees and, after
# 2025, commune-level ones; every other reporting body is a provincial one.
LEVELS: tuple[tuple[str, str], ...] = (
    ("tinh", "Cấp tỉnh"),
    ("huyen", "Cấp huyện"),
    ("xa", "Cấp xã"),
)
LEVEL_LABELS = dict(LEVELS)
LEVEL_OF_KIND = {
    "huyen-uy": "huyen",
    "dang-uy-huyen": "huyen",
    "xa": "xa",
    "phuong": "xa",
    "dang-uy-xa": "xa",
    "dang-uy-phuong": "xa",
    "xa-phuong": "xa",
}
KIND_LABELS = {
    "ban-dang": "Các ban đảng",
    "dang-uy-truc-thuoc": "Đảng ủy trực thuộc",
    "chinh-quyen": "Chính quyền",
    "mat-tran": "Mặt trận Tổ quốc",
    "doan-the": "Đoàn thể chính trị - xã hội",
    "huyen-uy": "Huyện ủy, thị ủy, thành ủy",
    "dang-uy-xa": "Đảng ủy xã",
    "dang-uy-phuong": "Đảng ủy phường",
    "xa": "Đảng ủy xã",
    "phuong": "Đảng ủy phường",
    "": "Khác",
}
ALL_LEVELS = "Toàn bộ"
# The states as the roll-up writes them (models/labels.py gains the same from fu-unit; the
# roll-up keeps its own short forms for a table cell).
STATE_LABELS = {
    ReportState.NOT_YET: "Chưa đến kỳ",
    ReportState.OPEN: "Đang mở",
    ReportState.ON_TIME: "Đúng hạn",
    ReportState.LATE: "Nộp muộn",
    ReportState.OVERDUE: "Quá hạn",
    ReportState.EXEMPT: "Miễn",
    ReportState.RETURNED: "Trả lại",
}


def level_of(kind: str) -> str:
    """The level code of a unit of this kind (category)."""
    return LEVEL_OF_KIND.get(kind, "tinh")


def kind_label(kind: str) -> str:
    return KIND_LABELS.get(kind, kind)


@dataclass(frozen=True)
class Indicator:
    code: str
    name: str
    measure: str = ""
    aggregate: str = "sum"


@dataclass(frozen=True)
class PeriodInfo:
    id: int
    key: str
    label: str
    due_on: date


@dataclass(frozen=True)
class ReportRow:
    """One unit's report in one period, as the query reads it."""

    unit_id: int
    unit_name: str
    kind: str  # the unit's category
    period_id: int
    state: ReportState
    submitted_on: date | None  # first submission, local date
    number: str = ""
    figures: dict[str, float] = field(default_factory=dict)

    @property
    def level(self) -> str:
        return level_of(self.kind)


@dataclass(frozen=True)
class Rate:
    on_time: int
    due: int

    @property
    def value(self) -> Fraction | None:
        return Fraction(self.on_time, self.due) if self.due else None

    @property
    def percent(self) -> float | None:
        """Rounded to one decimal, for display and the API."""
        v = self.value
        return None if v is None else round(float(v) * 100, 1)


@dataclass(frozen=True)
class UnitLine:
    unit_id: int
    name: str
    level: str
    kind: str
    cells: dict[int, ReportRow]  # by period id; a period that did not ask the unit: absent
    rate: Rate


@dataclass(frozen=True)
class Group:
    level: str
    kind: str
    units: list[UnitLine]

    @property
    def level_label(self) -> str:
        return LEVEL_LABELS.get(self.level, self.level)

    @property
    def kind_label(self) -> str:
        return kind_label(self.kind)


@dataclass(frozen=True)
class PeriodSummary:
    period: PeriodInfo
    asked: int  # reports asked for in the period (the filtered units)
    submitted: int
    on_time: int
    late: int
    exempt: int
    missing: list[ReportRow]  # chưa báo cáo
    rate: Rate


@dataclass(frozen=True)
class Rollup:
    indicators: list[Indicator]
    periods: list[PeriodInfo]
    groups: list[Group]
    # totals[level][period_id][code]; level ALL_LEVELS holds the whole directive's.
    totals: dict[str, dict[int, dict[str, float | None]]]
    summaries: list[PeriodSummary]
    trends: dict[str, list[float | None]]  # by indicator code, one value per period
    today: date
    # What the filters may choose, from every row before filtering.
    all_periods: list[PeriodInfo] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)

    @property
    def levels(self) -> list[str]:
        """The levels present, in LEVELS order."""
        present = {g.level for g in self.groups}
        return [code for code, _ in LEVELS if code in present] + sorted(present - set(LEVEL_LABELS))

    @property
    def units(self) -> list[UnitLine]:
        return [u for g in self.groups for u in g.units]


def is_missing(row: ReportRow, period: PeriodInfo, today: date) -> bool:
    """Chưa báo cáo: overdue, or returned and still not resubmitted after the due date."""
    if row.state == ReportState.OVERDUE:
        return True
    return row.state in (ReportState.RETURNED, ReportState.OPEN) and today > period.due_on


def aggregate(indicator: Indicator, rows: Iterable[ReportRow]) -> float | None:
    """One figure over the submitted reports by the indicator's aggregate; None when no
    submitted report carries it."""
    carried = [r for r in rows if r.state in SUBMITTED and indicator.code in r.figures]
    if not carried:
        return None
    values = [r.figures[indicator.code] for r in carried]
    if indicator.aggregate == "max":
        return max(values)
    if indicator.aggregate == "last":
        latest = max(carried, key=lambda r: (r.submitted_on or date.min, r.unit_id))
        return latest.figures[indicator.code]
    return sum(values)


def rate_of(rows: Iterable[ReportRow], due_by_period: dict[int, date], today: date) -> Rate:
    """On-time reports over the reports due (due date passed, not exempt)."""
    due = [
        r
        for r in rows
        if r.state != ReportState.EXEMPT
        and r.period_id in due_by_period
        and today > due_by_period[r.period_id]
    ]
    return Rate(sum(r.state == ReportState.ON_TIME for r in due), len(due))


def build(
    indicators: Sequence[Indicator],
    periods: Sequence[PeriodInfo],
    rows: Iterable[ReportRow],
    *,
    today: date,
    level: str | None = None,
    kind: str | None = None,
    period_ids: Iterable[int] | None = None,
) -> Rollup:
    """The roll-up of `rows` over `periods` (in the order given), filtered by level, kind and
    periods when they are given."""
    rows = list(rows)
    wanted = set(period_ids) if period_ids is not None else None
    shown = [p for p in periods if wanted is None or p.id in wanted]
    by_id = {p.id: p for p in shown}
    kept = [
        r
        for r in rows
        if r.period_id in by_id
        and (level is None or r.level == level)
        and (kind is None or r.kind == kind)
    ]
    due_by_period = {p.id: p.due_on for p in shown}

    lines: dict[int, list[ReportRow]] = {}
    for r in kept:
        lines.setdefault(r.unit_id, []).append(r)
    grouped: dict[tuple[str, str], list[UnitLine]] = {}
    for unit_rows in lines.values():
        first = unit_rows[-1]  # the unit's latest name and kind (the periods' order)
        line = UnitLine(
            unit_id=first.unit_id,
            name=first.unit_name,
            level=first.level,
            kind=first.kind,
            cells={r.period_id: r for r in unit_rows},
            rate=rate_of(unit_rows, due_by_period, today),
        )
        grouped.setdefault((line.level, line.kind), []).append(line)
    level_order = {code: i for i, (code, _) in enumerate(LEVELS)}
    groups = [
        Group(lv, kd, sorted(units, key=lambda u: sort_key(u.name)))
        for (lv, kd), units in sorted(
            grouped.items(),
            key=lambda item: (level_order.get(item[0][0], 99), sort_key(kind_label(item[0][1]))),
        )
    ]

    totals: dict[str, dict[int, dict[str, float | None]]] = {}
    for lv in [ALL_LEVELS, *sorted({r.level for r in kept})]:
        level_rows = [r for r in kept if lv == ALL_LEVELS or r.level == lv]
        totals[lv] = {
            p.id: {
                ind.code: aggregate(ind, (r for r in level_rows if r.period_id == p.id))
                for ind in indicators
            }
            for p in shown
        }

    summaries = []
    for p in shown:
        in_period = [r for r in kept if r.period_id == p.id]
        missing = sorted(
            (r for r in in_period if is_missing(r, p, today)), key=lambda r: sort_key(r.unit_name)
        )
        summaries.append(
            PeriodSummary(
                period=p,
                asked=len(in_period),
                submitted=sum(r.state in SUBMITTED for r in in_period),
                on_time=sum(r.state == ReportState.ON_TIME for r in in_period),
                late=sum(r.state == ReportState.LATE for r in in_period),
                exempt=sum(r.state == ReportState.EXEMPT for r in in_period),
                missing=missing,
                rate=rate_of(in_period, due_by_period, today),
            )
        )
    trends = {ind.code: [totals[ALL_LEVELS][p.id][ind.code] for p in shown] for ind in indicators}
    return Rollup(
        indicators=list(indicators),
        periods=shown,
        groups=groups,
        totals=totals,
        summaries=summaries,
        trends=trends,
        today=today,
        all_periods=list(periods),
        kinds=sorted({r.kind for r in rows}, key=lambda k: sort_key(kind_label(k))),
    )
