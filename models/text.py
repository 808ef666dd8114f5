"""Vietnamese text: NFC on the way in, folding for search and duplicates, collation, dates.

Dates follow the offices' own rule (DOMAIN.md): the day is zero-padded below 10, the month
only for January and February ("04/7/2023", "18/02/2022", "ngày 07 tháng 3 năm 2022").
strftime cannot express that, so every date is formatted here and nowhere else.
"""

import re
import unicodedata
from datetime import date, datetime
from functools import lru_cache
from typing import Any

_SPACES = re.compile(r"[\u00a0\u2007\u202f\u200b\t ]+")
# Invisible format characters (Unicode category Cf) have no business in an official text:
# bidi embeddings, overrides and isolates (U+202A-202E, U+2066-2069) and marks (U+200E/F)
# make "abc" print as "cba"; U+FEFF, soft hyphens, joiners and tags hide in copied text and
# defeat duplicate detection. ZWJ/ZWNJ are dropped too: Vietnamese never needs them (they
# only shape Indic/Arabic scripts and emoji). U+200B stays a space (_SPACES). The ranges are
# every Cf character of Unicode 14 (Python 3.11); tests/rules/test_text.py checks them.
CF_RANGES = (
    (0x00AD, 0x00AD),
    (0x0600, 0x0605),
    (0x061C, 0x061C),
    (0x06DD, 0x06DD),
    (0x070F, 0x070F),
    (0x0890, 0x0891),
    (0x08E2, 0x08E2),
    (0x180E, 0x180E),
    (0x200C, 0x200F),
    (0x202A, 0x202E),
    (0x2060, 0x2064),
    (0x2066, 0x206F),
    (0xFEFF, 0xFEFF),
    (0xFFF9, 0xFFFB),
    (0x110BD, 0x110BD),
    (0x110CD, 0x110CD),
    (0x13430, 0x13438),
    (0x1BCA0, 0x1BCA3),
    (0x1D173, 0x1D17A),
    (0xE0001, 0xE0001),
    (0xE0020, 0xE007F),
)
_FORMAT = re.compile("[" + "".join(f"{chr(a)}-{chr(b)}" for a, b in CF_RANGES) + "]+")
# Line and paragraph separators (U+2028/2029, NEL) are line breaks a textarea does not show.
_SEPARATORS = re.compile("[\u2028\u2029\u0085]")
# Other control characters (C0 but tab and line breaks, DEL, C1): invisible, refused by
# PostgreSQL (NUL) and by spreadsheets, so dropped wherever text comes in.
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f]+")
# Old-style tone placement on word-final oa/oe/uy ("hoà", "uỷ") → the form the seeds mostly use.
_TONE_MOVE = {
    "oà": "òa",
    "oá": "óa",
    "oả": "ỏa",
    "oã": "õa",
    "oạ": "ọa",
    "oè": "òe",
    "oé": "óe",
    "oẻ": "ỏe",
    "oẽ": "õe",
    "oẹ": "ọe",
    "uỳ": "ùy",
    "uý": "úy",
    "uỷ": "ủy",
    "uỹ": "ũy",
    "uỵ": "ụy",
}
_TONE_RE = re.compile(r"(?<![qQ])(" + "|".join(_TONE_MOVE) + r")(?![\w])", re.IGNORECASE)


def clean(value: str | None) -> str:
    """What every input goes through: NFC, Latin Eth read as Đ, invisible format and control
    characters (bidi controls, BOM, joiners, NUL) removed, odd spaces made plain."""
    if value is None:
        return ""
    # Before NFC: a hidden character between a letter and its mark would block composition.
    text = _CONTROLS.sub("", _FORMAT.sub("", value))
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\u00d0", "\u0110")  # "Ð" typed for "Đ" in the seeds
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _SEPARATORS.sub("\n", text)
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return "\n".join(lines).strip()


def clean_line(value: str | None) -> str:
    return " ".join(clean(value).split())


def _move_tone(match: re.Match[str]) -> str:
    found = match.group(0)
    moved = _TONE_MOVE[found.lower()]
    return moved.upper() if found.isupper() else moved


def fold(value: str | None) -> str:
    """Duplicate-detection key: case, spacing and tone placement no longer matter."""
    text = " ".join(clean(value).lower().split())
    return _TONE_RE.sub(_move_tone, text)


def search_key(value: str | None) -> str:
    """Accent-insensitive key; Đ has no decomposition, so it is mapped by hand."""
    text = fold(value).replace("đ", "d")
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if unicodedata.category(c) != "Mn")


def search_text(*parts: str | None) -> str:
    """A stored search column (Comment.search_text): each part's search_key on its own line.
    A query's key never holds a line break, so a match never spans two parts."""
    return "\n".join(k for p in parts if (k := search_key(p)))


