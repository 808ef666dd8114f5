"""DOCX (what offices edit) with python-docx: A4, 36-HD/VPTW margins, Times New Roman 14."""

from copy import deepcopy
from io import BytesIO
from xml.sax.saxutils import escape

from docx import Document as new_docx
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Mm, Pt
from docx.table import Table as DocxTable
from docx.table import _Cell
from docx.text.paragraph import Paragraph

from documents.model import Document, Para, Signature, Table
from models.rulesets import RuleSet

FONT = "Times New Roman"
CENTER, LEFT, RIGHT, JUSTIFY = (
    WD_ALIGN_PARAGRAPH.CENTER,
    WD_ALIGN_PARAGRAPH.LEFT,
    WD_ALIGN_PARAGRAPH.RIGHT,
    WD_ALIGN_PARAGRAPH.JUSTIFY,
)


def _setup(docx: DocxDocument, rules: RuleSet, landscape: bool) -> None:
    normal = docx.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(rules.fonts["body_pt"])
    fonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), FONT)
    fmt = normal.paragraph_format
    fmt.space_before, fmt.space_after, fmt.line_spacing = Pt(0), Pt(6), 1.0
    section = docx.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(297), Mm(210)
    page = rules.page
    section.top_margin, section.bottom_margin = Mm(page["top_mm"]), Mm(page["bottom_mm"])
    section.left_margin, section.right_margin = Mm(page["left_mm"]), Mm(page["right_mm"])


def _line(
    target: DocxDocument | _Cell,
    text: str,
    *,
    align: WD_ALIGN_PARAGRAPH = CENTER,
    bold: bool = False,
    italic: bool = False,
    underline: bool = False,
    size: float | None = None,
    first: bool = False,
) -> Paragraph:
    para = target.paragraphs[0] if first else target.add_paragraph()
    para.alignment = align
    para.paragraph_format.space_after = Pt(0)
    run = para.add_run(text)
    run.bold, run.italic, run.underline = bold, italic, underline
    if size:
        run.font.size = Pt(size)
    return para


def _usable_width(docx: DocxDocument) -> int:
    """The page's width inside its margins, in EMU."""
    page = docx.sections[0]
    if page.page_width is None or page.left_margin is None or page.right_margin is None:
        raise ValueError("the page size and margins are set by _setup before any content")
    return page.page_width - page.left_margin - page.right_margin


def _no_borders(table: DocxTable) -> None:
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "nil")
        borders.append(el)
    table._tbl.tblPr.append(borders)


def _header(docx: DocxDocument, doc: Document, rules: RuleSet) -> None:
    h = doc.header
    table = docx.add_table(rows=1, cols=2)
    _no_borders(table)
    left, right = table.rows[0].cells
    small = rules.fonts["abstract_pt"]
    for i, text in enumerate(h.issuer_lines):
        # The superior body is regular; the issuing body itself is bold (36-HD/VPTW).
        last = i == len(h.issuer_lines) - 1
        _line(left, text, bold=last or len(h.issuer_lines) == 1, first=i == 0)
    _line(left, "*")
    if h.number:
        _line(left, h.number)
    if h.abstract:
        _line(left, h.abstract, italic=True, size=small)
    if h.marker:
        _line(right, h.marker, bold=True, italic=True, first=True, size=small)
    _line(right, "ĐẢNG CỘNG SẢN VIỆT NAM", bold=True, underline=True, first=not h.marker)
    _line(right, h.place_date, italic=True, align=RIGHT)
    width = _usable_width(docx)
    left.width, right.width = int(width * 0.45), int(width * 0.55)


def _para(docx: DocxDocument, p: Para) -> None:
    align = {
        "center": CENTER,
        "center-bold": CENTER,
        "right": RIGHT,
        "heading": JUSTIFY,
        "note": LEFT,
    }.get(p.style, JUSTIFY)
    para = docx.add_paragraph()
    para.alignment = align
    if p.style in ("body", "italic", "heading"):
        para.paragraph_format.first_line_indent = Cm(1)
    if p.style == "heading":
        para.paragraph_format.keep_with_next = True
    runs = p.runs or [(p.text, "b" if p.style in ("heading", "center-bold") else "")]
    for text, how in runs:
        run = para.add_run(text)
        run.bold = "b" in how or p.style in ("heading", "center-bold")
        run.italic = "i" in how or p.style == "italic"
        if p.style == "note":
            run.font.size = Pt(12)


def _shade(cell: _Cell) -> None:
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:fill"), "EDEDED")
    cell._tc.get_or_add_tcPr().append(shd)


def _cell_text(cell: _Cell, text: str, *, bold: bool = False, size: float = 12) -> None:
    lines = text.split("\n") if text else [""]
    para = cell.paragraphs[0]
    for i, line in enumerate(lines):
        if i:
            para = cell.add_paragraph()
        para.paragraph_format.space_after = Pt(0)
        run = para.add_run(line)
        run.bold = bold
        run.font.size = Pt(size)


