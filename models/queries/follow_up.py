"""Reads of a directive's follow-up (issue 12): its plan versions, periods and their reports,
and a unit's report by the token of its link."""

from sqlalchemy import case
from sqlmodel import Session, col, select

from models.statuses import PeriodPurpose
from models.tables import FollowUpPlan, ReportPeriod, Unit, UnitReport
from models.tokens import token_hash

MAX_TOKEN = 200  # longer input is no token of ours: answered as unknown without a query


def current_plan(session: Session, directive_id: int) -> FollowUpPlan | None:
    """The plan version in force (the highest), or None before the first is saved."""
    return session.exec(
        select(FollowUpPlan)
        .where(FollowUpPlan.directive_id == directive_id)
        .order_by(col(FollowUpPlan.version).desc())
        .limit(1)
    ).first()


def plan_versions(session: Session, directive_id: int) -> list[FollowUpPlan]:
    """Every version of the plan, oldest first (version 1, 2, …)."""
    return list(
        session.exec(
            select(FollowUpPlan)
            .where(FollowUpPlan.directive_id == directive_id)
            .order_by(col(FollowUpPlan.version))
        ).all()
    )


def period_plan(session: Session, period: ReportPeriod) -> FollowUpPlan | None:
    """The plan version the period was scheduled under (a later version never rewrites what
    was asked), else the directive's latest."""
    rows = plan_versions(session, period.directive_id)
    return next((p for p in rows if p.version == period.plan_version), rows[-1] if rows else None)


def periods_of(session: Session, directive_id: int) -> list[ReportPeriod]:
    """The directive's periods in calendar order (a review round after the periodic report
    of the same cut-off)."""
    review_last = case((col(ReportPeriod.purpose) == PeriodPurpose.PERIODIC.value, 0), else_=1)
    return list(
        session.exec(
            select(ReportPeriod)
            .where(ReportPeriod.directive_id == directive_id)
            .order_by(col(ReportPeriod.cutoff_on), review_last, col(ReportPeriod.key))
        ).all()
    )


def period_reports(session: Session, period_id: int) -> list[tuple[UnitReport, Unit]]:
    """A period's reports with their units, in the order they were asked (the plan's)."""
    return [
        (report, unit)
        for report, unit in session.exec(
            select(UnitReport, Unit)
            .join(Unit, col(Unit.id) == col(UnitReport.unit_id))
            .where(UnitReport.period_id == period_id)
            .order_by(col(UnitReport.id))
        ).all()
    ]


def report_by_token(session: Session, raw_token: str) -> UnitReport | None:
    """The report whose link carries `raw_token` (revoked ones included: the caller says
    why it refuses); None for a token that matches none."""
    if not raw_token or len(raw_token) > MAX_TOKEN:
        return None
    return session.exec(
        select(UnitReport).where(UnitReport.token_hash == token_hash(raw_token))
    ).first()
