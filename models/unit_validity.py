"""When a unit exists and who takes over its duties after it (issue 12, item 7). Pure.

A unit is valid from `valid_from` to `valid_to`, both days included (None: open-ended). When
it ceases (the 2025 reorganisation abolished the district level), `successor_id` names the
unit that takes over: a period asks the units valid on its cut-off day, each abolished unit
replaced by the first valid unit down its chain of successors. Records made before keep
pointing at the old unit, so a directive's history keeps the names of its day.
"""

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Protocol


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
