"""The grassroots round in the synthesis (DOCX, XLSX) and in the report: the totals per level
of the round and each reporting committee's summarised opinions as rows."""

from io import BytesIO
from pathlib import Path

from openpyxl import load_workbook
from sqlmodel import col, select

from documents.common import context
from documents.docx_writer import render_docx
from documents.report import consultation_report
from documents.synthesis_doc import synthesis_document, synthesis_xlsx
from models.commands.grassroots import report_enter
from models.commands.rounds import round_close, round_open
from models.ids import id_of
from models.levels import BLOC
from models.tables import Invitation
from tests.documents.case import consulted, day
from tests.documents.conftest import docx_lines


def _docx_text(session, doc, directive_id: int, tmp_path: Path) -> str:
    path = tmp_path / "out.docx"
    path.write_bytes(render_docx(doc, context(session, directive_id).rules))
    return "\n".join(docx_lines(path))


def test_synthesis_and_report_carry_the_grassroots_totals(session, links, tmp_path):
    case = consulted(session, links, stop_after="grassroots")
    did = case.directive_id
    text = _docx_text(session, synthesis_document(session, did), did, tmp_path)
    assert "Kết quả lấy ý kiến cơ sở (lần 3): 2/2 cấp ủy báo cáo" in text
    assert "224 hội nghị, 6.325 đại biểu tham dự" in text
    assert "Số hội nghị: Thôn, ấp, khu phố" in text and "Số hội nghị: Xã, phường, thị trấn" in text
    lines = text.split("\n")
    total = lines.index("Tổng cộng")
    assert lines[total + 1 : total + 4] == ["200", "24", "6.325"]
    assert text.count("Đa số ý kiến thống nhất cao với dự thảo.") == 2  # one row per committee
    report = _docx_text(session, consultation_report(session, did), did, tmp_path)
    assert "Tổng cộng" in report and "Đa số ý kiến thống nhất cao với dự thảo." in report


def test_a_bloc_round_is_counted_by_its_levels(session, links, tmp_path):
    case = consulted(session, links, stop_after="grassroots")
    did = case.directive_id
    units = case.world.units
    opened = round_open(
        session,
        directive_id=did,
        kind="grassroots",
        unit_ids=[id_of(units[1]), id_of(units[2])],
        letter_number="530-CV/BDVTU",
        by="canbo",
        now=day(52),
        links=links,
        levels=list(BLOC),
    )
    inv = session.exec(
        select(Invitation)
        .where(Invitation.round_id == opened.round.id)
        .order_by(col(Invitation.id))
    ).first()
    assert inv is not None
    report_enter(
        session,
        invitation_id=id_of(inv),
        meetings={"Đảng ủy cơ sở": 7, "Chi bộ trực thuộc": 41},  # not in the round's order
        delegates=980,
        summary="Đề nghị bổ sung nhiệm vụ của chi bộ doanh nghiệp.",
        by="canbo",
        now=day(53),
    )
    round_close(session, round_id=id_of(opened.round), by="canbo", now=day(54))
    text = _docx_text(session, synthesis_document(session, did), did, tmp_path)
    assert "Kết quả lấy ý kiến cơ sở (lần 4): 1/2 cấp ủy báo cáo" in text
    for level in BLOC:
        assert f"Số hội nghị: {level}" in text
    lines = text.split("\n")
    last_total = len(lines) - 1 - lines[::-1].index("Tổng cộng")
    assert lines[last_total + 1 : last_total + 5] == ["41", "0", "7", "980"]
    assert "Đề nghị bổ sung nhiệm vụ của chi bộ doanh nghiệp." in text
    wb = load_workbook(BytesIO(synthesis_xlsx(session, did)))
    sheet = wb["Lấy ý kiến cơ sở lần 4"]
    rows = [[c.value for c in r] for r in sheet.iter_rows()]
    assert rows[1][:4] == ["Cấp ủy báo cáo", *(f"Số hội nghị: {lv}" for lv in BLOC)]
    assert rows[-1][:5] == ["Tổng cộng", "41", "0", "7", "980"]
    # The report's account follows the round's levels too.
    report = _docx_text(session, consultation_report(session, did), did, tmp_path)
    assert "tổ chức 48 hội nghị (Chi bộ trực thuộc: 41; Đảng ủy cơ sở: 7)" in report
