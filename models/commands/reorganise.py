"""Sắp xếp, sáp nhập đơn vị (issue 12, item 7): several units end on the day before `on`
and one successor, new or existing, takes over their duties from `on`.

Nothing a directive recorded is rewritten: invitations, comments, replies and reports keep
pointing at the old units, so history keeps the names of its day; periods and rounds after
`on` ask the successor (models/queries/unit_validity.units_in_force). Each unit changed is
audited as an edit (unit.update, before → after) and the whole as one unit.reorganise entry.

Who may: the rules of unit edits (models/policy.py "unit.edit") for every abolished unit,
checked here so that the page, the API and the CLI refuse alike (another body's unit answers
as a missing one). A unit with a live personal link (an invitation of an open round, a report
of an open follow-up period) is refused unless the caller confirms: the link keeps working
until its round or period ends, and the answer is recorded under the old unit's name.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlmodel import Session

from models import audit
from models.access import owner_for, require
from models.commands.units import unit_create, unit_update
from models.errors import Conflict, Invalid
from models.ids import id_of
from models.queries.records import get
from models.queries.unit_validity import OpenLink, open_links
from models.tables import Unit, User
from models.text import clean_line, short_date
from models.unit_validity import ceased_from, valid_on

MAX_UNITS = 200


@dataclass(frozen=True)
class NewUnit:
    """A successor created by the reorganisation (valid from its day, owned like any unit
    its author creates)."""

    name: str
    parent_id: int | None = None
    category: str = ""
    email: str = ""
    symbol: str | None = None
    superior: str = ""
    place: str = ""


@dataclass
class Reorganised:
    successor: Unit
    abolished: list[Unit]
    created: bool  # the successor is new
    open_links: list[OpenLink] = field(default_factory=list)  # kept working, confirmed


def reorganise(
    session: Session,
    abolished_ids: list[int],
    *,
    successor: int | NewUnit,
    on: date,
    by: User,
    now: datetime,
    confirm_open: bool = False,
) -> Reorganised:
    ids = list(dict.fromkeys(abolished_ids))
    if not ids:
        raise Invalid("Chọn ít nhất một đơn vị thôi hoạt động.", field="abolished_ids")
    if len(ids) > MAX_UNITS:
        raise Invalid(f"Tối đa {MAX_UNITS} đơn vị mỗi lần.", field="abolished_ids")
    last_day = on - timedelta(days=1)
    units = [get(session, Unit, uid) for uid in ids]
    for unit in units:
        require(by, "unit.edit", unit)  # another body's unit: 404, as on its edit page
        if not valid_on(unit, last_day):
            ended = ceased_from(unit)
            state = (
                f"đã thôi hoạt động từ {short_date(ended)}"
                if ended is not None and ended <= last_day
                else f"chỉ có hiệu lực từ {short_date(unit.valid_from)}"
            )
            raise Invalid(
                f"Đơn vị “{unit.name}” {state}: không sắp xếp từ ngày {short_date(on)} được.",
                field="abolished_ids",
            )
    if isinstance(successor, int) and successor in ids:
        raise Invalid(
            "Đơn vị kế thừa không được là một trong các đơn vị thôi hoạt động.",
            field="successor_id",
        )
    live = open_links(session, ids)
    if live and not confirm_open:
        names = {id_of(u): u.name for u in units}
        shown = "; ".join(f"{names[link.unit_id]}: {link.what}" for link in live[:5])
        more = f" (và {len(live) - 5} liên kết khác)" if len(live) > 5 else ""
        raise Conflict(
            f"Còn {len(live)} liên kết đang mở: {shown}{more}. Liên kết vẫn dùng được đến khi "
            "đợt kết thúc, ý kiến được ghi dưới tên cũ; đánh dấu xác nhận để vẫn sắp xếp.",
            field="confirm_open",
        )
    actor = by.username
    if isinstance(successor, NewUnit):
        heir = unit_create(
            session,
            name=successor.name,
            parent_id=successor.parent_id,
            symbol=clean_line(successor.symbol or "") or None,
            category=successor.category,
            email=successor.email,
            superior=successor.superior,
            place=successor.place,
            owner_id=owner_for(by),
            valid_from=on,
            by=actor,
            now=now,
            commit=False,
        )
    else:
        heir = get(session, Unit, successor)
    for unit in units:
        unit_update(
            session,
            unit_id=id_of(unit),
            valid_to=last_day,
            successor_id=id_of(heir),
            by=actor,
            now=now,
            commit=False,
        )
    audit.record(
        session,
        actor=actor,
        at=now,
        action="unit.reorganise",
        entity="unit",
        entity_id=heir.id,
        after={
            "on": on.isoformat(),
            "successor_id": heir.id,
            "successor_created": isinstance(successor, NewUnit),
            "abolished_ids": ids,
            "open_links_kept": len(live),
        },
    )
    session.commit()
    return Reorganised(
        successor=heir, abolished=units, created=isinstance(successor, NewUnit), open_links=live
    )
