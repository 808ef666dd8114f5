"""The grassroots table: each district's report (meetings by level, delegates) and totals."""

from dataclasses import dataclass, field

from sqlmodel import Session, select

from models.tables import GrassrootsReport, Invitation, Round, Unit
from models.text import sort_key

# The levels the 2023 round reported; a report may add others (levels are data).
DEFAULT_LEVELS = ["Thôn, ấp, khu phố", "Xã, phường, thị trấn"]


@dataclass
class ReportRow:
    invitation: Invitation
    unit: Unit
    report: GrassrootsReport | None


@dataclass
class GrassrootsTable:
    rows: list[ReportRow]
    levels: list[str]
    meeting_totals: dict[str, int] = field(default_factory=dict)
    delegates: int = 0
    reported: int = 0


def grassroots_table(session: Session, rnd: Round) -> GrassrootsTable:
    found = session.exec(
        select(Invitation, Unit, GrassrootsReport)
        .join(Unit, Unit.id == Invitation.unit_id)
        .outerjoin(GrassrootsReport, GrassrootsReport.invitation_id == Invitation.id)
        .where(Invitation.round_id == rnd.id)
    ).all()
    rows = sorted((ReportRow(i, u, r) for i, u, r in found), key=lambda r: sort_key(r.unit.name))
    levels = list(DEFAULT_LEVELS)
    for row in rows:
        for level in row.report.meetings if row.report else {}:
            if level not in levels:
                levels.append(level)
    table = GrassrootsTable(rows, levels, {lv: 0 for lv in levels})
    for row in rows:
        if row.report is None:
            continue
        table.reported += 1
        table.delegates += row.report.delegates
        for level, n in row.report.meetings.items():
            table.meeting_totals[level] += n
    return table
