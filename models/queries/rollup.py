"""The roll-up of a directive's reports read in four statements, whatever the number of units
and periods: its plan's indicators, its periods, every (report, unit) row, every figure.
The aggregation itself is models/follow_up/rollup.py's (pure)."""

from datetime import date

from sqlmodel import Session, col, select

from models.clock import local_date
from models.follow_up.rollup import AGGREGATES, Indicator, PeriodInfo, ReportRow, Rollup, build
from models.queries.follow_up import current_plan, periods_of
from models.statuses import report_state
from models.tables import ReportFigure, ReportPeriod, Unit, UnitReport


def plan_indicators(session: Session, directive_id: int) -> list[Indicator]:
    """The indicators of the plan in force; none without a plan."""
    plan = current_plan(session, directive_id)
    if plan is None:
        return []
    return [
        Indicator(
            code=str(i.get("code", "")),
            name=str(i.get("name", "")),
            measure=str(i.get("measure", "")),
            aggregate=str(i.get("aggregate", "sum")) if i.get("aggregate") in AGGREGATES else "sum",
        )
        for i in plan.indicators
        if i.get("code")
    ]


def report_rows(
    session: Session, directive_id: int, periods: list[ReportPeriod], today: date
) -> list[ReportRow]:
    """Every unit report of the directive with its unit, state and figures (two statements)."""
    by_id = {p.id: p for p in periods}
    pairs = session.exec(
        select(UnitReport, Unit)
        .join(ReportPeriod, col(ReportPeriod.id) == UnitReport.period_id)
        .join(Unit, col(Unit.id) == UnitReport.unit_id)
        .where(ReportPeriod.directive_id == directive_id)
    ).all()
    figures: dict[int, dict[str, float]] = {}
    for fig in session.exec(
        select(ReportFigure)
        .join(UnitReport, col(UnitReport.id) == ReportFigure.report_id)
        .join(ReportPeriod, col(ReportPeriod.id) == UnitReport.period_id)
        .where(ReportPeriod.directive_id == directive_id)
    ).all():
        figures.setdefault(fig.report_id, {})[fig.code] = fig.value
    rows = []
    for rep, unit in pairs:
        period = by_id[rep.period_id]
        first = local_date(rep.first_submitted_at) if rep.first_submitted_at else None
        state = report_state(
            status=rep.status,
            opens_on=period.opens_on,
            due_on=period.due_on,
            first_submitted_at_local=first,
            today=today,
        )
        rows.append(
            ReportRow(
                unit_id=unit.id or 0,
                unit_name=unit.name,
                kind=unit.category,
                period_id=rep.period_id,
                state=state,
                submitted_on=first,
                number=rep.number,
                figures=figures.get(rep.id or 0, {}),
            )
        )
    return rows


def rollup_of(
    session: Session,
    directive_id: int,
    *,
    today: date,
    level: str | None = None,
    kind: str | None = None,
    period_id: int | None = None,
) -> Rollup:
    """The directive's roll-up as of `today`, filtered by level, kind (category) and one
    period when they are given."""
    indicators = plan_indicators(session, directive_id)
    periods = periods_of(session, directive_id)
    rows = report_rows(session, directive_id, periods, today)
    infos = [PeriodInfo(p.id or 0, p.key, p.label, p.due_on) for p in periods]
    return build(
        indicators,
        infos,
        rows,
        today=today,
        level=level or None,
        kind=kind or None,
        period_ids=[period_id] if period_id else None,
    )
