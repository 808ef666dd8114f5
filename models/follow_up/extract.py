"""The follow-up duties a signed directive states, read from its text (issue 12, item 1). Pure.

A directive's last paragraphs usually say who reports, how often, to whom and through whom
("Định kỳ hằng quý, sáu tháng, chín tháng và năm, các cấp ủy, chính quyền … báo cáo … về Ban
Thường vụ Tỉnh ủy (qua Ban Dân vận Tỉnh ủy)"), who holds briefing conferences and how often
("hội nghị giao ban … ít nhất 01 lần/quý") and when the reviews come ("sau 3 năm sơ kết").
`suggest_plan` finds these so the officer confirms a pre-filled plan instead of typing it;
what the text does not state is left to the defaults, flagged as such.

Matching is done on a key of the text without diacritics, in lower case (the same length as
the text, character for character), so text typed without accents, or decomposed (NFD),
reads the same; names are cut from the original text at the key's positions.
"""

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, timedelta

from models.follow_up.calendar import CADENCE_LABELS, DEFAULT_CUTOFF_DAY
from models.text import clean

KINDS = tuple(CADENCE_LABELS)  # the reporting calendar's period kinds, in year order
DEFAULT_DUE_WORKING_DAYS = 5
# When the text orders a review without saying when: the sơ kết half-way through a term,
# the tổng kết at its end (five years), counted from the year of issuance.
DEFAULT_SO_KET_AFTER = 2
DEFAULT_TONG_KET_AFTER = 5

# Briefing frequencies (models/follow_up/plan.Every): month, quarter, half-year, year.
EVERY = ("thang", "quy", "6-thang", "nam")


@dataclass(frozen=True)
class Quote:
    """One sentence of the text and the duty read from it, to show the officer why."""

    duty: str  # "Kỳ báo cáo", "Giao ban", "Sơ kết" …
    text: str


@dataclass(frozen=True)
class BriefingDuty:
    """A hội nghị giao ban the text orders: who holds it, how often, at least how many."""

    who: str  # as written: "Thường trực huyện, thị, thành ủy"
    every: str  # one of EVERY
    times: int = 1
    # The kind of units meant (Unit.category) when the text names a kind, not one body.
    category: str = ""


@dataclass(frozen=True)
class PlanSuggestion:
    cadence: list[str] = field(default_factory=list)  # KINDS, in year order
    report_to: str = ""  # "Ban Thường vụ Tỉnh ủy"
    report_through: str = ""  # "Ban Dân vận Tỉnh ủy"
    reporters: list[str] = field(default_factory=list)  # ["cấp ủy", "chính quyền", …]
    # Unit categories the reporters name; `all_units`: the text names every body and locality.
    categories: list[str] = field(default_factory=list)
    all_units: bool = False
    stated_due: tuple[int, int] | None = None  # (day, month) of "trước ngày 15/12"
    cutoff_day: int = DEFAULT_CUTOFF_DAY
    due_working_days: int = DEFAULT_DUE_WORKING_DAYS
    briefings: list[BriefingDuty] = field(default_factory=list)
    first_year: int = 0
    last_year: int = 0
    so_ket_year: int | None = None
    tong_ket_year: int | None = None
    so_ket_stated: bool = False  # the text orders a sơ kết (with or without its year)
    tong_ket_stated: bool = False
    so_ket_default: bool = False  # the year is the default, the text gives none
    tong_ket_default: bool = False
    quotes: list[Quote] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what was read but cannot be planned

    @property
    def found(self) -> bool:
        """Whether the text stated any follow-up duty at all."""
        return bool(self.quotes)


# --- the key: the text without diacritics, lower case, one character per character ---


def _base(ch: str) -> str:
    if ch in "đĐ\u00d0":
        return "d"
    decomposed = unicodedata.normalize("NFD", ch)
    return (decomposed[0] if decomposed else ch).lower()[:1] or ch


def _key(text: str) -> str:
    return "".join(_base(ch) for ch in text)


_MARKER = re.compile(r"^(?:\d{1,3}[.)]|[a-zđ]\)|[IVXLC]{1,6}[.\-–])\s+")


