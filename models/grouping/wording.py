"""A group's distinct wordings side by side: the words of a wording that the group's first
wording lacks are marked (folded words compared, so accents and case never count as a
difference). Cheap on purpose: one set per group, one pass per wording."""

import re

from models.grouping.normalise import key_of

_WORDS = re.compile(r"\S+")


def marked(text: str, reference: str) -> list[tuple[str, bool]]:
    """`text` cut into words and the spaces between them, each with True where the word is
    not in `reference` (spaces and punctuation never marked)."""
    known = set(key_of(reference).split())
    out: list[tuple[str, bool]] = []
    at = 0
    for m in _WORDS.finditer(text):
        if m.start() > at:
            out.append((text[at : m.start()], False))
        word = m.group()
        folded = key_of(word)
        out.append((word, bool(folded) and any(w not in known for w in folded.split())))
        at = m.end()
    if at < len(text):
        out.append((text[at:], False))
    return out
