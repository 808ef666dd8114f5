"""Bản so sánh: one DOCX comparing two versions of a directive's draft as Word tracked
changes (w:ins / w:del, author the drafting body, date the newer version's), followed by the
bản thuyết minh: per section what changed and which comments it answers.

Accepting every change in Word gives the newer version's text, rejecting every change the
older one's: each paragraph is written once, its edits as revisions, and a paragraph added or
removed whole has its paragraph mark marked inserted or deleted too.
"""

from collections.abc import Iterator
from datetime import UTC, datetime
from io import BytesIO
from itertools import count
from pathlib import Path

from docx import Document as new_docx
from docx.document import Document as DocxDocument
from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Cm
from sqlmodel import Session, col, select

from documents.common import context
from documents.docx_writer import JUSTIFY, LEFT, _line, _setup, _table
from documents.files import write_atomic
from documents.model import Table
from models.labels import DECISIONS
from models.queries.comments import CommentFilter, CommentRow, comment_list
from models.queries.versions import version_numbered
from models.redline import LineOp, SectionChange, SectionText, changed_words, compare_sections
from models.statuses import Decision
from models.tables import DraftVersion, Section

NOTE = "Ghi chú:"  # the paragraph just before the compared text begins with it
THUYET_MINH = "BẢN THUYẾT MINH"
COLUMNS = ["STT", "Phần, mục", "Thay đổi", "Nội dung thay đổi", "Ý kiến được tiếp thu"]
STATUS = {
    "modified": "Sửa đổi",
    "added": "Bổ sung",
    "removed": "Lược bỏ",
    "moved-to": "Chuyển vị trí",
    "unchanged": "Giữ nguyên",
}
ANSWERED = (Decision.ACCEPT, Decision.PARTIAL)
PIECES = 3  # changed pieces quoted per section in the summary
WORDS = 15  # words quoted per piece or comment
LISTED = 10  # comments named per section; the rest counted


