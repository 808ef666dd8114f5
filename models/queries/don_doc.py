"""Reads behind the reminders and the công văn đôn đốc: who has not reported in a period,
a directive's letters, the card's view."""

from dataclasses import dataclass, field
from datetime import date

from sqlmodel import Session, col, select

from models.errors import NotFound
from models.ids import id_of
from models.queries.records import get
from models.statuses import PeriodStatus, ReportStatus
from models.tables import DonDocLetter, ReportPeriod, Unit, UnitReport
from models.text import sort_key

DONE = (ReportStatus.SUBMITTED, ReportStatus.EXEMPT)


def missing_reports(session: Session, period_id: int) -> list[tuple[UnitReport, Unit]]:
    """The period's reports still owed (not submitted, not exempt, link not revoked), by
    unit name: a returned report is owed again."""
    rows = session.exec(
        select(UnitReport, Unit)
        .join(Unit, col(Unit.id) == col(UnitReport.unit_id))
        .where(
            UnitReport.period_id == period_id,
            col(UnitReport.status).not_in([s.value for s in DONE]),
            UnitReport.revoked_at == None,  # noqa: E711
        )
    ).all()
    return sorted(rows, key=lambda r: sort_key(r[1].name))


def letter_of_period(session: Session, period_id: int) -> DonDocLetter | None:
    return session.exec(select(DonDocLetter).where(DonDocLetter.period_id == period_id)).first()


def letter_in(session: Session, directive_id: int, letter_id: int) -> DonDocLetter:
    """A letter of this directive; another directive's answers as a missing one."""
    letter = session.get(DonDocLetter, letter_id)
    if letter is None or letter.directive_id != directive_id:
        raise NotFound(f"Không tìm thấy công văn đôn đốc #{letter_id}.")
    return letter


def period_in(session: Session, directive_id: int, period_id: int) -> ReportPeriod:
    period = session.get(ReportPeriod, period_id)
    if period is None or period.directive_id != directive_id:
        raise NotFound(f"Không tìm thấy kỳ báo cáo #{period_id}.")
    return period


def letter_units(session: Session, letter: DonDocLetter) -> list[Unit]:
    """The units the letter was addressed to, as drafted (by name)."""
    units = session.exec(select(Unit).where(col(Unit.id).in_(letter.unit_ids))).all()
    return sorted(units, key=lambda u: sort_key(u.name))


@dataclass
class LetterRow:
    letter: DonDocLetter
    period: ReportPeriod
    units: list[Unit]
    owed: set[int]  # of the letter's units, those that have not reported since

    @property
    def still_missing(self) -> int:
        return len(self.owed)


@dataclass
class Pending:
    """A period past its due date, units still missing, no letter yet: the officer may draft."""

    period: ReportPeriod
    missing: list[Unit]


@dataclass
class DonDocCard:
    letters: list[LetterRow] = field(default_factory=list)
    pending: list[Pending] = field(default_factory=list)


def don_doc_card(session: Session, directive_id: int, today: date) -> DonDocCard:
    periods = session.exec(
        select(ReportPeriod)
        .where(ReportPeriod.directive_id == directive_id)
        .order_by(col(ReportPeriod.due_on))
    ).all()
    letters = {
        letter.period_id: letter
        for letter in session.exec(
            select(DonDocLetter).where(DonDocLetter.directive_id == directive_id)
        ).all()
    }
    card = DonDocCard()
    for period in periods:
        pid = period.id
        assert pid is not None
        missing = missing_reports(session, pid) if period.status != PeriodStatus.SCHEDULED else []
        letter = letters.get(pid)
        if letter is not None:
            card.letters.append(_row(session, letter, period, missing))
        elif period.status == PeriodStatus.OPEN and today > period.due_on and missing:
            card.pending.append(Pending(period, [u for _, u in missing]))
    return card


def _row(
    session: Session,
    letter: DonDocLetter,
    period: ReportPeriod,
    missing: list[tuple[UnitReport, Unit]],
) -> LetterRow:
    units = letter_units(session, letter)
    still = {u.id for _, u in missing}
    return LetterRow(letter, period, units, {id_of(u) for u in units if u.id in still})


def letter_view(session: Session, directive_id: int, letter_id: int) -> LetterRow:
    letter = letter_in(session, directive_id, letter_id)
    period = get(session, ReportPeriod, letter.period_id)
    return _row(session, letter, period, missing_reports(session, letter.period_id))
