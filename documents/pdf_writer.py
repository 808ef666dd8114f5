"""PDF with typst: one template per document kind (documents/typst/<kind>.typ), all built on
the Party's form in documents/typst/form.typ.

Why typst rather than WeasyPrint (which this replaced): the compiler is one wheel with no
system libraries (no pango), runs offline and in-process, and lays out the 10,000-row
synthesis table in seconds where WeasyPrint took 40-80 s and had to render it in parts.

The document reaches the template as JSON in `sys.inputs` and every text is placed as a
string, so nothing an officer or a unit typed is ever read as typst markup. Only Liberation
Serif (metric-compatible with Times New Roman, every Vietnamese glyph; Debian's
fonts-liberation2) is offered to the compiler, and it is embedded in the PDF.
"""

import json
from dataclasses import asdict
from functools import cache
from pathlib import Path
from typing import Any

import typst

from documents.model import Document, Para, Table
from models.rulesets import RuleSet

TEMPLATES = Path(__file__).parent / "typst"
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


def typst_data(doc: Document, rules: RuleSet) -> dict[str, Any]:
    """What the template reads: the document, then its appendix, and the page rules."""
    return {
        "title": doc.title or doc.header.abstract or doc.slug,
        "landscape": doc.landscape,
        "rules": {"page": dict(rules.page), "fonts": dict(rules.fonts)},
        "docs": [_document(d) for d in [doc, *doc.appendix]],
    }


def template(doc: Document) -> Path:
    path = TEMPLATES / f"{doc.kind}.typ"
    if not path.is_file():
        raise ValueError(f"no typst template for the document kind {doc.kind!r}")
    return path


def render_pdf(doc: Document, rules: RuleSet) -> bytes:
    data = json.dumps(typst_data(doc, rules), ensure_ascii=False)
    pdf = typst.compile(
        str(template(doc)),
        root=str(TEMPLATES),
        font_paths=[str(font_dir())],
        ignore_system_fonts=True,
        sys_inputs={"data": data},
    )
    assert isinstance(pdf, bytes)  # no output path given: the PDF is returned
    return pdf
