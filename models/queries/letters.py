"""What a round form offers for its letter: the bodies it may be issued under, their
signers on record, the drafting body's saved unit groups and default copies."""

from sqlmodel import Session, col, select

from models.queries.records import get
from models.tables import LetterCopies, Signer, Unit, UnitGroup
from models.text import sort_key


def issuer_choices(session: Session, drafting_id: int) -> list[Unit]:
    """The drafting body itself, then each ancestor with a symbol (its parent committee …):
    a department drafts and may send under its committee's symbol ("15-CV/ĐUK")."""
    out: list[Unit] = []
    current: Unit | None = get(session, Unit, drafting_id)
    seen: set[int] = set()
    while current is not None and current.id not in seen:
        assert current.id is not None
        seen.add(current.id)
        if current.symbol or current.id == drafting_id:
            out.append(current)
        current = session.get(Unit, current.parent_id) if current.parent_id else None
    return out


def default_issuer(choices: list[Unit]) -> Unit:
    """The drafting body (first of `issuer_choices`) when it has a symbol of its own, else
    the nearest ancestor that has one: a department without a register writes under its
    committee's."""
    return next((u for u in choices if u.symbol), choices[0])


def signers_of(session: Session, body_ids: list[int], *, active_only: bool = True) -> list[Signer]:
    stmt = select(Signer).where(col(Signer.body_id).in_(body_ids))
    if active_only:
        stmt = stmt.where(Signer.active == True)  # noqa: E712
    return list(session.exec(stmt.order_by(col(Signer.id))).all())


def groups_of(session: Session, owner_id: int) -> list[UnitGroup]:
    groups = session.exec(select(UnitGroup).where(UnitGroup.owner_id == owner_id)).all()
    return sorted(groups, key=lambda g: sort_key(g.name))


def copies_of(session: Session, body_id: int) -> list[str]:
    row = session.exec(select(LetterCopies).where(LetterCopies.body_id == body_id)).first()
    return list(row.lines) if row else []
