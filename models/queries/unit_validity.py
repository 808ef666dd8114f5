"""The units in force on a day for a list of units (models/unit_validity.py's rule, on rows)."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import ColumnElement, and_, or_
from sqlmodel import Session, col, select

from models.ids import id_of
from models.queries.links import open_invitations
from models.statuses import PeriodStatus
from models.tables import Directive, ReportPeriod, Unit, UnitReport
from models.unit_validity import ceased_note, reporting_on


def units_in_force(session: Session, unit_ids: Iterable[int], day: date) -> list[Unit]:
    """The units that answer for `unit_ids` on `day` (abolished ones replaced by their
    successor in force, duplicates dropped), in the given order. Reads the successor chains
    whole: a province's tree is a few thousand rows at most."""
    wanted = list(unit_ids)
    if not wanted:
        return []
    chained = session.exec(
        select(Unit).where(
            (col(Unit.id).in_(wanted)) | (col(Unit.successor_id) != None)  # noqa: E711
        )
    ).all()
    by_id: dict[int, Unit] = {u.id: u for u in chained if u.id is not None}
    # Successors need not be in the list nor have successors of their own: fetch them too.
    missing = {u.successor_id for u in chained if u.successor_id} - set(by_id)
    while missing:
        more = session.exec(select(Unit).where(col(Unit.id).in_(missing))).all()
        by_id.update({u.id: u for u in more if u.id is not None})
        missing = {u.successor_id for u in more if u.successor_id} - set(by_id)
    return [by_id[i] for i in reporting_on(wanted, by_id, day)]


@dataclass(frozen=True)
class OpenLink:
    """A live personal link of a unit: an invitation of an open round, or a report of an
    open follow-up period (what a reorganisation must not cut silently)."""

    unit_id: int
    directive_id: int
    what: str  # "Đợt lấy ý kiến lần 2 — <directive>", "Quý I năm 2024 — <directive>"


def open_links(session: Session, unit_ids: Iterable[int]) -> list[OpenLink]:
    found: list[OpenLink] = []
    for uid in dict.fromkeys(unit_ids):
        for _inv, rnd, directive in open_invitations(session, uid):
            found.append(
                OpenLink(
                    uid, id_of(directive), f"đợt lấy ý kiến lần {rnd.ordinal} — {directive.title}"
                )
            )
    reports = session.exec(
        select(UnitReport, ReportPeriod, Directive)
        .join(ReportPeriod, col(ReportPeriod.id) == col(UnitReport.period_id))
        .join(Directive, col(Directive.id) == col(ReportPeriod.directive_id))
        .where(
            col(UnitReport.unit_id).in_(list(unit_ids)),
            ReportPeriod.status == PeriodStatus.OPEN,
            UnitReport.revoked_at == None,  # noqa: E711
        )
        .order_by(col(UnitReport.id))
    ).all()
    for report, period, directive in reports:
        found.append(
            OpenLink(
                report.unit_id, id_of(directive), f"báo cáo {period.label} — {directive.title}"
            )
        )
    return found


def in_force_clause(day: date) -> ColumnElement[bool]:
    """A WHERE clause: units valid on `day` (models/unit_validity.valid_on, in SQL)."""
    return and_(
        or_(col(Unit.valid_from) == None, col(Unit.valid_from) <= day),  # noqa: E711
        or_(col(Unit.valid_to) == None, col(Unit.valid_to) >= day),  # noqa: E711
    )


def ceased_notes(
    session: Session, day: date, unit_ids: Iterable[int] | None = None
) -> dict[int, str]:
    """unit id → "Đã thôi hoạt động từ …, kế thừa: …" for the units (all, or those given)
    that ended before `day`: history pages keep the old name and add this note."""
    stmt = select(Unit).where(col(Unit.valid_to) < day)
    if unit_ids is not None:
        wanted = list(unit_ids)
        if not wanted:
            return {}
        stmt = stmt.where(col(Unit.id).in_(wanted))
    ceased = session.exec(stmt).all()
    heirs = {u.successor_id for u in ceased if u.successor_id is not None}
    names = (
        {id_of(u): u.name for u in session.exec(select(Unit).where(col(Unit.id).in_(heirs))).all()}
        if heirs
        else {}
    )
    return {
        id_of(u): ceased_note(u, names.get(u.successor_id) if u.successor_id else None)
        for u in ceased
    }
