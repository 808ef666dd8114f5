"""The "Nơi nhận" of an issued document, in the convention's order. Pure.

Superiors come first and are informed "(để báo cáo)", never told to implement; then the
bodies that implement the document; then the other lines typed by the văn thư; the archive
line ("- Lưu Văn phòng …") is always last and ends with ".". The DOCX/PDF writer and the
issuance mail both read this one list, so the document and the mail never disagree.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace

from models.text import clean_line, fold, search_key

REPORT = "để báo cáo"
DEFAULT_ARCHIVE = "Lưu Văn phòng"
# What a typed line carries when the văn thư marks a superior: "(để báo cáo)", "(để b/c)",
# "(b/c)", "(báo cáo)".
_REPORT_MARK = re.compile(r"\s*\((?:để\s+)?(?:b/c|báo\s+cáo)\)\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class Recipient:
    name: str
    superior: bool = False  # an ancestor of the issuing body, or marked "(để báo cáo)"
    unit_id: int | None = None  # None: a line typed by hand (no mail is sent to it)


def bare(line: str) -> str:
    """ "- Ban Bí thư Trung ương Đảng (để b/c)," → "Ban Bí thư Trung ương Đảng (để b/c)"."""
    text = clean_line(line).lstrip("-–•").strip()
    return text.rstrip(",.;").strip()


def is_archive(line: str) -> bool:
    return search_key(bare(line)).startswith("luu ")


def typed_recipient(line: str) -> Recipient:
    """A typed line: a superior when it carries the report mark (kept off its name)."""
    text = bare(line)
    marked = _REPORT_MARK.search(text)
    if marked and not is_archive(text):
        return Recipient(text[: marked.start()].strip(), superior=True)
    return Recipient(text)


def ordered(units: Iterable[Recipient], typed: Iterable[str]) -> list[Recipient]:
    """Superiors first (units, then typed lines, each in the order given), then the
    implementing units, then the other typed lines; the archive lines are left out (see
    copy_lines). A name given twice appears once, a superior if either says so."""
    people = [*units, *(typed_recipient(x) for x in typed if bare(x) and not is_archive(x))]
    unique: dict[str, Recipient] = {}
    for r in people:
        key = fold(r.name)
        if not r.name:
            continue
        first = unique.get(key)
        if first is None:
            unique[key] = r
        else:  # a ticked unit also typed "(để báo cáo)": one line, a superior, still mailed
            unique[key] = replace(first, superior=first.superior or r.superior)
    found = list(unique.values())
    return [r for r in found if r.superior] + [r for r in found if not r.superior]


def marked_superiors(typed: Iterable[str]) -> set[str]:
    """The folded names typed with the report mark, to find the units they name."""
    return {fold(r.name) for x in typed if (r := typed_recipient(x)).superior}


def archive_line(typed: Iterable[str], default: str = DEFAULT_ARCHIVE) -> str:
    """The typed "Lưu …" line(s) joined, or the default archive."""
    found = [bare(x) for x in typed if is_archive(x)]
    return ", ".join(found) if found else default


def copy_lines(
    units: Iterable[Recipient], typed: Iterable[str], *, archive: str = DEFAULT_ARCHIVE
) -> list[str]:
    """The "Nơi nhận" lines: "- Ban Bí thư Trung ương Đảng (để báo cáo),", …, "- Lưu …"."""
    typed = list(typed)
    lines = [
        f"- {r.name} ({REPORT})," if r.superior else f"- {r.name}," for r in ordered(units, typed)
    ]
    return [*lines, f"- {archive_line(typed, archive)}."]
