"""Differences between two draft versions, line by line, for side-by-side or inline display.

Plain data only: the template escapes every piece of text.
"""

from dataclasses import dataclass
from difflib import SequenceMatcher


@dataclass(frozen=True)
class Piece:
    text: str
    changed: bool


@dataclass(frozen=True)
class SideRow:
    tag: str  # equal | replace | delete | insert
    left: list[Piece] | None
    right: list[Piece] | None


@dataclass(frozen=True)
class InlineLine:
    op: str  # " " | "-" | "+"
    text: str


def _words(a: str, b: str) -> tuple[list[Piece], list[Piece]]:
    """Word-level marks inside one changed line."""
    wa, wb = a.split(" "), b.split(" ")
    left: list[Piece] = []
    right: list[Piece] = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, wa, wb, autojunk=False).get_opcodes():
        if i2 > i1:
            left.append(Piece(" ".join(wa[i1:i2]) + " ", tag != "equal"))
        if j2 > j1:
            right.append(Piece(" ".join(wb[j1:j2]) + " ", tag != "equal"))
    return left, right


def side_by_side(old: str, new: str) -> list[SideRow]:
    a, b = old.split("\n"), new.split("\n")
    rows: list[SideRow] = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            rows += [SideRow(tag, [Piece(x, False)], [Piece(x, False)]) for x in a[i1:i2]]
        elif tag == "replace":
            for k in range(max(i2 - i1, j2 - j1)):
                la = a[i1 + k] if i1 + k < i2 else None
                lb = b[j1 + k] if j1 + k < j2 else None
                if la is not None and lb is not None:
                    left, right = _words(la, lb)
                    rows.append(SideRow(tag, left, right))
                else:
                    rows.append(
                        SideRow(
                            tag,
                            [Piece(la, True)] if la is not None else None,
                            [Piece(lb, True)] if lb is not None else None,
                        )
                    )
        elif tag == "delete":
            rows += [SideRow(tag, [Piece(x, True)], None) for x in a[i1:i2]]
        else:
            rows += [SideRow(tag, None, [Piece(x, True)]) for x in b[j1:j2]]
    return rows


def inline(old: str, new: str) -> list[InlineLine]:
    a, b = old.split("\n"), new.split("\n")
    out: list[InlineLine] = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            out += [InlineLine(" ", x) for x in a[i1:i2]]
            continue
        out += [InlineLine("-", x) for x in a[i1:i2]]
        out += [InlineLine("+", x) for x in b[j1:j2]]
    return out
