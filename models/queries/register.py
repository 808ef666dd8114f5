"""Which number the register will hand out next, shown before an officer confirms."""

from datetime import date

from sqlmodel import Session, col, select

from models.errors import NotFound
from models.numbers import format_number
from models.tables import Directive, RegisterCounter, RegisterEntry, Term, Unit
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


def term_used(session: Session, term_id: int) -> bool:
    """Whether a number was issued (or drawn) in the term: its dates are then fixed."""
    return any(
        session.exec(select(model.id).where(model.term_id == term_id).limit(1)).first() is not None
        for model in (RegisterEntry, RegisterCounter, Directive)
    )


def terms_list(session: Session) -> list[tuple[Term, bool]]:
    """Every term, newest first, with whether numbers were issued in it."""
    terms = session.exec(select(Term).order_by(col(Term.starts_on).desc())).all()
    return [(t, term_used(session, t.id or 0)) for t in terms]


def issuer_symbol_used(session: Session, unit_id: int) -> bool:
    """Whether the unit issued anything under its symbol (a register entry, a directive, a
    round letter's number): its symbol is then part of issued numbers and stays."""
    return any(
        session.exec(select(model.id).where(model.issuer_id == unit_id).limit(1)).first()
        is not None
        for model in (RegisterEntry, RegisterCounter, Directive)
    )
