"""The figures of a review report (sơ kết, tổng kết), computed from the unit reports and traced
to them (pure: no I/O, no clock).

What contributes, per unit and indicator:
- the unit's own report in the review round, when it carries the figure: it covers the whole
  span under review, so nothing else of that unit counts;
- otherwise its periodic reports of the years covered. Periodic figures are cumulative within
  a year (from 15/12 of the year before), so for "sum" only each year's latest report counts
  (the "Năm" report once it is in); for "max" every report counts; for "last" (a stock, such
  as a number of teams) the unit's most recent report only.
Only submitted reports count: a returned report ("yêu cầu bổ sung") is under correction, an
exempt or unsent one has no figures.

The province-wide figure is then the aggregate of the trace: the maximum for "max", the sum
of the contributions otherwise. `traced` checks that the stored total is that aggregate.
"""

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

AGGREGATES = ("sum", "max", "last")
AGGREGATE_LABELS = {"sum": "cộng dồn", "max": "lớn nhất", "last": "số liệu mới nhất"}
MARKER = re.compile(r"\[\[([a-z0-9_]{1,40})\]\]")

DEFAULT_OUTLINE_TITLES = (
    "Tình hình, kết quả triển khai thực hiện",
    "Kết quả đạt được",
    "Hạn chế, nguyên nhân",
    "Bài học kinh nghiệm",
    "Phương hướng, nhiệm vụ, giải pháp thời gian tới",
    "Kiến nghị, đề xuất",
)
ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")
MAX_SECTIONS = 12
MAX_TITLE = 300


def outline_of(titles: Iterable[str]) -> list[dict[str, str]]:
    """The đề cương as stored: keys "1", "2", … in the order given; blank titles dropped."""
    kept = [" ".join(t.split()) for t in titles]
    return [{"key": str(i), "title": t} for i, t in enumerate((t for t in kept if t), 1)]


def default_outline() -> list[dict[str, str]]:
    return outline_of(DEFAULT_OUTLINE_TITLES)


def outline_problem(titles: Sequence[str]) -> str | None:
    """Why an outline cannot be used, in Vietnamese; None when it can."""
    kept = [" ".join(t.split()) for t in titles if t.strip()]
    if not kept:
        return "Đề cương cần ít nhất một mục."
    if len(kept) > MAX_SECTIONS:
        return f"Đề cương có tối đa {MAX_SECTIONS} mục."
    if any(len(t) > MAX_TITLE for t in kept):
        return f"Tên mục quá dài (tối đa {MAX_TITLE} ký tự)."
    folded = [t.casefold() for t in kept]
    if len(set(folded)) != len(folded):
        return "Đề cương có hai mục trùng tên."
    return None


def heading(index: int, title: str) -> str:
    """ "I. TÌNH HÌNH, KẾT QUẢ TRIỂN KHAI THỰC HIỆN" for the first section."""
    mark = ROMAN[index] if index < len(ROMAN) else str(index + 1)
    return f"{mark}. {title.upper()}"


@dataclass(frozen=True)
class ReportFacts:
    """One unit report as the computation needs it (read by models/queries/reviews.py)."""

    report_id: int
    unit_id: int
    unit_name: str
    number: str  # the unit's "Số 12-BC/HU", or ""
    report_date: date | None
    period_key: str
    period_label: str
    period_year: int
    period_cutoff: date
    review: bool  # the review round's own report (else a periodic one)
    submitted: bool  # counted only when submitted (not returned, exempt, draft)
    figures: Mapping[str, float]
    narrative: Mapping[str, str]


@dataclass(frozen=True)
class Contribution:
    """One line of a figure's annex: which report gave what."""

    report_id: int
    unit_id: int
    unit_name: str
    number: str
    report_date: date | None
    period_label: str
    value: float


@dataclass(frozen=True)
class Figure:
    code: str
    name: str
    measure: str
    aggregate: str
    value: float | None  # None: no report carried it
    trace: tuple[Contribution, ...]

    @property
    def traced(self) -> bool:
        return bool(self.trace) and self.value == aggregate_of(self.aggregate, self.trace)

    @property
    def shown(self) -> str:
        """ "1.234 buổi", or "(chưa có số liệu)"."""
        if self.value is None:
            return "(chưa có số liệu)"
        return f"{format_value(self.value)} {self.measure}".strip()


def aggregate_of(aggregate: str, trace: Sequence[Contribution]) -> float | None:
    """The figure a trace adds up to: its maximum for "max", its sum otherwise (for "last"
    the trace holds one, most recent, contribution per unit)."""
    if not trace:
        return None
    values = [c.value for c in trace]
    return max(values) if aggregate == "max" else sum(values)


def _order(r: ReportFacts) -> tuple[date, date, int]:
    return (r.period_cutoff, r.report_date or date.min, r.report_id)


def _contribution(r: ReportFacts, code: str) -> Contribution:
    return Contribution(
        report_id=r.report_id,
        unit_id=r.unit_id,
        unit_name=r.unit_name,
        number=r.number,
        report_date=r.report_date,
        period_label=r.period_label,
        value=float(r.figures[code]),
    )


