"""Terms of the committee (nhiệm kỳ): the number register restarts at 01 in each."""

from datetime import date, datetime

from sqlmodel import Session, select

from models import audit
from models.errors import Conflict, Invalid
from models.tables import Term
from models.text import clean_line, short_date


def term_create(
    session: Session, *, name: str, starts_on: date, ends_on: date, by: str, now: datetime
) -> Term:
    name = clean_line(name)
    if not name:
        raise Invalid("Tên nhiệm kỳ không được để trống.", field="name")
    if ends_on <= starts_on:
        raise Invalid("Ngày kết thúc nhiệm kỳ phải sau ngày bắt đầu.", field="ends_on")
    overlap = session.exec(
        select(Term).where(Term.starts_on <= ends_on, Term.ends_on >= starts_on)
    ).first()
    if overlap is not None:
        raise Conflict(
            f"Trùng với nhiệm kỳ {overlap.name} ({short_date(overlap.starts_on)} – "
            f"{short_date(overlap.ends_on)})."
        )
    term = Term(name=name, starts_on=starts_on, ends_on=ends_on)
    session.add(term)
    session.flush()
    audit.record(
        session,
        actor=by,
        at=now,
        action="term.create",
        entity="term",
        entity_id=term.id,
        after={"name": name, "starts_on": starts_on, "ends_on": ends_on},
    )
    session.commit()
    return term
