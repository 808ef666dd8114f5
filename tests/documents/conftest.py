"""Helpers to open what was generated: DOCX text, PDF text (pdftotext), PNG pages."""

import shutil
import subprocess
from pathlib import Path

from docx import Document as open_docx

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "documents"


def docx_lines(path: Path) -> list[str]:
    """Every paragraph of the body and of every table cell (header, signature), in order."""
    doc = open_docx(str(path))
    lines = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            for cell in row.cells:
                lines += [p.text for p in cell.paragraphs]
    return lines


def pdf_text(path: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


def snapshot_pages(pdf: Path, name: str, pages: int = 1) -> list[Path]:
    """Render the first pages to PNG under test-artifacts/documents/ for a person to look."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    prefix = ARTIFACTS / name
    subprocess.run(
        ["pdftoppm", "-r", "70", "-png", "-f", "1", "-l", str(pages), str(pdf), str(prefix)],
        check=True,
    )
    return sorted(ARTIFACTS.glob(f"{name}*.png"))


def have_poppler() -> bool:
    return shutil.which("pdftotext") is not None and shutil.which("pdftoppm") is not None
