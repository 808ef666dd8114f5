"""Vietnamese public holidays and compensatory days off, as data: one JSON file per year in
the `holidays/` folder beside this module (see its README: offices update the files when the
yearly notice is published; no code change). Working-day arithmetic is in calendar.py.
"""

import json
from collections.abc import Iterable
from datetime import date
from functools import cache
from pathlib import Path

DATA = Path(__file__).parent / "holidays"


@cache
def _year(year: int) -> tuple[tuple[date, str], ...]:
    path = DATA / f"{year}.json"
    if not path.is_file():
        return ()
    raw = json.loads(path.read_text(encoding="utf-8"))
    return tuple((date.fromisoformat(d["date"]), str(d["name"])) for d in raw["days"])


def known_years() -> list[int]:
    """The years that have a data file."""
    return sorted(int(p.stem) for p in DATA.glob("*.json") if p.stem.isdigit())


def names(years: Iterable[int]) -> dict[date, str]:
    """Each day off of `years` with its name ("Tết Nguyên đán", "Nghỉ bù" …)."""
    return {d: n for y in years for d, n in _year(y)}


class Holidays(frozenset[date]):
    """The days off (besides weekends) the calendar skips: a frozenset of dates."""

    @classmethod
    def load(cls, years: Iterable[int], extra_days: Iterable[date] = ()) -> "Holidays":
        """The days off of `years` from the data files, plus `extra_days` (a body's own
        days off, or a test's). A year without a file adds nothing (see `missing`)."""
        days = {d for y in set(years) for d, _ in _year(y)}
        return cls(days | set(extra_days))

    @staticmethod
    def missing(years: Iterable[int]) -> list[int]:
        """Years with no data file: their due dates skip weekends only."""
        return sorted(y for y in set(years) if not (DATA / f"{y}.json").is_file())