def _char_key(ch: str) -> str:
    decomposed = unicodedata.normalize("NFD", ch.lower().replace("\u00d0", "d"))
    return "".join(c for c in decomposed if unicodedata.category(c) != "Mn").replace("đ", "d")


def match_spans(text: str, query: str) -> list[tuple[int, int]]:
    """Where `query` matches in `text` as the search column matches it (case, accents and Đ
    folded; a run of spaces or line breaks counts as one space): (start, end) indexes into
    `text`, for highlighting. Approximate where folding changes a character's length."""
    key = search_key(query)
    if not key:
        return []
    folded: list[str] = []
    origin: list[int] = []  # folded character → index in text
    for i, ch in enumerate(text):
        if ch.isspace():
            if folded and folded[-1] == " ":
                continue
            ch = " "
        for k in _char_key(ch):
            folded.append(k)
            origin.append(i)
    haystack = "".join(folded)
    spans: list[tuple[int, int]] = []
    at = haystack.find(key)
    while at >= 0:
        spans.append((origin[at], origin[at + len(key) - 1] + 1))
        at = haystack.find(key, at + len(key))
    return spans


@lru_cache(maxsize=1)
def _collator() -> Any:  # icu has no type information
    import icu

    return icu.Collator.createInstance(icu.Locale("vi"))


def sort_key(value: str) -> bytes:
    """ICU's Vietnamese collation: a < ă < â, d < đ, o < ô < ơ, u < ư."""
    return _collator().getSortKey(clean(value))


def _day_month(d: date) -> tuple[str, str]:
    day = f"{d.day:02d}" if d.day < 10 else str(d.day)
    month = f"{d.month:02d}" if d.month <= 2 else str(d.month)
    return day, month


def short_date(d: date | datetime | None) -> str:
    """04/7/2023, 18/02/2022. A moment (UTC) reads as its day in Vietnam: 01:51 on 2/12
    there is still 1/12 in UTC, and a page must show the day the office lived."""
    if d is None:
        return ""
    if isinstance(d, datetime):
        from models.clock import local

        d = local(d)
    day, month = _day_month(d)
    return f"{day}/{month}/{d.year}"


def long_date(d: date | datetime) -> str:
    """ngày 07 tháng 3 năm 2022, as written in documents."""
    day, month = _day_month(d)
    return f"ngày {day} tháng {month} năm {d.year}"


def short_datetime(d: datetime | None) -> str:
    """08:30 12/7/2023, in Vietnam's time."""
    if d is None:
        return ""
    from models.clock import local

    d = local(d)
    return f"{d.hour:02d}:{d.minute:02d} {short_date(d)}"


def number(n: int) -> str:
    """6.325: a dot for thousands."""
    return f"{n:,}".replace(",", ".")


_DATE_RE = re.compile(r"^\s*(\d{1,2})/(\d{1,2})/(\d{4})\s*$")


def parse_date(value: str) -> date:
    """Read dd/mm/yyyy (or ISO yyyy-mm-dd); ValueError with a Vietnamese message otherwise."""
    value = clean_line(value)
    m = _DATE_RE.match(value)
    try:
        if m:
            return date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        return date.fromisoformat(value)
    except ValueError:
        pass
    raise ValueError(f"Ngày không hợp lệ: “{value}” (định dạng dd/mm/yyyy).")


_ABOUT = re.compile(r"^(?:v/v|về)\s+", re.IGNORECASE)


def lower_first(text: str) -> str:
    """ "Tăng cường …" → "tăng cường …", but "UBND …" stays."""
    if len(text) > 1 and text[0].isupper() and text[1].islower():
        return text[0].lower() + text[1:]
    return text


def without_about(title: str) -> str:
    """A title typed as "Về tăng cường …" or "về …": the documents write "về" themselves
    ("Chỉ thị … về tăng cường …"), so the typed one goes, never "về về"."""
    text = clean_line(title)
    while (stripped := _ABOUT.sub("", text, count=1)) != text:
        text = stripped
    return text


def bare_items(items: list[str]) -> list[str]:
    """Lines typed for a list ("- Lưu VT," "Ban Tuyên giáo;"), without their dash and end
    punctuation, blank ones dropped: what is stored, punctuated again by `listed`."""
    out = (clean_line(i).lstrip("-–+• ").rstrip(",;.").strip() for i in items)
    return [x for x in out if x]


def listed(items: list[str], *, inline_one: bool = False) -> list[str]:
    """ "Kính gửi" and "Nơi nhận" lines as the letter prints them: each "- …," and the last
    "- … ."; with `inline_one`, a single item is written on the "Kính gửi:" line itself
    ("Kính gửi: Ban Tuyên giáo Tỉnh ủy."). Whatever punctuation was typed is replaced."""
    bare = bare_items(items)
    if inline_one and len(bare) == 1:
        return [f"{bare[0]}."]
    return [f"- {x}," for x in bare[:-1]] + [f"- {x}." for x in bare[-1:]]
