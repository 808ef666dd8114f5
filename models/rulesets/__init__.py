"""Versioned rule sets for Party documents: kinds and symbols, signature forms, page layout.

Each rule set is a JSON file named by its id ("qd66-2017" = Quy định 66-QĐ/TW with Hướng dẫn
36-HD/VPTW; "qd399-2026" = Quy định 399-QĐ/TW). A directive names its rule set; a new rule set
is a new file, not a code change.
"""

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from models.errors import NotFound

HERE = Path(__file__).parent
DEFAULT = "qd66-2017"


@dataclass(frozen=True)
class RuleSet:
    id: str
    name: str
    kinds: tuple[dict[str, str], ...]
    forms: dict[str, str]
    letter_signature: dict[str, str]
    minutes_signatures: tuple[str, ...]
    page: dict[str, float]
    fonts: dict[str, float]

    @property
    def symbols(self) -> frozenset[str]:
        return frozenset(k["symbol"] for k in self.kinds)

    def kind_name(self, symbol: str) -> str:
        """ "Chỉ thị" for CT; the symbol itself when the rule set does not know it."""
        for k in self.kinds:
            if k["symbol"].upper() == symbol.upper():
                return k["name"]
        return symbol


def names() -> list[str]:
    return sorted(p.stem for p in HERE.glob("*.json"))


@cache
def load(name: str = DEFAULT) -> RuleSet:
    path = HERE / f"{name}.json"
    if name not in names():  # also keeps "../x" out
        raise NotFound(f"Không có bộ quy định văn bản “{name}”.")
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return RuleSet(
        id=data["id"],
        name=data["name"],
        kinds=tuple(data["kinds"]),
        forms=dict(data["forms"]),
        letter_signature=dict(data["letter_signature"]),
        minutes_signatures=tuple(data["minutes_signatures"]),
        page=dict(data["page"]),
        fonts=dict(data["fonts"]),
    )


def all_forms() -> tuple[str, ...]:
    """Every signature form any rule set knows (T/M, K/T, T/L), in first-seen order."""
    seen: dict[str, None] = {}
    for name in names():
        seen.update(dict.fromkeys(load(name).forms))
    return tuple(seen)


def all_symbols() -> frozenset[str]:
    return frozenset().union(*(load(n).symbols for n in names()))


def canonical_kind(symbol: str) -> str | None:
    """The rule sets' own spelling of a kind symbol ("CTR" → "CTr"); None when unknown."""
    wanted = symbol.strip().upper()
    for name in names():
        for s in load(name).symbols:
            if s.upper() == wanted:
                return s
    return None