def revision_date(moment: datetime) -> str:
    """ISO 8601 as Word writes w:date: UTC, seconds, "Z". Stored times are naive UTC."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return moment.replace(microsecond=0).isoformat() + "Z"


class Revisions:
    """Makes w:ins / w:del elements with ids unique in the document."""

    def __init__(self, author: str, date: str) -> None:
        self.author, self.date = author, date
        self._ids: Iterator[int] = count(1)

    def mark(self, kind: str) -> BaseOxmlElement:
        el = OxmlElement("w:ins" if kind == "insert" else "w:del")
        el.set(qn("w:id"), str(next(self._ids)))
        el.set(qn("w:author"), self.author)
        el.set(qn("w:date"), self.date)
        return el


def _run(text: str, *, bold: bool, deleted: bool) -> BaseOxmlElement:
    r = OxmlElement("w:r")
    if bold:
        rpr = OxmlElement("w:rPr")
        rpr.append(OxmlElement("w:b"))
        r.append(rpr)
    t = OxmlElement("w:delText" if deleted else "w:t")
    t.set(qn("xml:space"), "preserve")
    t.text = text
    r.append(t)
    return r


def _paragraph(docx: DocxDocument, line: LineOp, *, bold: bool, rev: Revisions) -> None:
    para = docx.add_paragraph()
    para.alignment = JUSTIFY
    para.paragraph_format.first_line_indent = Cm(1)
    p = para._p
    if line.kind in ("insert", "delete"):
        # The paragraph mark itself is inserted or deleted: accepting a deleted paragraph
        # (or rejecting an inserted one) leaves no empty paragraph behind.
        mark = OxmlElement("w:rPr")
        mark.append(rev.mark(line.kind))
        p.get_or_add_pPr().append(mark)
    for op in line.ops:
        run = _run(op.text, bold=bold, deleted=op.kind == "delete")
        if op.kind == "equal":
            p.append(run)
            continue
        wrapper = rev.mark(op.kind)
        wrapper.append(run)
        p.append(wrapper)


def _words(text: str, n: int = WORDS) -> str:
    words = text.split()
    return " ".join(words[:n]) + (" …" if len(words) > n else "")


def section_label(change: SectionChange) -> str:
    """ "II.1 — 1. Tăng cường …": the key tells apart the many "1." of a draft."""
    if change.key == "0" and not change.heading:
        return "Phần mở đầu"
    return f"{change.key} — {_words(change.heading, 10)}" if change.heading else change.key


def _quoted(pieces: list[str]) -> str:
    shown = "; ".join(f"“{_words(p)}”" for p in pieces[:PIECES])
    more = len(pieces) - PIECES
    return shown + (f" (và {more} chỗ khác)" if more > 0 else "")


def change_summary(change: SectionChange, old_text: str = "") -> str:
    """A short sentence of what changed, for the bản thuyết minh."""
    if change.status == "added":
        return f"Bổ sung mới: “{_words(change.lines[0].new if change.lines else '')}”"
    if change.status == "removed":
        return f"Lược bỏ: “{_words(change.lines[0].old if change.lines else '')}”"
    if change.status == "moved-to":
        new_text = "\n".join(line.new for line in change.lines)
        same = new_text == old_text
        return "Chuyển vị trí, nội dung giữ nguyên." if same else "Chuyển vị trí và sửa nội dung."
    if change.status == "unchanged":
        return "Không thay đổi."
    deleted, inserted = changed_words(change)
    parts = []
    if deleted:
        parts.append(f"Bỏ {_quoted(deleted)}")
    if inserted:
        parts.append(f"thêm {_quoted(inserted)}" if parts else f"Thêm {_quoted(inserted)}")
    return "; ".join(parts) + "."


def answered_comments(session: Session, directive_id: int, version_id: int) -> list[CommentRow]:
    """The comments made on `version_id` that were accepted, wholly or in part."""
    rows: list[CommentRow] = []
    for decision in ANSWERED:
        found = comment_list(
            session, CommentFilter(decision=decision), directive_id=directive_id, limit=10**9
        )
        rows += [r for r in found.rows if r.comment.version_id == version_id]
    return sorted(rows, key=lambda r: r.comment.id or 0)


def _comments_cell(rows: list[CommentRow]) -> str:
    lines = []
    for r in rows[:LISTED]:
        label = DECISIONS[Decision(r.disposition.decision)] if r.disposition else ""
        lines.append(f"- {r.who} ({label.lower()}): {_words(r.comment.text)}")
    if len(rows) > LISTED:
        lines.append(f"… và {len(rows) - LISTED} ý kiến khác")
    return "\n".join(lines)


def explanation_rows(changes: list[SectionChange], answered: list[CommentRow]) -> list[list[str]]:
    """One row per section changed or answering a comment, in reading order; comments on
    the whole draft (or on a key no version has) last."""
    by_key: dict[str, list[CommentRow]] = {}
    for r in answered:
        by_key.setdefault(r.comment.section_key, []).append(r)
    old_text = {
        c.key: "\n".join(line.old for line in c.lines) for c in changes if c.status == "moved-from"
    }
    rows: list[list[str]] = []
    for c in changes:
        if c.status == "moved-from" or (c.status == "unchanged" and c.key not in by_key):
            continue
        summary = change_summary(c, old_text.get(c.key, ""))
        answers = _comments_cell(by_key.pop(c.key, []))
        rows.append([str(len(rows) + 1), section_label(c), STATUS[c.status], summary, answers])
    rest = [r for rows_ in by_key.values() for r in rows_]
    if rest:
        rows.append([str(len(rows) + 1), "Toàn bộ dự thảo", "", "", _comments_cell(rest)])
    return rows


def _sections(session: Session, version: DraftVersion) -> list[SectionText]:
    found = session.exec(
        select(Section).where(Section.version_id == version.id).order_by(col(Section.ordinal))
    ).all()
    return [SectionText(s.key, s.heading, s.text, s.level) for s in found]


def comparison_name(old_number: int, new_number: int) -> str:
    lo, hi = sorted((old_number, new_number))
    return f"so-sanh-du-thao-lan-{lo}-va-lan-{hi}.docx"


def comparison_docx(session: Session, directive_id: int, a: int, b: int) -> bytes:
    """The comparison of draft versions number `a` and `b`, always from the older to the
    newer (the order they are asked in does not matter)."""
    ctx = context(session, directive_id)
    old, new = (version_numbered(session, directive_id, n) for n in sorted((a, b)))
    changes = compare_sections(_sections(session, old), _sections(session, new))
    rev = Revisions(ctx.drafting.name, revision_date(new.created_at))
    docx = new_docx()
    _setup(docx, ctx.rules, landscape=False)
    docx.core_properties.title = f"Bản so sánh dự thảo lần {old.number} và lần {new.number}"
    docx.core_properties.author = ctx.drafting.name
    _line(docx, "BẢN SO SÁNH", bold=True, size=ctx.rules.fonts["title_pt"])
    _line(docx, f"Dự thảo lần {old.number} và dự thảo lần {new.number}", bold=True)
    _line(docx, ctx.about, italic=True)
    _line(docx, "-----")
    _line(
        docx,
        f"{NOTE} phần sửa đổi được ghi bằng chế độ theo dõi thay đổi (Track Changes) của "
        f"{ctx.drafting.name}; chấp nhận tất cả để có dự thảo lần {new.number}, từ chối tất "
        f"cả để có dự thảo lần {old.number}.",
        align=LEFT,
        italic=True,
    )
    for change in changes:
        for i, line in enumerate(change.lines):
            bold = i == 0 and change.level == "phan"
            _paragraph(docx, line, bold=bold, rev=rev)
    docx.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    _line(docx, THUYET_MINH, bold=True, size=ctx.rules.fonts["title_pt"])
    _line(docx, f"Những điểm sửa đổi từ dự thảo lần {old.number} sang lần {new.number}", bold=True)
    _line(docx, "")
    rows = explanation_rows(changes, answered_comments(session, directive_id, old.id or 0))
    if rows:
        _table(docx, Table(COLUMNS, rows, [0.6, 2.2, 1.4, 4, 4]))
    else:
        _line(docx, "Hai bản dự thảo giống nhau.", italic=True)
    out = BytesIO()
    docx.save(out)
    return out.getvalue()


def write_first_last(session: Session, directive_id: int, folder: Path) -> Path | None:
    """The comparison of the directive's first and last draft versions, written into
    `folder` (the demo's documents); nothing when it has a single version."""
    numbers = session.exec(
        select(DraftVersion.number).where(DraftVersion.directive_id == directive_id)
    ).all()
    if len(numbers) < 2:
        return None
    first, last = min(numbers), max(numbers)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / comparison_name(first, last)
    write_atomic(path, comparison_docx(session, directive_id, first, last))
    return path
