"""A grassroots report's summary of opinions, cut into the opinions it sums up. Pure.

Committees write their summary as a line per opinion, as bullets ("- …", "+ …", "1. …",
"a) …"), or as clauses joined by ";" ("Thống nhất cao; đề nghị chú ý …"). Each clause that
asks for something becomes one row of the synthesis table, groupable like any comment; a
clause that only agrees ("Thống nhất cao", "Đa số ý kiến tán thành") is not an opinion to
answer: it stays in the committee's summary, which the grassroots part prints whole.
"""

import re

from models.text import clean, fold, search_key

MAX_OPINIONS = 200  # per report: a summary, not a transcript
MAX_CHARS = 2000

_MARKER = re.compile(r"^\s*(?:[-+•*–—▪◦]|\(?\d{1,2}[.)]|\(?[a-zđ][.)])\s+", re.IGNORECASE)
_CLAUSES = re.compile(r";\s*|(?<=[.!?])\s+(?=[A-ZÀ-ỸĐ])")
# An intro that announces the list rather than says anything ("Các ý kiến tập trung vào:").
_INTRO = re.compile(r":\s*$")
# Clauses that only agree ("Thống nhất cao", "Đa số tán thành", "Các ý kiến đều nhất trí") or
# say there is nothing more ("Không có ý kiến khác"), on the folded, accent-free text.
_AGREEING = re.compile(
    r"^(?:(?:da so|phan lon|hau het|toan the|cac)\s+)?(?:y kien\s+)?"
    r"(?:deu\s+|hoan toan\s+|co ban\s+)?(?:thong nhat|nhat tri|tan thanh|dong tinh|dong y)\b"
    r"|^khong co (?:y kien|de nghi|kien nghi)"
)
_ASKING = ("de nghi", "kien nghi", "bo sung", "lam ro", "quan tam", "chu y", "sua doi")


def _sentence(text: str) -> str:
    text = text.strip(" ,;.")
    if not text:
        return ""
    text = text[0].upper() + text[1:]
    return text if text[-1] in ".!?…" else text + "."


def _only_agrees(clause: str) -> bool:
    key = search_key(clause)
    if any(word in key for word in _ASKING):
        return False
    return _AGREEING.match(key) is not None


def _pieces(summary: str) -> list[str]:
    """Bullets and lines first (a continuation line joins its bullet), then clauses."""
    lines = [line for line in clean(summary).split("\n") if line.strip()]
    marked = any(_MARKER.match(line) for line in lines)
    items: list[str] = []
    for line in lines:
        if marked and not _MARKER.match(line) and items and not _INTRO.search(items[-1]):
            items[-1] += " " + line.strip()
        else:
            items.append(_MARKER.sub("", line, count=1))
    clauses: list[str] = []
    for item in items:
        if _INTRO.search(item):
            continue
        clauses += [c for c in _CLAUSES.split(item) if c.strip()]
    return clauses


def opinions_of(summary: str) -> list[str]:
    """The opinions a summary sums up, in its order, each a sentence; agreeing clauses and
    repeats (same text, folded) dropped."""
    found: list[str] = []
    seen: set[str] = set()
    for clause in _pieces(summary):
        if _only_agrees(clause):
            continue
        text = _sentence(clause)[:MAX_CHARS]
        key = fold(text)
        if text and key not in seen:
            seen.add(key)
            found.append(text)
        if len(found) == MAX_OPINIONS:
            break
    return found
