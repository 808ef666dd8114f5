"""Which number the register will hand out next, shown before an officer confirms."""

from datetime import date

from sqlalchemy import and_
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
    if issuer is None or not issuer.symbol:
        return None
    # The term and its counter in one round trip (a page shows this preview on every load).
    found = session.exec(
        select(Term.id, RegisterCounter.last_seq)
        .outerjoin(
            RegisterCounter,
            and_(
                col(RegisterCounter.term_id) == Term.id,
                col(RegisterCounter.issuer_id) == issuer_id,
                col(RegisterCounter.kind) == kind,
            ),
        )
        .where(Term.starts_on <= on, Term.ends_on >= on)
        .order_by(col(Term.id))
        .limit(1)
    ).first()
    if found is None:
        return None
    return format_number((found[1] or 0) + 1, kind, issuer.symbol)


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
