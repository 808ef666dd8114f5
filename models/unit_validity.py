"""When a unit exists and who takes over its duties after it (issue 12, item 7). Pure.

A unit is valid from `valid_from` to `valid_to`, both days included (None: open-ended). When
it ceases (the 2025 reorganisation abolished the district level), `successor_id` names the
unit that takes over: a period asks the units valid on its cut-off day, each abolished unit
replaced by the first valid unit down its chain of successors. Records made before keep
pointing at the old unit, so a directive's history keeps the names of its day.
"""

from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from typing import Protocol

from models.errors import Invalid
from models.text import short_date


class UnitFacts(Protocol):
    @property
    def id(self) -> int | None: ...
    @property
    def valid_from(self) -> date | None: ...
    @property
    def valid_to(self) -> date | None: ...
    @property
    def successor_id(self) -> int | None: ...


def valid_on(unit: UnitFacts, day: date) -> bool:
    return (unit.valid_from is None or unit.valid_from <= day) and (
        unit.valid_to is None or day <= unit.valid_to
    )


def in_force_on(unit_id: int, units: Mapping[int, UnitFacts], day: date) -> int | None:
    """The unit itself if valid on `day`, else the first valid successor down its chain;
    None when the chain ends (or loops) without one."""
    seen: set[int] = set()
    current: int | None = unit_id
    while current is not None and current not in seen:
        seen.add(current)
        unit = units.get(current)
        if unit is None:
            return None
        if valid_on(unit, day):
            return current
        current = unit.successor_id
    return None


def reporting_on(unit_ids: Iterable[int], units: Mapping[int, UnitFacts], day: date) -> list[int]:
    """The units that answer for `unit_ids` on `day`: each in force, in the given order,
    duplicates dropped (two merged units report once, through their successor)."""
    found: list[int] = []
    for uid in unit_ids:
        current = in_force_on(uid, units, day)
        if current is not None and current not in found:
            found.append(current)
    return found


class NamedUnit(UnitFacts, Protocol):
    @property
    def name(self) -> str: ...


def ceased_from(unit: UnitFacts) -> date | None:
    """The first day the unit no longer exists (the day after `valid_to`), None if open."""
    return unit.valid_to + timedelta(days=1) if unit.valid_to is not None else None


def check_validity(unit: NamedUnit, units: Mapping[int, NamedUnit]) -> None:
    """Refuse (models.errors.Invalid, naming the field) a unit whose validity or successor
    is inconsistent: dates out of order; a successor missing, the unit itself, not in force
    the day after the unit ends, or leading back to the unit; a successor without an end
    date; or a unit that its predecessors hand over to while it is not in force then.
    `unit` carries the values about to be stored; `units` the others (its own old row, if
    there, is ignored)."""
    others: dict[int, NamedUnit] = dict(units)
    if unit.id is not None:
        others[unit.id] = unit
    if (
        unit.valid_from is not None
        and unit.valid_to is not None
        and unit.valid_to < unit.valid_from
    ):
        raise Invalid(
            "Ngày hết hiệu lực phải cùng hoặc sau ngày bắt đầu hiệu lực "
            f"({short_date(unit.valid_from)}).",
            field="valid_to",
        )
    if unit.successor_id is not None:
        if unit.successor_id == unit.id:
            raise Invalid("Đơn vị kế thừa không được là chính đơn vị này.", field="successor_id")
        successor = others.get(unit.successor_id)
        if successor is None:
            raise Invalid(
                f"Không tìm thấy đơn vị kế thừa #{unit.successor_id}.", field="successor_id"
            )
        if unit.valid_to is None:
            raise Invalid(
                "Đơn vị có đơn vị kế thừa phải có ngày hết hiệu lực (ngày cuối cùng hoạt động).",
                field="valid_to",
            )
        handover = unit.valid_to + timedelta(days=1)
        if not valid_on(successor, handover):
            raise Invalid(
                f"Đơn vị kế thừa “{successor.name}” phải có hiệu lực từ ngày "
                f"{short_date(handover)}, ngày sau khi đơn vị này thôi hoạt động.",
                field="successor_id",
            )
        chain = [successor.name]
        current: NamedUnit | None = successor
        seen: set[int] = set()
        while current is not None and current.successor_id is not None:
            if current.successor_id == unit.id:
                raise Invalid(
                    "Đơn vị kế thừa tạo thành vòng lặp: "
                    f"{' → '.join(f'“{n}”' for n in chain)} → lại chính đơn vị này.",
                    field="successor_id",
                )
            if current.successor_id in seen:
                break  # a loop among the others, not through this unit: theirs to fix
            seen.add(current.successor_id)
            current = others.get(current.successor_id)
            if current is not None:
                chain.append(current.name)
    if unit.id is None:
        return
    for before in others.values():
        if before.successor_id != unit.id or before.id == unit.id or before.valid_to is None:
            continue
        handover = before.valid_to + timedelta(days=1)
        if not valid_on(unit, handover):
            raise Invalid(
                f"Đơn vị “{before.name}” chuyển nhiệm vụ cho đơn vị này từ ngày "
                f"{short_date(handover)}: đơn vị này phải có hiệu lực vào ngày đó.",
                field="valid_from"
                if unit.valid_from and unit.valid_from > handover
                else "valid_to",
            )


def ceased_note(unit: UnitFacts, successor_name: str | None) -> str:
    """ "Đã thôi hoạt động từ 01/7/2025, kế thừa: …" — how lists and history pages mark a
    unit no longer in force."""
    since = ceased_from(unit)
    note = f"Đã thôi hoạt động từ {short_date(since)}" if since else "Đã thôi hoạt động"
    return f"{note}, kế thừa: {successor_name}" if successor_name else note
