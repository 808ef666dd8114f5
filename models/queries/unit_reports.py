"""What the officer's period page and its API read: each unit's report in a period with its
state as of today, its dates, number and figures."""

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, col, select

from models.clock import local_date
from models.errors import NotFound
from models.labels import REPORT_STATES
from models.queries.records import get
from models.statuses import ReportState, report_state
from models.tables import Unit
from models.tables.follow_up import ReportFigure, ReportFile, ReportPeriod, UnitReport


@dataclass
class ReportRow:
    report: UnitReport
    unit: Unit
    state: ReportState
    figures: dict[str, float]
    files: list[ReportFile]

    @property
    def label(self) -> str:
        return REPORT_STATES[self.state]


def state_of(report: UnitReport, period: ReportPeriod, today: date) -> ReportState:
    first = report.first_submitted_at
    return report_state(
        status=report.status,
        opens_on=period.opens_on,
        due_on=period.due_on,
        first_submitted_at_local=local_date(first) if first else None,
        today=today,
    )


def period_of(session: Session, directive_id: int, period_id: int) -> ReportPeriod:
    """The directive's period (another directive's period is a missing one)."""
    period = get(session, ReportPeriod, period_id)
    if period.directive_id != directive_id:
        raise NotFound("Không tìm thấy kỳ báo cáo này.")
    return period


def period_rows(session: Session, period: ReportPeriod, today: date) -> list[ReportRow]:
    """Each unit's report in the period, by unit name, with its state today."""
    pairs = session.exec(
        select(UnitReport, Unit)
        .join(Unit, col(Unit.id) == col(UnitReport.unit_id))
        .where(UnitReport.period_id == period.id)
        .order_by(col(Unit.name), col(UnitReport.id))
    ).all()
    ids = [r.id for r, _ in pairs]
    figures: dict[int, dict[str, float]] = {}
    for f in session.exec(select(ReportFigure).where(col(ReportFigure.report_id).in_(ids))):
        figures.setdefault(f.report_id, {})[f.code] = f.value
    files: dict[int, list[ReportFile]] = {}
    stmt = select(ReportFile).where(col(ReportFile.report_id).in_(ids)).order_by(col(ReportFile.id))
    for file in session.exec(stmt):
        files.setdefault(file.report_id, []).append(file)
    return [
        ReportRow(
            report=r,
            unit=u,
            state=state_of(r, period, today),
            figures=figures.get(r.id or 0, {}),
            files=files.get(r.id or 0, []),
        )
        for r, u in pairs
    ]


def state_counts(rows: list[ReportRow]) -> dict[ReportState, int]:
    counts = dict.fromkeys(ReportState, 0)
    for row in rows:
        counts[row.state] += 1
    return counts


def report_file_of(session: Session, report_id: int, file_id: int) -> ReportFile:
    found = session.get(ReportFile, file_id)
    if found is None or found.report_id != report_id:
        raise NotFound("Không tìm thấy tệp báo cáo.")
    return found
