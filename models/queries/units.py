"""Reads of the unit tree: the API's filtered, paged list."""

from datetime import date

from sqlalchemy import func
from sqlmodel import Session, col, select

from models.queries.unit_validity import in_force_clause
from models.tables import Unit
from models.text import search_key


def units_found(
    session: Session,
    *,
    q: str | None = None,
    category: str | None = None,
    parent_id: int | None = None,
    active: bool | None = None,
    in_force_on: date | None = None,
    limit: int = 100,
    offset: int = 0,
) -> tuple[int, list[Unit]]:
    """(total, one page) of the units matching every filter given. `q` matches the folded
    name; % and _ typed in it are literal characters, never LIKE wildcards."""
    stmt = select(Unit)
    if q:
        stmt = stmt.where(col(Unit.search).contains(search_key(q), autoescape=True))
    if category is not None:
        stmt = stmt.where(Unit.category == category)
    if parent_id is not None:
        stmt = stmt.where(Unit.parent_id == parent_id)
    if active is not None:
        stmt = stmt.where(Unit.active == active)
    if in_force_on is not None:
        stmt = stmt.where(in_force_clause(in_force_on))
    total = session.exec(select(func.count()).select_from(stmt.subquery())).one()
    items = session.exec(stmt.order_by(col(Unit.id)).offset(offset).limit(limit)).all()
    return total, list(items)
