"""The table body's fast path (documents/docx_writer.cell_xml) writes each cell exactly as
python-docx's setters do (`_cell_text`), for the texts tables hold: several lines, tabs,
spaces at the ends, markup characters, Vietnamese in NFC."""

import re

import pytest
from docx import Document as new_docx
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.table import _Cell

from documents.docx_writer import _cell_text, cell_xml

TEXTS = [
    "",
    "Huyện ủy Bù Đăng",
    "Đề nghị bổ sung vai trò của Mặt trận\nTiếp thu, chỉnh sửa",
    "  lề trái và lề phải  ",
    "cột\tthứ hai\t",
    "<b>không phải thẻ</b> & \"ngoặc\" 'đơn'",
    "a\n\nb",
    "tab\tthen\nline",
]


def _by_python_docx(text: str) -> str:
    doc = new_docx()
    table = doc.add_table(rows=1, cols=1)
    tc = table.rows[0].cells[0]._tc
    tc.remove(tc.tcPr)
    _cell_text(_Cell(tc, table), text)
    return tc.xml


def _bare(xml: str) -> str:
    """The element without the namespace declarations its document happens to carry."""
    return re.sub(r' xmlns:\w+="[^"]*"', "", xml)


@pytest.mark.parametrize("text", TEXTS)
def test_a_fast_cell_is_the_cell_python_docx_writes(text: str) -> None:
    fast = parse_xml(f"<w:tbl {nsdecls('w')}><w:tr>{cell_xml(text)}</w:tr></w:tbl>")[0][0]
    assert _bare(fast.xml) == _bare(_by_python_docx(text))
