"""What changed between two versions of a draft, as operations a tracked-changes document
is written from (documents/comparison.py). Pure: no I/O, no database.

Sections are aligned by their key (stable across versions, models/sections.py); inside a
section, lines (the document's paragraphs) are aligned, and a line kept but edited is diffed
word by word. Every operation keeps both texts: the equal and deleted pieces, in order, are
the older text; the equal and inserted pieces are the newer one.
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Literal

Kind = Literal["equal", "insert", "delete"]
# Words, runs of punctuation, runs of spaces (a comma added after a word is not the word
# replaced); joined again they give the text back exactly.
_TOKENS = re.compile(r"\w+|[^\w\s]+|\s+")


@dataclass(frozen=True)
class WordOp:
    kind: Kind
    text: str


@dataclass(frozen=True)
class LineOp:
    """One paragraph: kept (equal), edited (ops mix kinds), or wholly inserted or deleted."""

    kind: Literal["equal", "modify", "insert", "delete"]
    ops: tuple[WordOp, ...]

    @property
    def old(self) -> str:
        return "".join(o.text for o in self.ops if o.kind != "insert")

    @property
    def new(self) -> str:
        return "".join(o.text for o in self.ops if o.kind != "delete")


@dataclass(frozen=True)
class SectionText:
    key: str
    heading: str
    text: str
    level: str = ""


@dataclass(frozen=True)
class SectionChange:
    """A section as the comparison shows it, in reading order.

    status: unchanged | modified | added | removed | moved-from (its old place, all deleted)
    | moved-to (its new place, all inserted). A moved section appears twice so that
    rejecting every change gives the older order back."""

    key: str
    heading: str
    status: str
    lines: tuple[LineOp, ...]
    level: str = ""


def word_ops(old: str, new: str) -> list[WordOp]:
    """Word-level operations turning `old` into `new` (adjacent ones of a kind merged)."""
    a, b = _TOKENS.findall(old), _TOKENS.findall(new)
    out: list[WordOp] = []

    def add(kind: Kind, tokens: Sequence[str]) -> None:
        text = "".join(tokens)
        if not text:
            return
        if out and out[-1].kind == kind:
            out[-1] = WordOp(kind, out[-1].text + text)
        else:
            out.append(WordOp(kind, text))

    for tag, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            add("equal", a[i1:i2])
            continue
        # A replacement is written deleted-then-inserted, as Word shows it.
        add("delete", a[i1:i2])
        add("insert", b[j1:j2])
    return out


def _whole(kind: Literal["insert", "delete"], line: str) -> LineOp:
    return LineOp(kind, (WordOp(kind, line),) if line else ())


def line_ops(old: str, new: str) -> list[LineOp]:
    """Paragraph operations: lines aligned, the lines of a replaced block paired in order and
    diffed by words, the unpaired rest inserted or deleted whole."""
    a, b = old.split("\n") if old else [], new.split("\n") if new else []
    out: list[LineOp] = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            out += [LineOp("equal", (WordOp("equal", x),) if x else ()) for x in a[i1:i2]]
            continue
        paired = min(i2 - i1, j2 - j1)
        out += [LineOp("modify", tuple(word_ops(a[i1 + k], b[j1 + k]))) for k in range(paired)]
        out += [_whole("delete", x) for x in a[i1 + paired : i2]]
        out += [_whole("insert", x) for x in b[j1 + paired : j2]]
    return out


def _all(kind: Literal["insert", "delete"], text: str) -> tuple[LineOp, ...]:
    return tuple(_whole(kind, x) for x in text.split("\n")) if text else ()


def compare_sections(old: Sequence[SectionText], new: Sequence[SectionText]) -> list[SectionChange]:
    """The sections of both versions in reading order, aligned by key (each version's keys
    are unique). A key kept in order is compared line by line; a key out of order is moved:
    deleted where it was, inserted where it is."""
    old_keys, new_keys = [s.key for s in old], [s.key for s in new]
    in_old, in_new = set(old_keys), set(new_keys)
    out: list[SectionChange] = []
    matcher = SequenceMatcher(None, old_keys, new_keys, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            for s, t in zip(old[i1:i2], new[j1:j2], strict=True):
                lines = tuple(line_ops(s.text, t.text))
                same = all(op.kind == "equal" for op in lines)
                status = "unchanged" if same else "modified"
                out.append(SectionChange(t.key, t.heading, status, lines, t.level))
            continue
        for s in old[i1:i2]:
            status = "moved-from" if s.key in in_new else "removed"
            out.append(SectionChange(s.key, s.heading, status, _all("delete", s.text), s.level))
        for t in new[j1:j2]:
            status = "moved-to" if t.key in in_old else "added"
            out.append(SectionChange(t.key, t.heading, status, _all("insert", t.text), t.level))
    return out


def changed_words(change: SectionChange) -> tuple[list[str], list[str]]:
    """The deleted and the inserted pieces of a section, trimmed, for a short summary."""
    deleted, inserted = [], []
    for line in change.lines:
        for op in line.ops:
            piece = op.text.strip()
            if piece and op.kind == "delete":
                deleted.append(piece)
            elif piece and op.kind == "insert":
                inserted.append(piece)
    return deleted, inserted
