"""Re-anchoring a comment on a newer draft version. Pure.

A comment stores its section key, the quoted text and a little context on each side (as
annotation tools do). On a new version the quote is looked for first; the key decides between
several matches; a reworded passage is matched by similarity; otherwise the comment is
orphaned (None) and shown apart, never silently put on the wrong section.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Protocol

MIN_SIMILARITY = 0.6


class SectionLike(Protocol):
    # Read-only: a frozen ParsedSection and a stored Section both qualify.
    @property
    def key(self) -> str: ...
    @property
    def text(self) -> str: ...


@dataclass(frozen=True)
class Anchor:
    section_key: str
    quote: str
    prefix: str = ""
    suffix: str = ""


def _context_score(anchor: Anchor, text: str, at: int) -> int:
    """How many context characters around the quote still match at position `at`."""
    before = text[max(0, at - len(anchor.prefix)) : at]
    after = text[at + len(anchor.quote) : at + len(anchor.quote) + len(anchor.suffix)]
    score = 0
    for a, b in zip(reversed(before), reversed(anchor.prefix), strict=False):
        if a != b:
            break
        score += 1
    for a, b in zip(after, anchor.suffix, strict=False):
        if a != b:
            break
        score += 1
    return score


def _similarity(quote: str, text: str) -> float:
    window = text[: max(len(quote) * 2, 200)]
    return SequenceMatcher(None, quote, window, autojunk=False).ratio()


def reanchor(anchor: Anchor, sections: Sequence[SectionLike]) -> str | None:
    """The key of the section of `sections` this comment belongs to now, or None."""
    if not anchor.section_key and not anchor.quote:
        return None  # a comment on the whole draft
    if anchor.quote:
        found = [(s, s.text.find(anchor.quote)) for s in sections]
        found = [(s, at) for s, at in found if at >= 0]
        if found:
            best = max(
                found,
                key=lambda f: (
                    f[0].key == anchor.section_key,
                    _context_score(anchor, f[0].text, f[1]),
                ),
            )
            return best[0].key
        scored = [(s, _similarity(anchor.quote, s.text)) for s in sections]
        scored = [x for x in scored if x[1] >= MIN_SIMILARITY]
        if scored:
            best_s = max(scored, key=lambda x: (x[1], x[0].key == anchor.section_key))
            return best_s[0].key
        return None
    same = [s for s in sections if s.key == anchor.section_key]
    return same[0].key if same else None
