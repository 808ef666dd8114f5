"""The roll-up of a directive's reports (issue 12, item 5): the page with its filters, table,
"chưa báo cáo" list and charts; the XLSX; the API twin with the same numbers; the overview's
card. Reading only: `directive.view` (another body's directive: 404)."""

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Query
from fastapi.responses import Response
from markupsafe import Markup
from pydantic import BaseModel

from documents.rollup import rollup_xlsx
from models.clock import local_date
from models.follow_up.rollup import (
    ALL_LEVELS,
    LEVEL_LABELS,
    LEVELS,
    STATE_LABELS,
    Rollup,
    kind_label,
)
from models.queries.rollup import rollup_of
from models.tables import Directive
from web.api_auth import ERRORS, Officer
from web.charts import bar_chart, fmt, line_chart
from web.guard import api, page
from web.page import Page
from web.routes.api_directives import DirectiveId

router = APIRouter()
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TAGS: list[Any] = ["Theo dõi thực hiện"]

LevelQ = Annotated[str, Query(max_length=20, description="Cấp: tinh, huyen, xa")]
KindQ = Annotated[str, Query(max_length=40, description="Loại đơn vị (phân loại)")]
PeriodQ = Annotated[str, Query(max_length=12, description="Mã kỳ báo cáo")]


def _filters(level: str, kind: str, period: str) -> dict[str, Any]:
    """The filters as the query reads them; an unknown level or a period that is not an id
    is no filter (a hand-edited address shows everything, never an error)."""
    return {
        "level": level if level in LEVEL_LABELS else None,
        "kind": kind.strip() or None,
        "period_id": int(period) if period.isdigit() and 0 < int(period) < 2**31 else None,
    }


def _read(session: Any, directive_id: int, today: date, f: dict[str, Any]) -> Rollup:
    return rollup_of(session, directive_id, today=today, **f)


def charts(r: Rollup) -> dict[str, Markup]:
    labels = [p.label for p in r.periods]
    out = {
        "rate": bar_chart(
            "chart-rate",
            "Tỷ lệ báo cáo đúng hạn theo kỳ",
            labels,
            [s.rate.percent for s in r.summaries],
        )
    }
    for i in r.indicators:
        out[i.code] = line_chart(
            f"chart-{i.code}",
            f"{i.name} qua các kỳ",
            labels,
            r.trends[i.code],
            measure=i.measure,
        )
    return out


def _context(d: Directive, r: Rollup, f: dict[str, Any]) -> dict[str, Any]:
    return {
        "directive": d,
        "r": r,
        "f": f,
        "levels": LEVELS,
        "level_labels": LEVEL_LABELS,
        "ALL_LEVELS": ALL_LEVELS,
        "states": STATE_LABELS,
        "kind_label": kind_label,
        "fmt": fmt,
        "charts": charts(r) if r.periods else {},
    }


@router.get("/directives/{directive_id:id}/follow-up/rollup", include_in_schema=False)
def rollup_page(
    directive_id: int,
    level: LevelQ = "",
    kind: KindQ = "",
    period: PeriodQ = "",
    p: Page = page("directive.view"),
) -> Response:
    d = p.viewable(directive_id)
    f = _filters(level, kind, period)
    r = _read(p.session, directive_id, p.today, f)
    return p.render("follow_up/rollup.html", _context(d, r, f))


@router.get("/directives/{directive_id:id}/follow-up/rollup.xlsx", include_in_schema=False)
def rollup_xlsx_page(
    directive_id: int,
    level: LevelQ = "",
    kind: KindQ = "",
    period: PeriodQ = "",
    p: Page = page("directive.view"),
) -> Response:
    d = p.viewable(directive_id)
    r = _read(p.session, directive_id, p.today, _filters(level, kind, period))
    return _xlsx_response(d, r)


