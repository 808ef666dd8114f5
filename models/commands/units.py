"""Units: the tree of bodies that draft, issue and answer.

Who owns and edits a unit is the policy's (models/policy.py): a unit records its owning
body (`owner_id`, None for a shared unit); the web guards and the CLI check the table before
calling these commands.

A unit's email is where its personal links go. Changing it while the unit has open
invitations must not hand a live link to the new address by itself: those invitations keep
sending to the address they were sent to (`Invitation.sent_to`, read by
models/outbox.enqueue_for_unit), the change is audited on each directive concerned and each
directive's drafting body is told; its officers re-issue the link (models/commands/invitations.
invitation_reissue) when the new address is right.
"""

import hashlib
import re
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from sqlmodel import Session, col, select

from models import audit
from models.errors import Conflict, Invalid
from models.event_log import record
from models.events import UnitEmailChanged
from models.ids import id_of
from models.outbox import enqueue_for_user
from models.queries.links import open_invitations
from models.queries.people import team
from models.queries.records import get
from models.queries.register import issuer_symbol_used
from models.tables import Directive, Round, Unit
from models.text import clean_line, search_key, short_date, short_datetime
from models.unit_validity import ceased_note, check_validity, valid_on

_EMAIL = re.compile(r"^[^@\s<>,;\"]+@[^@\s<>,;\"]+\.[^@\s<>,;\"]+$")


UNSET: Any = object()  # a field the caller does not change (None is a value: no symbol)
AUDITED = (
    "name",
    "email",
    "active",
    "superior",
    "place",
    "symbol",
    "parent_id",
    "category",
    "valid_from",
    "valid_to",
    "successor_id",
)


def check_email(email: str) -> str:
    email = clean_line(email)
    if email and not _EMAIL.match(email):
        raise Invalid(f"Địa chỉ thư điện tử không hợp lệ: “{email}”.", field="email")
    return email


def check_unit_validity(session: Session, unit: Unit) -> None:
    """The unit's validity and successor (models/unit_validity.check_validity) against the
    units it touches as the transaction sees them: its chain of successors and the units
    handing over to it (a few rows, so an import of thousands stays linear)."""
    related: dict[int, Unit] = {}
    with session.no_autoflush:
        if unit.id is not None:
            for before in session.exec(select(Unit).where(Unit.successor_id == unit.id)).all():
                related[id_of(before)] = before
        nxt = unit.successor_id
        while nxt is not None and nxt not in related and nxt != unit.id:
            found = session.get(Unit, nxt)
            if found is None:
                break
            related[nxt] = found
            nxt = found.successor_id
    check_validity(unit, related)


def check_in_force(
    session: Session, units: Iterable[Unit], day: date, *, field: str = "unit_ids"
) -> None:
    """Refuse a letter, round or period of `day` that names a unit not in force then (the
    page offers only those; this holds for the API, the CLI and groups too)."""
    for unit in units:
        if valid_on(unit, day):
            continue
        if unit.valid_from is not None and day < unit.valid_from:
            state = f"chỉ hoạt động từ {short_date(unit.valid_from)}"
        else:
            heir = get(session, Unit, unit.successor_id) if unit.successor_id else None
            note = ceased_note(unit, heir.name if heir else None)
            state = note[0].lower() + note[1:]
        raise Invalid(
            f"Đơn vị “{unit.name}” {state}: không mời, giao việc vào ngày {short_date(day)} "
            "được (chọn đơn vị đang hoạt động, hoặc sửa nhóm đơn vị).",
            field=field,
        )


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
    owner_id: int | None = None,
    valid_from: date | None = None,
    valid_to: date | None = None,
    successor_id: int | None = None,
    by: str,
    now: datetime,
    commit: bool = True,
) -> Unit:
    """A new unit; `owner_id` is the body it belongs to (None: shared, province-wide);
    `valid_from`/`valid_to` (both days included) and `successor_id`: when it exists and
    who takes over after it (models/unit_validity.py)."""
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
        owner_id=owner_id,
        valid_from=valid_from,
        valid_to=valid_to,
        successor_id=successor_id,
    )
    check_unit_validity(session, unit)
    session.add(unit)
    session.flush()
    audit.record(
        session,
        actor=by,
        at=now,
        action="unit.create",
        entity="unit",
        entity_id=unit.id,
        after=audit.snapshot(unit, *AUDITED, "owner_id"),
    )
    if commit:
        session.commit()
    return unit


def _parent(session: Session, unit: Unit, parent_id: int | None) -> int | None:
    """A new parent: an existing unit, and neither the unit itself nor one of its own
    descendants (the tree would become a loop)."""
    seen = parent_id
    while seen is not None:
        if seen == unit.id:
            raise Invalid(
                "Đơn vị cấp trên không được là chính đơn vị này hay một đơn vị trực thuộc nó.",
                field="parent_id",
            )
        seen = get(session, Unit, seen).parent_id
    return parent_id


