"""The grassroots totals (page /rounds/{id}/grassroots and GET /api/v1/rounds/{id}/reports):
each district's report (meetings by level, delegates) and the province's totals."""

from dataclasses import dataclass

from sqlmodel import Session, col, select

from models.levels import round_levels
from models.tables import GrassrootsReport, Invitation, Round, Unit
from models.text import sort_key


@dataclass(frozen=True)
class ReportRow:
    invitation: Invitation
    unit: Unit
    report: GrassrootsReport | None


@dataclass(frozen=True)
class GrassrootsTable:
    rows: tuple[ReportRow, ...]  # every invited district, by name, reported or not
    levels: tuple[str, ...]  # the round's levels, then any a report added
    meeting_totals: dict[str, int]  # per level in `levels`, 0 where nobody reported it
    delegates: int
    reported: int

    @property
    def reports(self) -> list[ReportRow]:
        """The districts that reported, in the order the reports came (as the API lists them)."""
        return sorted(
            (r for r in self.rows if r.report is not None),
            key=lambda r: r.report.id or 0 if r.report else 0,
        )

    @property
    def reported_totals(self) -> dict[str, int]:
        """Totals for the levels some report names (the API leaves out levels nobody used)."""
        named = {lv for r in self.rows if r.report for lv in r.report.meetings}
        return {lv: n for lv, n in self.meeting_totals.items() if lv in named}


def grassroots_table(session: Session, rnd: Round) -> GrassrootsTable:
    found = session.exec(
        select(Invitation, Unit, GrassrootsReport)
        .join(Unit, col(Unit.id) == Invitation.unit_id)
        .outerjoin(GrassrootsReport, col(GrassrootsReport.invitation_id) == Invitation.id)
        .where(Invitation.round_id == rnd.id)
    ).all()
    rows = sorted((ReportRow(i, u, r) for i, u, r in found), key=lambda r: sort_key(r.unit.name))
    levels = round_levels(rnd.levels)
    totals = dict.fromkeys(levels, 0)
    delegates = reported = 0
    for row in rows:
        if row.report is None:
            continue
        reported += 1
        delegates += row.report.delegates
        for level, n in row.report.meetings.items():
            if level not in totals:
                levels.append(level)
                totals[level] = 0
            totals[level] += n
    return GrassrootsTable(tuple(rows), tuple(levels), totals, delegates, reported)


def form_levels(rnd: Round, report: GrassrootsReport | None) -> list[str]:
    """The rows of a report's form: the round's levels, then any other level it reported."""
    levels = round_levels(rnd.levels)
    return levels + [lv for lv in (report.meetings if report else {}) if lv not in levels]