def _unit_reports(code: str, aggregate: str, reports: Sequence[ReportFacts]) -> list[ReportFacts]:
    """The reports of one unit that give the figure `code` (see the module's docstring)."""
    carrying = [r for r in reports if r.submitted and code in r.figures]
    own = [r for r in carrying if r.review]
    if own:
        return [max(own, key=_order)]
    periodic = sorted((r for r in carrying if not r.review), key=_order)
    if not periodic:
        return []
    if aggregate == "max":
        return periodic
    if aggregate == "last":
        return [periodic[-1]]
    latest: dict[int, ReportFacts] = {}
    for r in periodic:  # sorted: each year's latest wins
        latest[r.period_year] = r
    return [latest[y] for y in sorted(latest)]


def compute_figures(
    indicators: Sequence[Mapping[str, Any]], reports: Sequence[ReportFacts]
) -> list[Figure]:
    """Each indicator's figure with its trace, in the plan's order; the trace ordered by
    unit name then period as the annex lists it."""
    by_unit: dict[int, list[ReportFacts]] = {}
    for r in reports:
        by_unit.setdefault(r.unit_id, []).append(r)
    out = []
    for ind in indicators:
        code, aggregate = str(ind["code"]), str(ind.get("aggregate") or "sum")
        picked = [r for rs in by_unit.values() for r in _unit_reports(code, aggregate, rs)]
        picked.sort(key=lambda r: (r.unit_name, *_order(r)))
        trace = tuple(_contribution(r, code) for r in picked)
        out.append(
            Figure(
                code=code,
                name=str(ind.get("name") or code),
                measure=str(ind.get("measure") or ""),
                aggregate=aggregate,
                value=aggregate_of(aggregate, trace),
                trace=trace,
            )
        )
    return out


def figures_traced(figures: Sequence[Figure]) -> int:
    """How many figures have a non-empty trace adding up to their total."""
    return sum(1 for f in figures if f.traced)


def format_value(value: float) -> str:
    """Vietnamese digits: "1.234", "12,5"."""
    whole = value.is_integer()
    text = f"{value:,.0f}" if whole else f"{value:,.2f}".rstrip("0").rstrip(".")
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


def markers_in(text: str) -> list[str]:
    return MARKER.findall(text)


def unknown_markers(text: str, codes: Iterable[str]) -> list[str]:
    known = set(codes)
    return sorted({m for m in markers_in(text) if m not in known})


def fill_markers(text: str, figures: Sequence[Figure]) -> str:
    """The prose with each [[code]] replaced by the figure as computed now."""
    shown = {f.code: f.shown for f in figures}
    return MARKER.sub(lambda m: shown.get(m.group(1), m.group(0)), text)


def split_markers(text: str, figures: Sequence[Figure]) -> list[tuple[str, str]]:
    """The prose as runs: plain text "", a figure "b" (printed bold in the documents)."""
    shown = {f.code: f.shown for f in figures}
    runs: list[tuple[str, str]] = []
    at = 0
    for m in MARKER.finditer(text):
        if m.group(1) not in shown:
            continue
        if m.start() > at:
            runs.append((text[at : m.start()], ""))
        runs.append((shown[m.group(1)], "b"))
        at = m.end()
    if at < len(text):
        runs.append((text[at:], ""))
    return runs


def _digest(narratives: Sequence[tuple[str, str]], limit: int = 400) -> list[str]:
    """Each unit's narrative for a section, shortened to its first sentences."""
    out = []
    for unit, text in narratives:
        flat = " ".join(text.split())
        if not flat:
            continue
        if len(flat) > limit:
            flat = flat[:limit].rsplit(" ", 1)[0] + " …"
        out.append(f"{unit}: {flat}")
    return out


def draft_prose(
    outline: Sequence[Mapping[str, str]],
    figures: Sequence[Figure],
    reports: Sequence[ReportFacts],
) -> dict[str, str]:
    """The first draft, per outline section: the first section states every figure by its
    marker; each section then sums up what the units wrote under it in the round."""
    own = sorted((r for r in reports if r.review and r.submitted), key=lambda r: r.unit_name)
    prose: dict[str, str] = {}
    for i, sec in enumerate(outline):
        key = str(sec["key"])
        paras: list[str] = []
        if i == 0 and figures:
            units = len({c.unit_id for f in figures for c in f.trace})
            paras.append(
                f"Qua tổng hợp báo cáo của {units} đơn vị, kết quả chủ yếu như sau:"
                if units
                else "Kết quả chủ yếu như sau:"
            )
            paras += [f"- {f.name}: [[{f.code}]]." for f in figures]
        digest = _digest([(r.unit_name, r.narrative.get(key, "")) for r in own])
        if digest:
            paras.append("Các đơn vị báo cáo:")
            paras += [f"- {d}" for d in digest]
        prose[key] = "\n".join(paras)
    return prose
