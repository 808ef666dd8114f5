"""PDF with typst: one template per document kind (documents/typst/<kind>.typ), all built on
the Party's form in documents/typst/form.typ, each compiled in a short-lived process
(documents/typst_compile.py says why).

Why typst rather than WeasyPrint (which this replaced): the compiler is one wheel with no
system libraries (no pango), runs offline, and lays out the 10,000-row
synthesis table in seconds where WeasyPrint took 40-200 s.

The document reaches the template as JSON in `sys.inputs` and every text is placed as a
string, so nothing an officer or a unit typed is ever read as typst markup. Only Liberation
Serif (metric-compatible with Times New Roman, every Vietnamese glyph; Debian's
fonts-liberation2) is offered to the compiler, and it is embedded in the PDF.
"""

import json
import subprocess
import sys
from dataclasses import asdict, replace
from functools import cache
from io import BytesIO
from pathlib import Path
from typing import Any

from pypdf import PdfReader, PdfWriter

from documents.model import Document, Para, Table
from models.rulesets import RuleSet

TEMPLATES = Path(__file__).parent / "typst"
COMPILER = Path(__file__).parent / "typst_compile.py"
# typst holds a whole compilation in memory (~80 MB per 1,000 rows of the synthesis table):
# a longer table is compiled in parts of this many rows, each part continuing the page
# numbers of the one before, and the parts joined. Each part starts on a new page.
CHUNK_ROWS = 1000
FONT_DIRS = (
    Path("/usr/share/fonts/truetype/liberation2"),  # Debian fonts-liberation2
    Path("/usr/share/fonts/truetype/liberation"),  # Debian fonts-liberation
    Path("/usr/share/fonts/liberation-serif"),  # Fedora
)


@cache
def font_dir() -> Path:
    for d in FONT_DIRS:
        if (d / "LiberationSerif-Regular.ttf").is_file():
            return d
    raise RuntimeError(
        "Liberation Serif is not installed (Debian: fonts-liberation2, "
        "scripts/debian-packages.txt); the PDFs need it."
    )


def _blocks(doc: Document) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for b in doc.blocks:
        if isinstance(b, Para):
            runs = [list(r) for r in b.runs] if b.runs else None
            out.append({"type": "para", "text": b.text, "style": b.style, "runs": runs})
        elif isinstance(b, Table):
            out.append({"type": "table", "columns": b.columns, "rows": b.rows, "widths": b.widths})
        else:
            out.append({"type": "pagebreak"})
    return out


def _document(doc: Document) -> dict[str, Any]:
    return {
        "header": asdict(doc.header),
        "title": doc.title,
        "subtitle": doc.subtitle,
        "addressees": doc.addressees,
        "blocks": _blocks(doc),
        "recipients": doc.recipients,
        "signatures": [asdict(s) for s in doc.signatures],
    }


def typst_data(
    doc: Document, rules: RuleSet, *, continued: bool = False, page_offset: int = 0
) -> dict[str, Any]:
    """What the template reads: the document, then its appendix, and the page rules;
    `continued`: the document goes on a long table of the part before (no header again),
    whose last page was `page_offset`."""
    return {
        "title": doc.title or doc.header.abstract or doc.slug,
        "landscape": doc.landscape,
        "continued": continued,
        "page_offset": page_offset,
        "rules": {"page": dict(rules.page), "fonts": dict(rules.fonts)},
        "docs": [_document(d) for d in [doc, *doc.appendix]],
    }


def template(doc: Document) -> Path:
    path = TEMPLATES / f"{doc.kind}.typ"
    if not path.is_file():
        raise ValueError(f"no typst template for the document kind {doc.kind!r}")
    return path


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


def _compile(path: Path, data: dict[str, Any]) -> bytes:
    done = subprocess.run(
        [sys.executable, "-I", str(COMPILER), str(path), str(font_dir())],
        input=json.dumps(data, ensure_ascii=False).encode(),
        capture_output=True,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"typst could not lay out {path.name}: {done.stderr.decode()}")
    return done.stdout


def render_pdf(doc: Document, rules: RuleSet, *, chunk_rows: int = CHUNK_ROWS) -> bytes:
    path = template(doc)
    parts = split_long_table(doc, chunk_rows)
    if len(parts) == 1:
        return _compile(path, typst_data(doc, rules))
    joined = PdfWriter()
    pages = 0
    for n, part in enumerate(parts):
        pdf = PdfReader(
            BytesIO(_compile(path, typst_data(part, rules, continued=n > 0, page_offset=pages)))
        )
        pages += len(pdf.pages)
        joined.append(pdf)
    joined.add_metadata({"/Title": doc.title or doc.header.abstract or doc.slug})
    out = BytesIO()
    joined.write(out)
    return out.getvalue()
