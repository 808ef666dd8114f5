"""Which number the register will hand out next, shown before an officer confirms."""

from datetime import date

from sqlmodel import Session, select

from models.errors import NotFound
from models.numbers import format_number
from models.tables import RegisterCounter, Term, Unit
from models.text import short_date


def peek_next(session: Session, issuer_id: int, kind: str, on: date) -> str | None:
    """The next number for (issuer, kind, the term holding `on`); None if none can be given.

    Only a preview: another officer may take it first; the command draws the real one.
    """
    issuer = session.get(Unit, issuer_id)
    term = session.exec(select(Term).where(Term.starts_on <= on, Term.ends_on >= on)).first()
    if issuer is None or not issuer.symbol or term is None:
        return None
    last = session.exec(
        select(RegisterCounter.last_seq).where(
            RegisterCounter.issuer_id == issuer_id,
            RegisterCounter.kind == kind,
            RegisterCounter.term_id == term.id,
        )
    ).first()
    return format_number((last or 0) + 1, kind, issuer.symbol)


def term_for(session: Session, on: date) -> Term:
    term = session.exec(select(Term).where(Term.starts_on <= on, Term.ends_on >= on)).first()
    if term is None:
        raise NotFound(f"Chưa khai báo nhiệm kỳ nào chứa ngày {short_date(on)}.")
    return term