def _sentences(text: str) -> list[str]:
    """The text's sentences: its lines, each cut after a full stop that ends a sentence."""
    out: list[str] = []
    for line in clean(text).split("\n"):
        for part in re.split(r"(?<=[.!?])\s+(?=[^\W\d_a-z]|\d+\.\s)", line):
            # A list item's number or letter ("2. Giao …", "b) Định kỳ …") is no word of it.
            part = _MARKER.sub("", part.strip())
            if part:
                out.append(part)
    return out


# --- cadence ---

_ITEM = (
    r"(?:(?:hang|moi|tung)\s+)?"
    r"(?:quy|(?:6|sau)\s+thang(?:\s+dau\s+nam)?|(?:9|chin)\s+thang|(?:cuoi\s+)?nam|thang)"
)
_SEP = r"\s*(?:,\s*(?:va\s+|hoac\s+)?|\s+va\s+|\s+hoac\s+|/)\s*"
_CADENCE = re.compile(
    rf"\b(?:dinh\s+ky|hang|moi|tung)\b\s*(?:(?:hang|moi)\s+)?(?P<list>{_ITEM}(?:{_SEP}{_ITEM})*)\b"
)
# A sentence that orders reports (not a briefing, which has its own frequency).
_REPORTS = re.compile(r"\bbao\s+cao\b")
# A briefing conference, not "giao Ban Dân vận …" (to assign a board).
_BRIEFING = re.compile(
    r"\b(?:hoi\s+nghi|cuoc\s+hop|hop|to\s+chuc)\s+giao\s+ban\b"
    r"|\bgiao\s+ban\s+(?:dinh\s+ky|hang|nam\s+bat|tinh\s+hinh|cong\s+tac)\b"
)


def _kinds_of(items: str) -> tuple[set[str], list[str]]:
    kinds: set[str] = set()
    notes: list[str] = []
    for raw in re.split(_SEP, items):
        item = re.sub(r"^(?:hang|moi|tung)\s+", "", raw.strip())
        if item == "quy":
            kinds.update(KINDS)  # the quarters' reports: quý I, 6 tháng, 9 tháng, năm
        elif re.fullmatch(r"(?:6|sau)\s+thang(?:\s+dau\s+nam)?", item):
            kinds.update({"6-thang", "nam"})  # every six months: mid-year and the year
        elif re.fullmatch(r"(?:9|chin)\s+thang", item):
            kinds.add("9-thang")
        elif re.fullmatch(r"(?:cuoi\s+)?nam", item):
            kinds.add("nam")
        elif item == "thang":
            notes.append(
                "Văn bản yêu cầu báo cáo hằng tháng: lịch báo cáo chỉ có các kỳ quý I, "
                "6 tháng, 9 tháng và năm; cần thống nhất cách theo dõi hằng tháng."
            )
    return kinds, notes


# --- who, to whom, through whom ---

_ORGAN = (
    r"(?:ban|thuong\s+truc|thuong\s+vu|tinh\s+uy|thanh\s+uy|huyen\s+uy|thi\s+uy|dang\s+uy"
    r"|uy\s+ban|ubnd|van\s+phong|cap\s+uy|hoi\s+dong|mat\s+tran|so\s+(?!lieu\b|voi\b))"
)
_TO = re.compile(
    rf"\b(?:gui\s+)?(?:ve|len|cho|den)\s+(?P<to>{_ORGAN}[^,;.()]*?)\s*(?=\(|,|;|\.|\bqua\b|\btruoc\b|\bde\b|$)"
)
_THROUGH = re.compile(rf"\(?\bqua\s+(?P<via>{_ORGAN}[^,;.()]*?)\s*(?=\)|,|;|\.|\btruoc\b|\bde\b|$)")
_DUE = re.compile(
    r"\b(?:truoc|cham\s+nhat(?:\s+la)?|khong\s+muon\s+hon)\s+ngay\s+(?P<d>\d{1,2})\s*/\s*(?P<m>\d{1,2})\b"
)
_CUTOFF = re.compile(
    r"\b(?:so\s+lieu\s+(?:tinh\s+den|chot\s+(?:den\s+)?)|chot\s+so\s+lieu\s+(?:den\s+)?)ngay\s+(?P<d>\d{1,2})\b"
)
_LEAD = re.compile(r"^(?:(?:de\s+nghi|yeu\s+cau|giao(?:\s+cho)?|cac|nhung|toan\s+the)\s+)+")
# Reporter words → unit categories (Unit.category: data, the ones the offices use).
_CATEGORY_WORDS = [
    (re.compile(r"\b(?:huyen|thi|thanh)(?:\s+uy|,)"), "huyen-uy"),
    (re.compile(r"\bdang\s+uy\s+truc\s+thuoc\b"), "dang-uy-truc-thuoc"),
    (re.compile(r"\bcap\s+uy\b"), "huyen-uy"),
    (re.compile(r"\bcap\s+uy\b|\bto\s+chuc\s+dang\b"), "dang-uy-truc-thuoc"),
    (
        re.compile(r"\bchinh\s+quyen\b|\bso,\s*nganh\b|\bubnd\b|\buy\s+ban\s+nhan\s+dan\b"),
        "chinh-quyen",
    ),
    (re.compile(r"\bmat\s+tran\b"), "mat-tran"),
    (re.compile(r"\bdoan\s+the\b|\bto\s+chuc\s+chinh\s+tri\s*-\s*xa\s+hoi\b"), "doan-the"),
    (re.compile(r"\bcac\s+ban\b|\bban\s+dang\b|\bban\s+xay\s+dung\s+dang\b"), "ban-dang"),
]
# Words naming every body and locality, not a kind of them.
_ALL = re.compile(r"\b(?:co\s+quan|don\s+vi|dia\s+phuong|cac\s+cap,\s*cac\s+nganh)\b")


