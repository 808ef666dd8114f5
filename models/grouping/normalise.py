"""What a comment is compared by: its folded key (NFC, case, diacritics, Đ/Ð: the search
key of models/text.py) without punctuation and without the stock openers and closers of
models/grouping/stock.py; and the distinguishing terms it names."""

import re
import unicodedata
from functools import lru_cache

from models.grouping import stock

_PUNCT = re.compile(r"[^\w\s]+")
_MARKS = re.compile("[\u0300-\u036f]+")  # combining marks: Vietnamese tones and shapes
_D = str.maketrans({"đ": "d", "Đ": "d", "\u00d0": "d"})


def key_of(text: str) -> str:
    """Folded words only: case, accents, Đ and punctuation gone."""
    # models/text.search_key's folding (case, accents, Đ/Ð), without its input cleaning:
    # stored comments are clean already, and this runs on every text of a 100,000 grouping.
    folded = _MARKS.sub("", unicodedata.normalize("NFD", text.translate(_D))).casefold()
    return " ".join(_PUNCT.sub(" ", folded).split())


@lru_cache(maxsize=1)
def _stock() -> tuple[tuple[str, ...], tuple[str, ...]]:
    return tuple(key_of(o) for o in stock.OPENERS), tuple(key_of(c) for c in stock.CLOSERS)


def normalise(text: str) -> str:
    """The folded text without its stock opener and closer (each tried once, repeatedly
    while one matches: "Đề nghị ban soạn thảo xem xét, bổ sung … cho phù hợp")."""
    key = key_of(text)
    openers, closers = _stock()
    changed = True
    while changed and key:
        changed = False
        for o in openers:
            if key == o or key.startswith(o + " "):
                key, changed = key[len(o) + 1 :], True
                break
        for c in closers:
            if key == c:
                key, changed = "", True
            elif key.endswith(" " + c):
                key, changed = key[: -len(c) - 1], True
                break
    return key


@lru_cache(maxsize=1)
def _terms() -> dict[str, list[tuple[str, re.Pattern[str]]]]:
    return {
        family: [
            (name, re.compile(r"\b(?:" + "|".join(re.escape(key_of(w)) for w in words) + r")\b"))
            for name, words in members
        ]
        for family, members in stock.DISTINGUISHING.items()
    }


def signature(key: str) -> dict[str, str]:
    """Per family of distinguishing terms, the members a normalised text names ("" none),
    e.g. {"body": "mattran", "period": ""}."""
    out: dict[str, str] = {}
    for family, members in _terms().items():
        out[family] = "+".join(name for name, pattern in members if pattern.search(key))
    return out
