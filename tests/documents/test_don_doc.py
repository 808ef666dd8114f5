"""The công văn đôn đốc as written to the data folder by its reaction: DOCX read back with
python-docx, PDF text with pypdf, in proper Vietnamese administrative form."""

import unicodedata
from datetime import date
from io import BytesIO

from pypdf import PdfReader
from sqlmodel import select

from documents.provider import render_documents
from flows.reactions import reactions_for
from models.clock import at_local
from models.commands.don_doc import draft_don_doc
from models.tables import LetterCopies
from tests.documents.conftest import docx_lines
from tests.don_doc_kit import exempt, follow_up_case, submit

LATE = ["Chi bộ Trung tâm Y tế huyện", "Đảng ủy xã Long Hưng", "Đảng ủy xã Phước Tân"]


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def test_the_letter_lists_exactly_the_late_units_with_its_number(session, settings):
    case = follow_up_case(session)
    exempt(session, case.report("Đảng ủy xã Bù Nho"))
    submit(session, case.report("Đảng ủy xã Phú Riềng"), at_local(date(2024, 5, 2)))
    session.add(
        LetterCopies(body_id=case.drafting.id, lines=["Thường trực Huyện ủy (b/c)", "Lưu VT"])
    )
    session.commit()
    result = draft_don_doc(session, case.period.id, by="dvhuyen", now=at_local(date(2024, 5, 10)))
    (reaction,) = reactions_for(1, result.events[0])
    families = reaction.params["families"]
    assert families == [f"don-doc:{case.period.id}"]
    written = render_documents(session, case.directive_id, families, data_dir=settings.data_dir)
    names = sorted(p.name for p in written)
    assert names == ["cong-van-don-doc-01-CV-BDVHU.docx", "cong-van-don-doc-01-CV-BDVHU.pdf"]

    lines = [x.strip() for x in docx_lines(written[0]) if x.strip()]
    assert "Số 01-CV/BDVHU" in lines
    assert "Phú Riềng, ngày 10 tháng 5 năm 2024" in lines
    assert "V/v đôn đốc báo cáo quý I năm 2024 kết quả thực hiện Chỉ thị số 07-CT/HU" in lines
    listed = [x for x in lines if x[:2] in {"1.", "2.", "3.", "4."}]
    assert listed == [f"{i}. {name}." for i, name in enumerate(LATE, start=1)]
    text = "\n".join(lines)
    assert "Đảng ủy xã Bù Nho" not in text and "Đảng ủy xã Phú Riềng" not in text
    assert "chưa nhận được báo cáo quý I năm 2024 của 03 cơ quan, đơn vị" in text
    assert "Chỉ thị số 07-CT/HU, ngày 20/11/2023 của Huyện ủy Phú Riềng" in text
    for line in ("K/T TRƯỞNG BAN", "PHÓ TRƯỞNG BAN", "Điểu Văn Thắng", "- Như trên,"):
        assert line in lines
    assert "- Thường trực Huyện ủy (b/c)," in lines and "- Lưu VT." in lines

    pdf = nfc(" ".join(p.extract_text() for p in PdfReader(BytesIO(written[1].read_bytes())).pages))
    flat = " ".join(pdf.split())
    for wanted in [
        "01-CV/BDVHU",
        "BAN DÂN VẬN",
        "ngày 10 tháng 5 năm 2024",
        "V/v đôn đốc báo cáo quý I năm 2024",
        "Kính gửi",
        *LATE,
        "Nơi nhận",
        "Điểu Văn Thắng",
        "khẩn trương hoàn thành báo cáo",
    ]:
        assert wanted in flat, wanted
    assert session.exec(select(LetterCopies)).first() is not None
