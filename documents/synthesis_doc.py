"""The synthesis table as a document (DOCX, PDF) and as a spreadsheet (XLSX)."""

from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from sqlmodel import Session

from documents.common import context, header
from documents.model import Block, Document, Para, Table
from documents.spreadsheet import append_text_row
from documents.synthesis import GrassrootsPart, Synthesis, last_decided, opening, synthesis
from models.text import number

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


def grassroots_heading(part: GrassrootsPart) -> str:
    return (
        f"Kết quả lấy ý kiến cơ sở (lần {part.ordinal}): {number(len(part.rows))}/"
        f"{number(part.invited)} cấp ủy báo cáo đã tổ chức {number(part.meetings)} hội nghị, "
        f"{number(part.delegates)} đại biểu tham dự; tóm tắt ý kiến của từng cấp ủy như sau:"
    )


def grassroots_columns(part: GrassrootsPart) -> list[str]:
    return ["Cấp ủy báo cáo", *(f"Số hội nghị: {lv}" for lv in part.levels)] + [
        "Số đại biểu",
        "Tóm tắt ý kiến",
    ]


def grassroots_rows(part: GrassrootsPart) -> list[list[str]]:
    """One row per reporting committee, then the totals (the summary cell left empty)."""
    rows = [
        [r.unit, *(number(n) for n in r.meetings), number(r.delegates), r.summary]
        for r in part.rows
    ]
    total = ["Tổng cộng", *(number(n) for n in part.totals), number(part.delegates), ""]
    return [*rows, total]


def grassroots_blocks(parts: list[GrassrootsPart]) -> list[Block]:
    """The grassroots part of the synthesis (and of the report): per round, a line of totals
    and a table with the meetings per level, delegates and summarised opinions."""
    out: list[Block] = []
    for part in parts:
        out.append(Para(grassroots_heading(part), "body"))
        widths = [2.4, *([1.3] * len(part.levels)), 1.2, 7.0]
        out.append(Table(grassroots_columns(part), grassroots_rows(part), widths))
    return out


def synthesis_document(session: Session, directive_id: int, s: Synthesis | None = None) -> Document:
    ctx = context(session, directive_id)
    s = s or synthesis(session, directive_id)
    on = last_decided(session, directive_id)
    doc = Document(
        slug="bang-tong-hop",
        kind="bang-tong-hop",
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
    doc.blocks += grassroots_blocks(s.grassroots)
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
    for part in s.grassroots:  # a sheet per grassroots round: its columns are its levels
        gs = wb.create_sheet(f"Lấy ý kiến cơ sở lần {part.ordinal}")
        append_text_row(gs, [grassroots_heading(part)])
        append_text_row(gs, grassroots_columns(part))
        for cell in gs[2]:
            cell.font = Font(bold=True)
            cell.alignment = wrap
        for row in grassroots_rows(part):
            append_text_row(gs, row)
        gs.column_dimensions["A"].width = 32
    out = BytesIO()
    wb.save(out)
    return out.getvalue()