def _run_xml(line: str, size: float) -> str:
    """A run as `Paragraph.add_run` + `bold = False` + `font.size` leave it: tabs as <w:tab/>."""
    parts = []
    for i, piece in enumerate(line.split("\t")):
        if i:
            parts.append("<w:tab/>")
        if piece:
            keep = ' xml:space="preserve"' if piece != piece.strip() else ""
            parts.append(f"<w:t{keep}>{escape(piece)}</w:t>")
    half_points = int(size * 2)
    return (
        f'<w:r><w:rPr><w:b w:val="0"/><w:sz w:val="{half_points}"/></w:rPr>{"".join(parts)}</w:r>'
    )


def cell_xml(text: str, size: float = 12) -> str:
    """One body cell, as `_cell_text(cell, text)` writes it: a paragraph per line, no space
    after, runs not bold, 12 pt."""
    lines = text.split("\n") if text else [""]
    paras = "".join(
        f'<w:p><w:pPr><w:spacing w:after="0"/></w:pPr>{_run_xml(line, size)}</w:p>'
        for line in lines
    )
    return f"<w:tc>{paras}</w:tc>"


def _table(docx: DocxDocument, t: Table) -> None:
    table = docx.add_table(rows=1, cols=len(t.columns))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, name in zip(table.rows[0].cells, t.columns, strict=True):
        _cell_text(cell, name, bold=True)
        _shade(cell)
    # Repeat the header row on every page of a long table.
    trpr = table.rows[0]._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    trpr.append(repeat)
    # Body rows are written as XML text and parsed once: python-docx's per-run setters
    # (bold, size, spacing) cost ~7 ms a cell, 70 s for a 10,000-row table on a busy
    # machine. `cell_xml` writes what `_cell_text` writes (tests/documents/test_docx_rows.py).
    blank = table.add_row()._tr
    blank.getparent().remove(blank)
    props = [tc.tcPr for tc in blank.tc_lst]
    body = "".join(
        "<w:tr>" + "".join(cell_xml(value) for value in values) + "</w:tr>" for values in t.rows
    )
    for tr in parse_xml(f"<w:tbl {nsdecls('w')}>{body}</w:tbl>"):
        for tc, pr in zip(tr, props, strict=True):
            if pr is not None:
                tc.insert(0, deepcopy(pr))
        table._tbl.append(tr)
    total = sum(t.widths)
    usable = _usable_width(docx)
    for col, w in zip(table.columns, t.widths, strict=True):
        col.width = int(usable * w / total)


def _signature(cell: _Cell, sig: Signature, first: bool) -> None:
    for i, text in enumerate(sig.lines):
        _line(cell, text, bold=True, first=first and i == 0)
    for _ in range(3):
        _line(cell, "")
    _line(cell, sig.name, bold=True)


def _footer(docx: DocxDocument, doc: Document) -> None:
    if not doc.recipients and not doc.signatures:
        return
    docx.add_paragraph()
    table = docx.add_table(rows=1, cols=2)
    _no_borders(table)
    left, right = table.rows[0].cells
    if doc.recipients:
        _line(left, "Nơi nhận:", align=LEFT, bold=True, underline=True, size=12, first=True)
        for r in doc.recipients:
            _line(left, r, align=LEFT, size=11)
    sigs = list(doc.signatures)
    if len(sigs) == 2 and not doc.recipients:
        _signature(left, sigs.pop(0), first=True)
    if sigs:
        _signature(right, sigs[0], first=True)


def _addressees(docx: DocxDocument, doc: Document) -> None:
    if len(doc.addressees) == 1:
        para = _line(docx, f"Kính gửi: {doc.addressees[0]}")
        para.paragraph_format.space_after = Pt(6)
        return
    _line(docx, "Kính gửi:", align=LEFT).paragraph_format.left_indent = Cm(3)
    for a in doc.addressees:  # punctuated by the builder (models/text.listed)
        _line(docx, a, align=LEFT).paragraph_format.left_indent = Cm(4)


def _body(docx: DocxDocument, doc: Document, rules: RuleSet) -> None:
    _header(docx, doc, rules)
    if doc.title:
        _line(docx, "")
        _line(docx, doc.title, bold=True, size=rules.fonts["title_pt"])
    for s in doc.subtitle:
        _line(docx, s, bold=True)
    if doc.title or doc.subtitle:
        _line(docx, "-----")
    if doc.addressees:
        _addressees(docx, doc)
    for block in doc.blocks:
        if isinstance(block, Para):
            _para(docx, block)
        elif isinstance(block, Table):
            _table(docx, block)
        else:
            docx.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    _footer(docx, doc)


def render_docx(doc: Document, rules: RuleSet) -> bytes:
    docx = new_docx()
    _setup(docx, rules, doc.landscape)
    docx.core_properties.title = doc.title or doc.header.abstract or doc.slug
    _body(docx, doc, rules)
    for part in doc.appendix:
        docx.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        _body(docx, part, rules)
    out = BytesIO()
    docx.save(out)
    return out.getvalue()
