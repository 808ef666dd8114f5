"""PDF from HTML with WeasyPrint.

Why WeasyPrint rather than LibreOffice converting the DOCX: it is a Python library already
locked in the project (no 600 MB office suite or a headless soffice process to supervise),
it runs in-process and is deterministic, and CSS paged media gives A4, 36-HD margins,
repeated table headers and page numbers directly. The font stack names "Times New Roman"
first and falls back to Liberation Serif (same metrics, every Vietnamese glyph), which the
project's set-up installs (fonts-liberation2).
"""

from functools import cache

from jinja2 import Environment, PackageLoader, select_autoescape

from documents.model import Document
from models.rulesets import RuleSet


@cache
def _env() -> Environment:
    return Environment(
        loader=PackageLoader("documents", "templates"),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render_html(doc: Document, rules: RuleSet) -> str:
    return (
        _env()
        .get_template("document.html")
        .render(docs=[doc, *doc.appendix], rules=rules, landscape=doc.landscape)
    )


def render_pdf(doc: Document, rules: RuleSet) -> bytes:
    from weasyprint import HTML  # imported late: loading pango costs ~0.5 s

    return HTML(string=render_html(doc, rules)).write_pdf()
