"""Split a draft's text into numbered sections (phần/mục/điều/khoản/điểm). Pure.

Recognised headings, outermost first: "Phần I"/Roman "I." (level phan), "Điều 3." (dieu),
"1." (khoan), "a)" (diem). Markdown "#" marks are dropped. Text before the first heading is
the preamble (key "0"). Keys are paths ("II.3.b"), stable when a later version keeps numbering.
"""

import re
from dataclasses import dataclass

from models.text import clean

_ROMAN = r"(?:X{0,3})(?:IX|IV|V?I{0,3})"
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("phan", re.compile(rf"^(?:Phần|PHẦN|Mục|MỤC)?\s*({_ROMAN})[.\-–]\s+(.+)$")),
    ("dieu", re.compile(r"^(?:Điều|ĐIỀU)\s+(\d{1,3})[.:]?\s*(.*)$")),
    ("khoan", re.compile(r"^(\d{1,3})[.)]\s+(.+)$")),
    ("diem", re.compile(r"^([a-zđ])\)\s+(.+)$")),
]
_DEPTH = {"phan": 0, "dieu": 1, "khoan": 2, "diem": 3}


@dataclass(frozen=True)
class ParsedSection:
    ordinal: int
    key: str
    level: str
    heading: str
    text: str


def _match(line: str) -> tuple[str, str, str] | None:
    for level, pattern in _PATTERNS:
        m = pattern.match(line)
        if m and m.group(1):
            return level, m.group(1), m.group(2).strip()
    return None


def split_sections(text: str) -> list[ParsedSection]:
    path: list[tuple[str, str]] = []  # (level, label), outermost first
    parts: list[tuple[str, str, str, list[str]]] = []  # key, level, heading, lines
    for raw in clean(text).split("\n"):
        line = raw.lstrip("#").strip()
        if not line:
            continue
        found = _match(line)
        if found is None:
            if not parts:
                parts.append(("0", "doan", "", []))
            parts[-1][3].append(line)
            continue
        level, label, _rest = found
        depth = _DEPTH[level]
        path = [p for p in path if _DEPTH[p[0]] < depth] + [(level, label)]
        key = ".".join(lbl for _, lbl in path)
        # Numbering restarted without a parent heading: keep keys unique with a suffix.
        taken = {p[0] for p in parts}
        unique, n = key, 2
        while unique in taken:
            unique, n = f"{key}~{n}", n + 1
        parts.append((unique, level, line, [line]))
    return [
        ParsedSection(ordinal=i + 1, key=k, level=lv, heading=h, text="\n".join(body))
        for i, (k, lv, h, body) in enumerate(parts)
    ]


def section_label(key: str, heading: str) -> str:
    """How a section is named in a list: its key, then its heading without the numeral the
    heading already carries ("II.1" and "1. Tăng cường …" → "II.1. Tăng cường …", never
    "II.1. 1. …"; "I" and "I. TÌNH HÌNH" → "I. TÌNH HÌNH")."""
    shown = key.split("~")[0]
    text = clean(heading)
    found = _match(text)
    own = shown.split(".")[-1]
    if found is not None and found[1] == own:
        text = found[2]
    return f"{shown}. {text}" if text else shown
