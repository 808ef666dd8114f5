"""Create (or find) the demo's world through the commands: units, the term, the accounts.

Finding before creating makes a second replay on the same database reuse what is there.
"""

import os
from datetime import datetime

from sqlmodel import Session, select

from duthao.demo.data import (
    ACCOUNTS,
    ACTOR,
    ASSIGNMENT_NUMBER,
    DEMO_PASSWORD,
    PLACE,
    TERMS,
    TITLE,
    UnitSpec,
    walk,
)
from models.commands.terms import term_create
from models.commands.units import unit_create
from models.commands.users import check_password, user_create
from models.errors import Invalid
from models.ids import id_of
from models.tables import Directive, Term, Unit, User
from models.text import search_key


def find_directive(session: Session) -> Directive | None:
    """The replayed case, if it is there (here, not in timeline.py: the banner of `make run`
    reads it without importing the flows, and Prefect with them)."""
    return session.exec(
        select(Directive).where(
            Directive.assignment_number == ASSIGNMENT_NUMBER,
            Directive.title == TITLE,
        )
    ).first()


def demo_password() -> str:
    return os.environ.get("DUTHAO_DEMO_PASSWORD") or DEMO_PASSWORD


def check_demo_password() -> None:
    """The demo accounts follow the same password rule as every other account."""
    for acc in ACCOUNTS:
        try:
            check_password(demo_password(), username=acc.username, full_name=acc.full_name)
        except Invalid as exc:
            raise Invalid(f"DUTHAO_DEMO_PASSWORD không dùng được: {exc.message}") from None


def _unit(session: Session, spec: UnitSpec, parent_id: int | None, now: datetime) -> int:
    found = session.exec(
        select(Unit.id).where(Unit.parent_id == parent_id, Unit.search == search_key(spec.name))
    ).first()
    if found is not None:
        return found
    unit = unit_create(
        session,
        name=spec.name,
        parent_id=parent_id,
        symbol=spec.symbol,
        category=spec.category,
        email=spec.email,
        superior=spec.superior,
        place=PLACE,
        by=ACTOR,
        now=now,
    )
    return id_of(unit)


def build_world(session: Session, now: datetime) -> dict[str, int]:
    """Unit ids by the demo's keys; units, the term and accounts are created when missing."""
    ids: dict[str, int] = {}
    for spec, parent in walk():
        ids[spec.key] = _unit(session, spec, ids[parent] if parent else None, now)
    for name, starts, ends in TERMS:
        if session.exec(select(Term).where(Term.starts_on == starts)).first() is None:
            term_create(session, name=name, starts_on=starts, ends_on=ends, by=ACTOR, now=now)
    for acc in ACCOUNTS:
        if session.exec(select(User.id).where(User.username == acc.username)).first() is None:
            user_create(
                session,
                username=acc.username,
                password=demo_password(),
                full_name=acc.full_name,
                role=acc.role,
                unit_id=ids[acc.unit],
                email=acc.email,
                by=ACTOR,
                now=now,
            )
    return ids
