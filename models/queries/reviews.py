"""Reads for a review round (sơ kết, tổng kết): the period, its plan's indicators, the unit
reports that may contribute to its figures, and the figures themselves
(models/follow_up/review.py computes them; nothing here stores a figure)."""

from dataclasses import dataclass

from sqlalchemy import and_, or_
from sqlmodel import Session, col, select

from models.errors import NotFound
from models.follow_up.review import Figure, ReportFacts, compute_figures
from models.ids import id_of
from models.queries.follow_up import period_plan
from models.statuses import PeriodPurpose, ReportStatus
from models.tables import (
    ReportFigure,
    ReportPeriod,
    ReviewReport,
    Unit,
    UnitReport,
)

REVIEW_PURPOSES = (PeriodPurpose.SO_KET, PeriodPurpose.TONG_KET)
PURPOSE_LABELS = {PeriodPurpose.SO_KET: "sơ kết", PeriodPurpose.TONG_KET: "tổng kết"}


def review_period(session: Session, directive_id: int, period_id: int) -> ReportPeriod:
    """The directive's review round, or 404 (another directive's period, a periodic one)."""
    period = session.get(ReportPeriod, period_id)
    if (
        period is None
        or period.directive_id != directive_id
        or period.purpose not in REVIEW_PURPOSES
    ):
        raise NotFound("Không tìm thấy đợt sơ kết, tổng kết này.")
    return period


def review_periods(session: Session, directive_id: int) -> list[ReportPeriod]:
    return list(
        session.exec(
            select(ReportPeriod)
            .where(
                ReportPeriod.directive_id == directive_id,
                col(ReportPeriod.purpose).in_(REVIEW_PURPOSES),
            )
            .order_by(col(ReportPeriod.cutoff_on), col(ReportPeriod.id))
        ).all()
    )


def indicators_of(session: Session, period: ReportPeriod) -> list[dict[str, object]]:
    plan = period_plan(session, period)
    return list(plan.indicators) if plan is not None else []


def review_report(session: Session, period_id: int) -> ReviewReport | None:
    return session.exec(select(ReviewReport).where(ReviewReport.period_id == period_id)).first()


def contributing_facts(session: Session, period: ReportPeriod) -> list[ReportFacts]:
    """The round's own reports and the periodic reports of the years it covers (up to its
    year), with their figures: every report that may give a figure."""
    periods = session.exec(
        select(ReportPeriod).where(
            ReportPeriod.directive_id == period.directive_id,
            or_(
                col(ReportPeriod.id) == period.id,
                and_(
                    col(ReportPeriod.purpose) == PeriodPurpose.PERIODIC,
                    col(ReportPeriod.year) <= period.year,
                    col(ReportPeriod.cutoff_on) <= period.cutoff_on,
                ),
            ),
        )
    ).all()
    by_id = {id_of(p): p for p in periods}
    rows = session.exec(
        select(UnitReport, Unit)
        .join(Unit, col(Unit.id) == UnitReport.unit_id)
        .where(col(UnitReport.period_id).in_(list(by_id)))
    ).all()
    ids = [id_of(r) for r, _ in rows]
    figures: dict[int, dict[str, float]] = {}
    for f in session.exec(select(ReportFigure).where(col(ReportFigure.report_id).in_(ids))).all():
        figures.setdefault(f.report_id, {})[f.code] = f.value
    out = []
    for r, unit in rows:
        p = by_id[r.period_id]
        out.append(
            ReportFacts(
                report_id=id_of(r),
                unit_id=id_of(unit),
                unit_name=unit.name,
                number=r.number,
                report_date=r.report_date,
                period_key=p.key,
                period_label=p.label,
                period_year=p.year,
                period_cutoff=p.cutoff_on,
                review=p.id == period.id,
                submitted=r.status == ReportStatus.SUBMITTED,
                figures=figures.get(id_of(r), {}),
                narrative=dict(r.narrative),
            )
        )
    return out


@dataclass
class ReviewFacts:
    period: ReportPeriod
    report: ReviewReport | None
    facts: list[ReportFacts]
    figures: list[Figure]


def review_facts(session: Session, period: ReportPeriod) -> ReviewFacts:
    facts = contributing_facts(session, period)
    figures = compute_figures(indicators_of(session, period), facts)
    return ReviewFacts(period, review_report(session, id_of(period)), facts, figures)


def round_reports(session: Session, period_id: int) -> list[tuple[UnitReport, Unit]]:
    """The round's own unit reports, by unit name."""
    rows = session.exec(
        select(UnitReport, Unit)
        .join(Unit, col(Unit.id) == UnitReport.unit_id)
        .where(UnitReport.period_id == period_id)
    ).all()
    return sorted(rows, key=lambda ru: ru[1].name)