def _cut(sentence: str, start: int, end: int) -> str:
    return sentence[start:end].strip(" ,;:.()")


def _reporters(sentence: str, key: str, before: int, after: int) -> list[str]:
    """Who reports: the words before "báo cáo" (after the cadence, when it comes first)."""
    span = key[after:before]
    lead = _LEAD.match(span.lstrip(" ,"))
    offset = after + (len(span) - len(span.lstrip(" ,"))) + (lead.end() if lead else 0)
    text = sentence[offset:before].strip(" ,;:")
    parts = [p.strip() for p in re.split(r",|\s+và\s+|\s+va\s+", text) if p.strip()]
    return [re.sub(r"^(?:các|cac)\s+", "", p) for p in parts]


def _categories(words: str) -> tuple[list[str], bool]:
    key = _key(words)
    found = [cat for pattern, cat in _CATEGORY_WORDS if pattern.search(key)]
    return list(dict.fromkeys(found)), bool(_ALL.search(key))


# --- briefings ---

_PERIOD_WORDS = {"thang": "thang", "quy": "quy", "nam": "nam"}
_NUMBER = {"mot": 1, "hai": 2, "ba": 3, "bon": 4, "tu": 4, "nam": 5, "sau": 6}
_N = r"(?P<n>\d{1,2}|mot|hai|ba|bon)"
_P = r"(?P<p>thang|quy|nam)"
_FREQUENCIES = [
    re.compile(rf"{_N}\s+lan\s*/\s*{_P}\b"),  # 01 lần/quý
    re.compile(rf"\b{_P}\s*/\s*{_N}\s+lan\b"),  # quý/01 lần
    re.compile(rf"\bmoi\s+{_P}\s+(?:it\s+nhat\s+)?{_N}\s+lan\b"),  # mỗi quý một lần
    re.compile(rf"\b(?P<half>6|sau)\s+thang\s+(?:it\s+nhat\s+)?{_N}\s+lan\b"),  # 6 tháng 1 lần
    re.compile(rf"\b(?:hang|moi|dinh\s+ky(?:\s+hang)?)\s+{_P}\b"),  # hằng quý
]
_HOLDER = re.compile(
    r"(?:^|[,;:]\s*)(?:yeu\s+cau|giao(?:\s+cho)?|de\s+nghi)\s+(?P<who>.+?)\s+(?:chu\s+tr[iu]|to\s+chuc|phoi\s+hop)\b"
)
_HOLDER_START = re.compile(r"^\s*(?P<who>.+?)\s+(?:chu\s+tr[iu]|to\s+chuc)\b")


def _frequency(key: str) -> tuple[str, int] | None:
    for pattern in _FREQUENCIES:
        m = pattern.search(key)
        if m is None:
            continue
        groups = m.groupdict()
        n = groups.get("n")
        times = int(n) if n and n.isdigit() else _NUMBER.get(n or "", 1)
        if groups.get("half"):
            return "6-thang", max(times, 1)
        return _PERIOD_WORDS[groups["p"]], max(times, 1)
    return None


