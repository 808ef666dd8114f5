"""PDF from HTML with WeasyPrint.

Why WeasyPrint rather than LibreOffice converting the DOCX: it is a Python library already
locked in the project (no 600 MB office suite or a headless soffice process to supervise),
it runs in-process and is deterministic, and CSS paged media gives A4, 36-HD margins,
repeated table headers and page numbers directly. The font stack names "Times New Roman"
first and falls back to Liberation Serif (same metrics, every Vietnamese glyph), which the
project's set-up installs (fonts-liberation2).
"""

from dataclasses import replace
from functools import cache

from jinja2 import Environment, PackageLoader, select_autoescape

from documents.model import Document, Table
from models.rulesets import RuleSet

# WeasyPrint lays out a table that runs over hundreds of pages much faster in parts (measured:
# 2,400 rows in 15 s instead of 27 s); each part continues the page numbers of the last.
CHUNK_ROWS = 300


@cache
def _env() -> Environment:
    return Environment(
        loader=PackageLoader("documents", "templates"),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render_html(
    doc: Document, rules: RuleSet, *, continued: bool = False, page_offset: int = 0
) -> str:
    return (
        _env()
        .get_template("document.html")
        .render(
            docs=[doc, *doc.appendix],
            rules=rules,
            landscape=doc.landscape,
            continued=continued,
            page_offset=page_offset,
        )
    )


def split_long_table(doc: Document, rows: int) -> list[Document]:
    """The document in parts of at most `rows` rows of its first long table: the header and
    what precedes the table in the first part, the footer and appendix in the last."""
    at = next(
        (i for i, b in enumerate(doc.blocks) if isinstance(b, Table) and len(b.rows) > rows),
        None,
    )
    if at is None:
        return [doc]
    table = doc.blocks[at]
    assert isinstance(table, Table)
    chunks = [table.rows[i : i + rows] for i in range(0, len(table.rows), rows)]
    parts = []
    for n, chunk in enumerate(chunks):
        last = n == len(chunks) - 1
        blocks = (doc.blocks[:at] if n == 0 else []) + [replace(table, rows=chunk)]
        parts.append(
            replace(
                doc,
                blocks=blocks + (doc.blocks[at + 1 :] if last else []),
                recipients=doc.recipients if last else [],
                signatures=doc.signatures if last else [],
                appendix=doc.appendix if last else [],
            )
        )
    return parts


def render_pdf(doc: Document, rules: RuleSet, *, chunk_rows: int = CHUNK_ROWS) -> bytes:
    from weasyprint import HTML  # imported late: loading pango costs ~0.5 s

    rendered = []
    pages = 0
    for n, part in enumerate(split_long_table(doc, chunk_rows)):
        html = render_html(part, rules, continued=n > 0, page_offset=pages)
        rendered.append(HTML(string=html).render())
        pages += len(rendered[-1].pages)
    if len(rendered) == 1:
        return rendered[0].write_pdf()
    return rendered[0].copy([p for r in rendered for p in r.pages]).write_pdf()
