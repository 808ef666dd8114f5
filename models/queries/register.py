"""Which number the register will hand out next, shown before an officer confirms."""

from datetime import date

from sqlalchemy import and_
from sqlmodel import Session, col, select

from models.errors import NotFound
from models.numbers import format_number
from models.tables import RegisterCounter, Term, Unit
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
