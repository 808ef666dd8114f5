"""The synthesis table as a document (DOCX, PDF) and as a spreadsheet (XLSX)."""

from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from sqlmodel import Session

from documents.common import context, header
from documents.model import Document, Para, Table
from documents.spreadsheet import append_text_row
from documents.synthesis import Synthesis, last_decided, opening, synthesis

TITLE = "BẢNG TỔNG HỢP, TIẾP THU, GIẢI TRÌNH Ý KIẾN GÓP Ý"
COLUMNS = [
    "Nhóm vấn đề, điều, khoản",
    "Chủ thể góp ý",
    "Nội dung góp ý",
    "Nội dung tiếp thu, giải trình",
]
WIDTHS = [2.2, 2.6, 5, 4.2]


def table_rows(s: Synthesis) -> list[list[str]]:
    """One line per (merged) comment; the group's label on its first line only."""
    out = []
    for g in s.groups:
        for i, r in enumerate(g.rows):
            out.append([g.label if i == 0 else "", "\n".join(r.subjects), r.text, r.response])
    return out


def synthesis_document(session: Session, directive_id: int, s: Synthesis | None = None) -> Document:
    ctx = context(session, directive_id)
    s = s or synthesis(session, directive_id)
    on = last_decided(session, directive_id)
    doc = Document(
        slug="bang-tong-hop",
        header=header(
            session,
            ctx.drafting,
            number=None,
            kind="BC",
            on=on,
            year=ctx.directive.created_at.year,
        ),
        title=TITLE,
        subtitle=[f"vào dự thảo {ctx.about}"],
        landscape=True,
    )
    doc.header.number = ""
    doc.blocks = [Para(p, "body") for p in opening(s, ctx.drafting.name)]
    doc.blocks.append(Table(COLUMNS, table_rows(s), WIDTHS))
    return doc


def synthesis_xlsx(session: Session, directive_id: int, s: Synthesis | None = None) -> bytes:
    ctx = context(session, directive_id)
    s = s or synthesis(session, directive_id)
    wb = Workbook()
    ws = wb.active
    ws.title = "Tổng hợp ý kiến"
    # Every cell goes through the spreadsheet rule: names and comments are user text.
    append_text_row(ws, [TITLE])
    append_text_row(ws, [f"vào dự thảo {ctx.about}"])
    ws["A1"].font = Font(bold=True, size=14)
    ws["A2"].font = Font(italic=True)
    for line in opening(s, ctx.drafting.name):
        append_text_row(ws, [line])
    ws.append([])
    append_text_row(ws, COLUMNS)
    head = ws.max_row
    wrap = Alignment(wrap_text=True, vertical="top")
    for cell in ws[head]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="EDEDED")
        cell.alignment = wrap
    for row in table_rows(s):
        append_text_row(ws, row)
    for row in ws.iter_rows(min_row=head + 1):
        for cell in row:
            cell.alignment = wrap
    for col, width in zip("ABCD", (28, 32, 60, 50), strict=True):
        ws.column_dimensions[col].width = width
    ws.freeze_panes = ws.cell(row=head + 1, column=1)
    ws.auto_filter.ref = f"A{head}:D{ws.max_row}"
    out = BytesIO()
    wb.save(out)
    return out.getvalue()