def _symbol(session: Session, unit: Unit, symbol: str | None) -> str | None:
    """A new symbol, while none of the unit's issued numbers carries the old one."""
    new = clean_line(symbol or "") or None
    if new != unit.symbol and issuer_symbol_used(session, id_of(unit)):
        raise Conflict(
            f"Ký hiệu “{unit.symbol or ''}” đã được dùng trong số văn bản đã cấp (sổ đăng ký, "
            "chỉ thị hoặc công văn): không đổi được nữa.",
            field="symbol",
        )
    return new


def unit_update(
    session: Session,
    *,
    unit_id: int,
    email: str | None = None,
    name: str | None = None,
    active: bool | None = None,
    superior: str | None = None,
    place: str | None = None,
    category: str | None = None,
    symbol: str | None = UNSET,
    parent_id: int | None = UNSET,
    valid_from: date | None = UNSET,
    valid_to: date | None = UNSET,
    successor_id: int | None = UNSET,
    by: str,
    now: datetime,
    commit: bool = True,
) -> Unit:
    """Changes the fields given; `symbol`, `parent_id`, the validity dates and the
    successor may be set to None, so only the ones passed (not UNSET) change. Every change
    is audited before → after."""
    unit = get(session, Unit, unit_id)
    before = audit.snapshot(unit, *AUDITED)
    if email is not None:
        new = check_email(email)
        if new.lower() != unit.email.lower():
            unit_email_changed(session, unit, new=new, by=by, now=now)
        unit.email = new
    if name is not None:
        if not clean_line(name):
            raise Invalid("Tên đơn vị không được để trống.", field="name")
        unit.name = clean_line(name)
        unit.search = search_key(unit.name)
    if active is not None:
        unit.active = active
    if superior is not None:
        unit.superior = clean_line(superior)
    if place is not None:
        unit.place = clean_line(place)
    if category is not None:
        unit.category = clean_line(category)
    if symbol is not UNSET:
        unit.symbol = _symbol(session, unit, symbol)
    if parent_id is not UNSET:
        unit.parent_id = _parent(session, unit, parent_id)
    validity = {"valid_from": valid_from, "valid_to": valid_to, "successor_id": successor_id}
    changed = {k: v for k, v in validity.items() if v is not UNSET}
    if changed:
        for key, value in changed.items():
            setattr(unit, key, value)
        check_unit_validity(session, unit)
    if name is not None or parent_id is not UNSET:
        same = session.exec(
            select(Unit).where(
                Unit.parent_id == unit.parent_id,
                Unit.search == unit.search,
                col(Unit.id) != unit_id,
            )
        ).first()
        if same is not None:
            raise Conflict(f"Đơn vị “{same.name}” đã có.", field="name")
    session.add(unit)
    audit.record(
        session,
        actor=by,
        at=now,
        action="unit.update",
        entity="unit",
        entity_id=unit.id,
        before=before,
        after=audit.snapshot(unit, *AUDITED),
    )
    if commit:
        session.commit()
    return unit


def unit_email_changed(
    session: Session,
    unit: Unit,
    *,
    new: str,
    by: str,
    now: datetime,
    skip_directive: int | None = None,
) -> list[int]:
    """Before `unit.email` becomes `new` (in the caller's transaction): pin every open
    invitation of the unit to the address its link was sent to, audit the change on each
    directive concerned and tell each directive's drafting team (but not the directive
    `skip_directive`, whose officer is making the change). Returns the directive ids."""
    old = unit.email
    touched: dict[int, tuple[Directive, list[Round]]] = {}
    for inv, rnd, directive in open_invitations(session, id_of(unit)):
        if inv.sent_to is None:
            inv.sent_to = old
            session.add(inv)
        touched.setdefault(id_of(directive), (directive, []))[1].append(rnd)
    digest = hashlib.sha256(f"{old}>{new}@{now.isoformat()}".encode()).hexdigest()[:12]
    for directive, rounds in touched.values():
        audit.record(
            session,
            actor=by,
            at=now,
            action="unit.email_change",
            entity="unit",
            entity_id=unit.id,
            directive_id=directive.id,
            before={"email": old},
            after={"email": new, "links_kept_at": old, "rounds": [r.id for r in rounds]},
        )
        if directive.id == skip_directive:
            continue
        record(session, [UnitEmailChanged(directive.id, now, id_of(unit))])
        for user in team(session, directive):
            enqueue_for_user(
                session,
                user=user,
                key=f"unit-email:{unit.id}:{directive.id}:{user.id}:{digest}",
                template="unit_email_changed",
                now=now,
                directive_id=directive.id,
                context={
                    "directive_id": directive.id,
                    "directive_title": directive.title,
                    "unit": unit.name,
                    "old_email": old,
                    "new_email": new,
                    "changed_by": by,
                    "changed_at": short_datetime(now),
                    "rounds": [{"id": r.id, "ordinal": r.ordinal} for r in rounds],
                },
            )
    return list(touched)
