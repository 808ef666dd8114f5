"""Briefing duties (hội nghị giao ban), pure: who owes one in a quarter under the plan, and
who has not held it.

A plan's `briefings` entries name the units by id ({"unit_ids": [...], "every": "quy"}) or by
kind ({"category": "huyen-uy", "every": "quy"}: every reporting unit of that kind; Chỉ thị 22:
"Ban Thường vụ các huyện ủy, thị ủy, thành ủy tổ chức giao ban ít nhất mỗi quý một lần").
"every" is "quy" (each quarter) or "nam" (once a year); an entry without it is quarterly.
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

EVERY_LABELS = {"quy": "mỗi quý", "nam": "mỗi năm"}
ROMAN = ("I", "II", "III", "IV")


def quarter_label(year: int, q: int) -> str:
    return f"Quý {ROMAN[q - 1]} năm {year}"


def quarter_bounds(year: int, q: int) -> tuple[date, date]:
    first = date(year, 3 * q - 2, 1)
    last = date(year + 1, 1, 1) if q == 4 else date(year, 3 * q + 1, 1)
    return first, date.fromordinal(last.toordinal() - 1)


@dataclass(frozen=True)
class Duty:
    unit_id: int
    every: str  # "quy" | "nam"


def duties(
    entries: Iterable[Mapping[str, Any]],
    reporting: Sequence[tuple[int, str]],
) -> list[Duty]:
    """The units owing a briefing: (unit id, category) of the plan's reporting units resolve
    the entries by kind; a unit named by several entries owes the most frequent one."""
    owed: dict[int, str] = {}
    for entry in entries:
        every = entry.get("every") or "quy"
        if every not in EVERY_LABELS:
            continue
        ids: list[int] = []
        if entry.get("unit_ids"):
            ids = [
                int(i) for i in entry["unit_ids"] if isinstance(i, int | str) and str(i).isdigit()
            ]
        elif entry.get("category"):
            ids = [uid for uid, cat in reporting if cat == entry["category"]]
        for uid in ids:
            if owed.get(uid) != "quy":
                owed[uid] = every
    return [Duty(uid, every) for uid, every in owed.items()]


def not_held(
    owed: Iterable[Duty], held: Iterable[tuple[int, date]], year: int, q: int
) -> list[int]:
    """The units that owe a briefing in quarter `q` of `year` (or, yearly, in that year) and
    have held none in it, in the duties' order."""
    first, last = quarter_bounds(year, q)
    in_quarter = {uid for uid, day in held if first <= day <= last}
    in_year = {uid for uid, day in held if day.year == year}
    return [
        d.unit_id for d in owed if d.unit_id not in (in_quarter if d.every == "quy" else in_year)
    ]
