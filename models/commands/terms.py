"""Terms of the committee (nhiệm kỳ): the number register restarts at 01 in each.

A term's dates decide which term a document's number belongs to (models/queries/register.
term_for), so terms never overlap, and once a number was issued in a term its dates stay as
they were: moving them could put an issued number in another term. Only its end may move
later (a congress held after the planned date), which moves no issued number.
"""

from datetime import date, datetime

from sqlmodel import Session, col, select

from models import audit
from models.errors import Conflict, Invalid
from models.queries.records import get
from models.queries.register import term_used
from models.tables import Term
from models.text import clean_line, short_date

FIELDS = ("name", "starts_on", "ends_on")


def _check(
    session: Session, *, name: str, starts_on: date, ends_on: date, other_than: int | None
) -> str:
    """The cleaned name, once the dates are in order and overlap no other term."""
    name = clean_line(name)
    if not name:
        raise Invalid("Tên nhiệm kỳ không được để trống.", field="name")
    if ends_on <= starts_on:
        raise Invalid("Ngày kết thúc nhiệm kỳ phải sau ngày bắt đầu.", field="ends_on")
    stmt = select(Term).where(Term.starts_on <= ends_on, Term.ends_on >= starts_on)
    if other_than is not None:
        stmt = stmt.where(col(Term.id) != other_than)
    overlap = session.exec(stmt).first()
    if overlap is not None:
        raise Conflict(
            f"Trùng với nhiệm kỳ {overlap.name} ({short_date(overlap.starts_on)} – "
            f"{short_date(overlap.ends_on)}).",
            field="starts_on",
        )
    return name


def term_create(
    session: Session, *, name: str, starts_on: date, ends_on: date, by: str, now: datetime
) -> Term:
    name = _check(session, name=name, starts_on=starts_on, ends_on=ends_on, other_than=None)
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


def term_update(
    session: Session,
    *,
    term_id: int,
    name: str,
    starts_on: date,
    ends_on: date,
    by: str,
    now: datetime,
) -> Term:
    """New name and dates; once a number was issued in the term, only a later end."""
    term = get(session, Term, term_id, lock=True)
    name = _check(session, name=name, starts_on=starts_on, ends_on=ends_on, other_than=term_id)
    if term_used(session, term_id):
        if starts_on != term.starts_on:
            raise Conflict(
                f"Nhiệm kỳ {term.name} đã có văn bản được cấp số: không đổi được ngày bắt đầu.",
                field="starts_on",
            )
        if ends_on < term.ends_on:
            raise Conflict(
                f"Nhiệm kỳ {term.name} đã có văn bản được cấp số: chỉ được kéo dài ngày kết "
                f"thúc (từ {short_date(term.ends_on)} trở về sau).",
                field="ends_on",
            )
    before = audit.snapshot(term, *FIELDS)
    term.name, term.starts_on, term.ends_on = name, starts_on, ends_on
    session.add(term)
    audit.record(
        session,
        actor=by,
        at=now,
        action="term.update",
        entity="term",
        entity_id=term_id,
        before=before,
        after=audit.snapshot(term, *FIELDS),
    )
    session.commit()
    return term