def _xlsx_response(d: Directive, r: Rollup) -> Response:
    name = f"tong-hop-bao-cao-{d.id}.xlsx"
    return Response(
        rollup_xlsx(r, d.title),
        media_type=XLSX,
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@router.get("/directives/{directive_id:id}/follow-up/cards/rollup", include_in_schema=False)
def rollup_card(directive_id: int, p: Page = page("directive.view")) -> Response:
    d = p.viewable(directive_id)
    r = _read(p.session, directive_id, p.today, _filters("", "", ""))
    # The latest period whose due date has passed: what the Standing Board asks about.
    past = [s for s in r.summaries if s.period.due_on < p.today]
    return p.render(
        "follow_up/rollup_card.html",
        {"directive": d, "r": r, "last": past[-1] if past else None, "fmt": fmt},
    )


# --- API twin ---


class CellOut(BaseModel):
    period_id: int
    state: str
    state_label: str
    submitted_on: date | None
    number: str
    figures: dict[str, float]


class RateOut(BaseModel):
    on_time: int
    due: int
    percent: float | None


class UnitLineOut(BaseModel):
    unit_id: int
    name: str
    level: str
    kind: str
    cells: list[CellOut]
    on_time_rate: RateOut


class IndicatorOut(BaseModel):
    code: str
    name: str
    measure: str
    aggregate: str


class PeriodOut(BaseModel):
    id: int
    key: str
    label: str
    due_on: date
    asked: int
    submitted: int
    on_time: int
    late: int
    exempt: int
    on_time_rate: RateOut
    missing: list[str]  # chưa báo cáo: unit names
    missing_unit_ids: list[int]


class LevelTotalsOut(BaseModel):
    level: str
    label: str
    # by period id (as a string: JSON keys), then by indicator code
    totals: dict[str, dict[str, float | None]]


class RollupOut(BaseModel):
    directive_id: int
    today: date
    indicators: list[IndicatorOut]
    periods: list[PeriodOut]
    units: list[UnitLineOut]
    totals: list[LevelTotalsOut]
    trends: dict[str, list[float | None]]


def _rate(rate: Any) -> RateOut:
    return RateOut(on_time=rate.on_time, due=rate.due, percent=rate.percent)


def rollup_out(directive_id: int, r: Rollup) -> RollupOut:
    return RollupOut(
        directive_id=directive_id,
        today=r.today,
        indicators=[IndicatorOut(**i.__dict__) for i in r.indicators],
        periods=[
            PeriodOut(
                id=s.period.id,
                key=s.period.key,
                label=s.period.label,
                due_on=s.period.due_on,
                asked=s.asked,
                submitted=s.submitted,
                on_time=s.on_time,
                late=s.late,
                exempt=s.exempt,
                on_time_rate=_rate(s.rate),
                missing=[m.unit_name for m in s.missing],
                missing_unit_ids=[m.unit_id for m in s.missing],
            )
            for s in r.summaries
        ],
        units=[
            UnitLineOut(
                unit_id=u.unit_id,
                name=u.name,
                level=u.level,
                kind=u.kind,
                cells=[
                    CellOut(
                        period_id=c.period_id,
                        state=c.state.value,
                        state_label=STATE_LABELS[c.state],
                        submitted_on=c.submitted_on,
                        number=c.number,
                        figures=c.figures,
                    )
                    for c in (u.cells[p.id] for p in r.periods if p.id in u.cells)
                ],
                on_time_rate=_rate(u.rate),
            )
            for u in r.units
        ],
        totals=[
            LevelTotalsOut(
                level=lv,
                label=LEVEL_LABELS.get(lv, lv),
                totals={str(pid): t for pid, t in by_period.items()},
            )
            for lv, by_period in r.totals.items()
        ],
        trends=r.trends,
    )


@router.get(
    "/api/v1/directives/{directive_id}/follow-up/rollup",
    tags=TAGS,
    responses=ERRORS,
    summary="Tổng hợp báo cáo: đơn vị theo cấp, loại × kỳ; tổng theo cấp; chưa báo cáo; "
    "tỷ lệ đúng hạn; xu hướng",
)
def rollup_api(
    directive_id: DirectiveId,
    level: LevelQ = "",
    kind: KindQ = "",
    period: PeriodQ = "",
    o: Officer = api("directive.view"),
) -> RollupOut:
    o.view(directive_id)
    r = _read(o.session, directive_id, local_date(o.now), _filters(level, kind, period))
    return rollup_out(directive_id, r)