def _briefing(sentence: str, key: str) -> BriefingDuty | None:
    freq = _frequency(key)
    if freq is None:
        return None
    m = _HOLDER.search(key) or _HOLDER_START.search(key)
    who = sentence[m.start("who") : m.end("who")].strip(" ,;:") if m else ""
    who = re.sub(r"^(?:cấp tỉnh|cấp huyện|cap tinh|cap huyen)\s*,\s*", "", who, flags=re.I)
    cats, _ = _categories(who)
    category = "huyen-uy" if "huyen-uy" in cats else ""
    return BriefingDuty(who=who, every=freq[0], times=freq[1], category=category)


# --- reviews ---

_AFTER_YEARS = re.compile(r"\bsau\s+(?P<n>\d{1,2}|mot|hai|ba|bon|nam|sau)\s+nam\b")
_YEARS_OF = re.compile(r"\b(?P<n>\d{1,2}|mot|hai|ba|bon|nam)\s+nam\s+thuc\s+hien\b")
_IN_YEAR = re.compile(
    r"\b(?:nam|vao\s+nam|cuoi\s+nam|dau\s+nam|den\s+nam|trong\s+nam)\s+(?P<y>(?:19|20)\d{2})\b"
)
_REVIEW = re.compile(r"\b(?P<what>so\s+ket|tong\s+ket)\b")
# A review of this directive, not the routine "thường xuyên tổng kết" of the body's tasks:
# the sentence names the directive ("Chỉ thị", "chỉ thị này"), a period or its timing.
_THIS_DIRECTIVE = re.compile(
    r"\b(?:Chỉ thị|Chi thi|CHỈ THỊ|CHI THI)\b|\bchỉ thị này\b|\bchi thi nay\b"
)
_TIMED = re.compile(r"\b(?:dinh\s+ky|theo\s+quy\s+dinh|sau\s+\S+\s+nam|nam\s+(?:19|20)\d{2})\b")


def _count(word: str) -> int:
    return int(word) if word.isdigit() else _NUMBER.get(word, 0)


def _review_years(key: str, issued_year: int) -> dict[str, int | None]:
    """The year each review the sentence names falls in: a number of years before the word
    (since the previous review word) or just after it, or a year written out."""
    found: dict[str, int | None] = {}
    hits = list(_REVIEW.finditer(key))
    for i, hit in enumerate(hits):
        what = "so_ket" if hit.group("what").startswith("so") else "tong_ket"
        back = key[hits[i - 1].end() if i else 0 : hit.start()]
        ahead_end = hits[i + 1].start() if i + 1 < len(hits) else len(key)
        # Ahead: the same clause only ("sơ kết 3 năm thực hiện", "sơ kết vào năm 2026").
        ahead = re.split(r"[,;.]", key[hit.end() : ahead_end], maxsplit=1)[0]
        year: int | None = None
        for text, pick in ((ahead, 0), (back, -1)):
            years = list(_IN_YEAR.finditer(text))
            counts = list(_AFTER_YEARS.finditer(text)) + list(_YEARS_OF.finditer(text))
            if years:
                year = int(years[pick].group("y"))
            elif counts and (n := _count(counts[pick].group("n"))):
                year = issued_year + n
            if year is not None:
                break
        if found.get(what) is None:
            found[what] = year
    return found


# --- putting it together ---


def _weekdays_between(start: date, end: date) -> int:
    """Monday–Friday days in (start, end]: an estimate of working days (the calendar, with
    the holidays, is models/follow_up/calendar.py's; the officer checks the plan)."""
    n, day = 0, start
    while day < end:
        day += timedelta(days=1)
        n += day.weekday() < 5
    return n


