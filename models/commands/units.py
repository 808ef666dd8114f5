"""Units: the tree of bodies that draft, issue and answer."""

import re
from datetime import datetime

from sqlmodel import Session, select

from models import audit
from models.commands.common import get
from models.errors import Conflict, Invalid
from models.tables import Unit
from models.text import clean_line, search_key

_EMAIL = re.compile(r"^[^@\s<>,;\"]+@[^@\s<>,;\"]+\.[^@\s<>,;\"]+$")


def check_email(email: str) -> str:
    email = clean_line(email)
    if email and not _EMAIL.match(email):
        raise Invalid(f"Địa chỉ thư điện tử không hợp lệ: “{email}”.", field="email")
    return email


def unit_create(
    session: Session,
    *,
    name: str,
    parent_id: int | None = None,
    symbol: str | None = None,
    category: str = "",
    email: str = "",
    superior: str = "",
    place: str = "",
    by: str,
    now: datetime,
    commit: bool = True,
) -> Unit:
    name = clean_line(name)
    if not name:
        raise Invalid("Tên đơn vị không được để trống.", field="name")
    if parent_id is not None:
        get(session, Unit, parent_id)
    same = session.exec(
        select(Unit).where(Unit.parent_id == parent_id, Unit.search == search_key(name))
    ).first()
    if same is not None:
        raise Conflict(f"Đơn vị “{same.name}” đã có.", field="name")
    unit = Unit(
        name=name,
        parent_id=parent_id,
        symbol=clean_line(symbol) or None,
        category=clean_line(category),
        email=check_email(email),
        superior=clean_line(superior),
        place=clean_line(place),
        search=search_key(name),
    )
    session.add(unit)
    session.flush()
    audit.record(
        session,
        actor=by,
        at=now,
        action="unit.create",
        entity="unit",
        entity_id=unit.id,
        after={"name": unit.name, "email": unit.email},
    )
    if commit:
        session.commit()
    return unit


def unit_update(
    session: Session,
    *,
    unit_id: int,
    email: str | None = None,
    name: str | None = None,
    active: bool | None = None,
    by: str,
    now: datetime,
) -> Unit:
    unit = get(session, Unit, unit_id)
    before = audit.snapshot(unit, "name", "email", "active")
    if email is not None:
        unit.email = check_email(email)
    if name is not None:
        if not clean_line(name):
            raise Invalid("Tên đơn vị không được để trống.", field="name")
        unit.name = clean_line(name)
        unit.search = search_key(unit.name)
    if active is not None:
        unit.active = active
    session.add(unit)
    audit.record(
        session,
        actor=by,
        at=now,
        action="unit.update",
        entity="unit",
        entity_id=unit.id,
        before=before,
        after=audit.snapshot(unit, "name", "email", "active"),
    )
    session.commit()
    return unit