def suggest_plan(text: str, *, issued_on: date) -> PlanSuggestion:
    """The follow-up duties `text` states, with defaults for the rest (see the flags)."""
    cadence: set[str] = set()
    report_to = report_through = ""
    reporters: list[str] = []
    stated_due: tuple[int, int] | None = None
    cutoff: int | None = None
    briefings: list[BriefingDuty] = []
    reviews: dict[str, int | None] = {}
    quotes: list[Quote] = []
    notes: list[str] = []
    for sentence in _sentences(text):
        key = _key(sentence)
        if _BRIEFING.search(key) and (duty := _briefing(sentence, key)) is not None:
            briefings.append(duty)
            quotes.append(Quote("Hội nghị giao ban", sentence))
            continue
        if _REPORTS.search(key):
            said = False
            report_at = _REPORTS.search(key)
            assert report_at is not None
            # The cadence: before "báo cáo" or after it ("báo cáo … hằng năm").
            last_end = 0
            for m in _CADENCE.finditer(key):
                kinds, why = _kinds_of(m.group("list"))
                if kinds or why:
                    cadence |= kinds
                    notes += why
                    said = True
                    if m.end() <= report_at.start():
                        last_end = m.end()
            if (due := _DUE.search(key)) is not None:
                day, month = int(due.group("d")), int(due.group("m"))
                if 1 <= day <= 31 and 1 <= month <= 12:
                    stated_due = (day, month)
                    said = True
                    if not cadence and not _CADENCE.search(key):
                        cadence.add("nam")  # a date in the year and no other cadence
            if (cut := _CUTOFF.search(key)) is not None and 1 <= int(cut.group("d")) <= 28:
                cutoff = int(cut.group("d"))
                said = True
            if said:
                if not reporters:
                    reporters = _reporters(sentence, key, report_at.start(), last_end)
                if (to := _TO.search(key, report_at.end())) is not None and not report_to:
                    report_to = _cut(sentence, to.start("to"), to.end("to"))
                if (via := _THROUGH.search(key)) is not None and not report_through:
                    report_through = _cut(sentence, via.start("via"), via.end("via"))
                quotes.append(Quote("Kỳ báo cáo", sentence))
        if _REVIEW.search(key) and (_THIS_DIRECTIVE.search(sentence) or _TIMED.search(key)):
            for what, year in _review_years(key, issued_on.year).items():
                if reviews.get(what) is None:
                    reviews[what] = year
            quotes.append(Quote("Sơ kết, tổng kết", sentence))

    # The first year asked: the year of issuance, unless its annual cut-off has passed.
    first_year = issued_on.year + (issued_on > date(issued_on.year, 12, DEFAULT_CUTOFF_DAY))
    so_ket_stated, tong_ket_stated = "so_ket" in reviews, "tong_ket" in reviews
    so_ket = reviews.get("so_ket")
    tong_ket = reviews.get("tong_ket")
    so_ket_default = tong_ket_default = False
    if tong_ket is None:
        tong_ket, tong_ket_default = issued_on.year + DEFAULT_TONG_KET_AFTER, True
    if so_ket is None and (so_ket_stated or not tong_ket_stated):
        so_ket, so_ket_default = min(issued_on.year + DEFAULT_SO_KET_AFTER, tong_ket), True
    if so_ket is not None and so_ket >= tong_ket:
        so_ket, so_ket_default = None, False
        notes.append("Năm sơ kết không trước năm tổng kết: chỉ giữ tổng kết.")
    cutoff_day, due_days = cutoff or DEFAULT_CUTOFF_DAY, DEFAULT_DUE_WORKING_DAYS
    if stated_due is not None:
        day, month = stated_due
        # A due date in a period's last month: the cut-off a week before it at the latest.
        if cutoff is None and day <= DEFAULT_CUTOFF_DAY:
            cutoff_day = max(1, day - 7)
        if day > cutoff_day:
            try:
                ref = date(first_year, month, cutoff_day)
                due_days = max(1, _weekdays_between(ref, ref.replace(day=day)))
            except ValueError:
                pass
    categories, all_units = _categories(", ".join(reporters))
    return PlanSuggestion(
        cadence=[k for k in KINDS if k in cadence],
        report_to=report_to,
        report_through=report_through,
        reporters=reporters,
        categories=categories,
        all_units=all_units,
        stated_due=stated_due,
        cutoff_day=cutoff_day,
        due_working_days=due_days,
        briefings=briefings,
        first_year=first_year,
        last_year=max(first_year, tong_ket),
        so_ket_year=so_ket,
        tong_ket_year=tong_ket,
        so_ket_stated=so_ket_stated,
        tong_ket_stated=tong_ket_stated,
        so_ket_default=so_ket_default,
        tong_ket_default=tong_ket_default,
        quotes=quotes,
        notes=list(dict.fromkeys(notes)),
    )
