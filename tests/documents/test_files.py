"""Every document of the case, written and opened again: DOCX, PDF and XLSX content."""

import unicodedata
from datetime import date
from io import BytesIO

import pytest
from docx import Document as open_docx
from docx.shared import Pt
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlmodel import col, select

from documents.common import context
from documents.files import write_directive_documents
from documents.model import Table
from documents.pdf_writer import render_pdf, split_long_table
from documents.synthesis import synthesis
from documents.synthesis_doc import synthesis_document
from models.clock import local_date
from models.tables import (
    Comment,
    Conference,
    DraftVersion,
    GrassrootsReport,
    Invitation,
    Round,
    Signing,
    Unit,
)
from models.text import fold, long_date, number, short_date, sort_key
from tests.documents.case import consulted
from tests.documents.conftest import docx_lines, have_poppler, pdf_text, snapshot_pages

pytestmark = pytest.mark.skipif(not have_poppler(), reason="poppler-utils not installed")


@pytest.fixture
def built(session, links):
    return consulted(session, links)


def _write(session, case, tmp_path, *families):
    """Write only what a test reads: rendering is the slow part."""
    out = tmp_path / "documents"
    return case, out, write_directive_documents(session, case.directive_id, out, families=families)


def _rounds(session, kind):
    return session.exec(select(Round).where(Round.kind == kind).order_by(col(Round.ordinal))).all()


def test_the_case_writes_every_document_in_each_format(built, session, tmp_path):
    case = built
    out = tmp_path / "documents"
    paths = write_directive_documents(session, case.directive_id, out)
    letters = [
        r.letter_number for r in _rounds(session, "written") + _rounds(session, "grassroots")
    ]
    signing = session.exec(select(Signing)).one()
    stems = ["cong-van-" + n.replace("/", "-") for n in letters] + [
        "giay-moi-hoi-nghi",
        "bien-ban-hoi-nghi",
        "bang-tong-hop",
        "bao-cao-ket-qua-lay-y-kien",
        "to-trinh",
        "chi-thi-" + signing.number.replace("/", "-"),
    ]
    expected = {f"{s}.{ext}" for s in stems for ext in ("docx", "pdf")} | {"bang-tong-hop.xlsx"}
    assert {p.name for p in paths} == expected
    assert {p.name for p in out.iterdir()} == expected
    assert "cong-van-490-CV-BDVTU.pdf" in expected and "chi-thi-22-CT-TU.docx" in expected


def test_round_letter_layout_and_content(built, session, tmp_path):
    rnd = _rounds(session, "written")[0]
    _, out, _ = _write(session, built, tmp_path, f"letter:{rnd.id}")
    stem = "cong-van-" + rnd.letter_number.replace("/", "-")
    docx = open_docx(str(out / f"{stem}.docx"))
    section = docx.sections[0]
    width, height = section.page_width, section.page_height
    assert width is not None and height is not None  # the letter sets its page size
    assert round(width.mm) == 210 and round(height.mm) == 297
    mm = {k: round(getattr(section, f"{k}_margin").mm) for k in ("left", "right", "top", "bottom")}
    assert 30 <= mm["left"] <= 35 and 15 <= mm["right"] <= 20
    assert 20 <= mm["top"] <= 25 and 20 <= mm["bottom"] <= 25
    normal = docx.styles["Normal"].font
    assert (normal.name, normal.size) == ("Times New Roman", Pt(14))
    lines = docx_lines(out / f"{stem}.docx")
    text = "\n".join(lines)
    assert f"Số {rnd.letter_number}" in lines
    assert f"Bình Phước, {long_date(rnd.letter_date)}" in lines
    assert "ngày 12 tháng 7 năm 2023" in text
    assert rnd.abstract in lines
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in lines and "*" in lines
    assert ["TỈNH ỦY BÌNH PHƯỚC", "BAN DÂN VẬN"] == lines[lines.index("*") - 2 : lines.index("*")]
    invited = session.exec(
        select(Unit.name).join(Invitation).where(Invitation.round_id == rnd.id)
    ).all()
    names = sorted(invited, key=sort_key)  # the letter's order
    to = lines.index("Kính gửi:")
    expected = [f"- {n}," for n in names[:-1]] + [f"- {names[-1]}."]  # the last ends with "."
    assert lines[to + 1 : to + 1 + len(names)] == expected
    assert f"trước ngày {short_date(rnd.deadline)}" in text
    assert "04/7/2023" in text  # the assignment's date, short form
    version = session.get(DraftVersion, rnd.draft_version_id)
    assert f"Dự thảo lần {version.number}" in lines
    assert "- Như trên," in lines and lines.index("Nơi nhận:") < lines.index("- Như trên,")
    assert "K/T TRƯỞNG BAN" in lines and "PHÓ TRƯỞNG BAN" in lines
    assert all(unicodedata.is_normalized("NFC", x) for x in lines)


def test_minutes_record_the_conference(built, session, tmp_path):
    rnd = _rounds(session, "conference")[0]
    _, out, _ = _write(session, built, tmp_path, f"minutes:{rnd.id}")
    conf = session.exec(select(Conference).where(Conference.round_id == rnd.id)).one()
    opinions = session.exec(select(Comment).where(Comment.round_id == rnd.id)).all()
    text = "\n".join(docx_lines(out / "bien-ban-hoi-nghi.docx"))
    assert "BIÊN BẢN" in text
    assert long_date(local_date(conf.held_at)) in text and conf.place in text
    assert f"{number(conf.attendees)} đại biểu" in text
    for c in opinions:
        assert c.speaker in text and c.text in text
    agree = sum(c.position == "agree" for c in opinions)
    disagree = sum(c.position == "disagree" for c in opinions)
    other = len(opinions) - agree - disagree
    assert (
        f"{agree} ý kiến tán thành; {disagree} ý kiến không tán thành; {other} ý kiến khác" in text
    )
    assert "NGƯỜI GHI BIÊN BẢN" in text and "CHỦ TRÌ HỘI NGHỊ" in text
    assert conf.secretary in text and conf.chair in text


def test_synthesis_docx_and_xlsx_rows_match_the_comments(built, session, tmp_path):
    case, out, _ = _write(session, built, tmp_path, "synthesis")
    s = synthesis(session, case.directive_id)
    tables = open_docx(str(out / "bang-tong-hop.docx")).tables
    # The comments' table; the grassroots round's table follows it.
    table = next(t for t in tables if t.rows[0].cells[0].text == "Nhóm vấn đề, điều, khoản")
    header = [c.text for c in table.rows[0].cells]
    assert header == [
        "Nhóm vấn đề, điều, khoản",
        "Chủ thể góp ý",
        "Nội dung góp ý",
        "Nội dung tiếp thu, giải trình",
    ]
    assert len(table.rows) - 1 == s.rows
    ws = load_workbook(out / "bang-tong-hop.xlsx").active
    values = [[c or "" for c in row] for row in ws.iter_rows(values_only=True)]
    start = [r[:4] for r in values].index(header)
    data = values[start + 1 :]
    assert len(data) == s.rows
    comments = session.exec(select(Comment).where(Comment.draft == False)).all()  # noqa: E712
    for c in comments:
        hits = [r for r in data if fold(r[2]) == fold(c.text)]
        assert hits, c.text
        if c.unit_id and not c.speaker:
            assert any(session.get(Unit, c.unit_id).name in r[1].split("\n") for r in hits)
    agreeing = session.exec(select(Invitation).where(Invitation.no_further_comments == True)).all()  # noqa: E712
    top = "\n".join(str(r[0]) for r in values[:start])
    for inv in agreeing:
        assert f"Công văn số {inv.reply_number}, ngày {short_date(inv.reply_date)}" in top


def test_report_counts_each_round_in_its_own_unit(built, session, tmp_path):
    _, out, _ = _write(session, built, tmp_path, "report")
    text = "\n".join(docx_lines(out / "bao-cao-ket-qua-lay-y-kien.docx"))
    written_round = _rounds(session, "written")[0]
    answered = session.exec(
        select(Invitation).where(
            Invitation.round_id == written_round.id,
            Invitation.answered_at != None,  # noqa: E711
        )
    ).all()
    assert f"Công văn số {written_round.letter_number}" in text
    assert f"Kết quả có {len(answered)} văn bản" in text
    conf_round = _rounds(session, "conference")[0]
    opinions = session.exec(select(Comment).where(Comment.round_id == conf_round.id)).all()
    assert f"Kết quả có {len(opinions)} ý kiến" in text
    delegates = sum(session.exec(select(GrassrootsReport.delegates)).all())
    assert delegates > 1000
    assert f"Kết quả có {number(delegates)} đại biểu" in text
    assert str(delegates + len(opinions)) not in text  # never summed across units


def test_submission_and_issued_directive(built, session, tmp_path):
    case, out, _ = _write(session, built, tmp_path, "submission", "directive")
    text = "\n".join(docx_lines(out / "to-trinh.docx"))
    for heading in ("I. QUÁ TRÌNH XÂY DỰNG DỰ THẢO", "III. KIẾN NGHỊ, ĐỀ XUẤT"):
        assert heading in text
    assert "II. BỐ CỤC VÀ NỘI DUNG CƠ BẢN" in text
    assert text.index("Thực hiện") < text.index("I. QUÁ TRÌNH")
    assert "Kính trình Ban Thường vụ Tỉnh ủy xem xét, quyết định." in text
    assert "Bảng tổng hợp, tiếp thu, giải trình ý kiến góp ý" in text
    signing = session.exec(select(Signing)).one()
    lines = docx_lines(out / f"chi-thi-{signing.number.replace('/', '-')}.docx")
    assert f"Số {signing.number}" in lines
    assert f"Bình Phước, {long_date(signing.signed_on)}" in lines
    assert signing.signed_on == date(2023, 10, 12)
    assert "Bình Phước, ngày 12 tháng 10 năm 2023" in lines
    assert "T/M BAN THƯỜNG VỤ" in lines and "PHÓ BÍ THƯ" in lines
    assert signing.signer_name in lines
    for uid in signing.recipient_ids:
        assert f"- {session.get(Unit, uid).name}," in lines


def test_pdf_text_keeps_vietnamese_intact(built, session, tmp_path):
    rnd = _rounds(session, "written")[0]
    case, out, _ = _write(session, built, tmp_path, "directive", "synthesis", f"letter:{rnd.id}")
    signing = session.exec(select(Signing)).one()
    pdf = out / f"chi-thi-{signing.number.replace('/', '-')}.pdf"
    text = pdf_text(pdf)
    assert unicodedata.is_normalized("NFC", text)
    flat = " ".join(text.split())
    for needle in (
        "ĐẢNG CỘNG SẢN VIỆT NAM",
        f"Số {signing.number}",
        "Bình Phước, ngày 12 tháng 10 năm 2023",
        "T/M BAN THƯỜNG VỤ",
        signing.signer_name,
        "Tăng cường sự lãnh đạo của cấp ủy đối với công tác nắm tình hình Nhân dân.",
        "Định kỳ báo cáo hằng quý, sáu tháng, chín tháng và năm.",
    ):
        assert needle in flat, needle
    letter = pdf_text(out / "cong-van-490-CV-BDVTU.pdf")
    assert "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh" in " ".join(letter.split())
    assert "Đ" in letter and "đ" in letter
    if session.get_bind().dialect.name == "sqlite":  # one set of pictures is enough
        shots = snapshot_pages(pdf, "chi-thi") + snapshot_pages(
            out / "bang-tong-hop.pdf", "bang-tong-hop"
        )
        assert shots and all(p.stat().st_size > 5000 for p in shots)


def test_a_long_table_is_rendered_in_parts_that_read_as_one(session, links):
    case = consulted(session, links, stop_after="conference")
    doc = synthesis_document(session, case.directive_id)
    table = doc.blocks[-1]
    assert isinstance(table, Table)  # the synthesis ends with its table
    assert len(table.rows) >= 3
    rules = context(session, case.directive_id).rules
    assert len(split_long_table(doc, 1)) == len(table.rows)
    pages = PdfReader(BytesIO(render_pdf(doc, rules, chunk_rows=1))).pages
    texts = [" ".join(p.extract_text().split()) for p in pages]
    whole = " ".join(texts)
    assert whole.count("BẢNG TỔNG HỢP, TIẾP THU, GIẢI TRÌNH") == 1
    assert whole.count("Nhóm vấn đề, điều, khoản") == len(table.rows)  # header on every part
    for row in table.rows:
        assert " ".join(row[2].split()) in whole
    numbers = [t.rsplit(" ", 1)[-1] for t in texts[1:]]
    assert numbers == [str(n) for n in range(2, len(pages) + 1)]


def test_a_long_table_repeats_its_header_on_every_page(session, links):
    case = consulted(session, links, stop_after="conference")
    doc = synthesis_document(session, case.directive_id)
    table = doc.blocks[-1]
    assert isinstance(table, Table)
    table.rows = table.rows * 40  # enough rows to run over several pages, in one part
    rules = context(session, case.directive_id).rules
    pages = PdfReader(BytesIO(render_pdf(doc, rules))).pages
    assert len(pages) >= 3
    texts = [" ".join(p.extract_text().split()) for p in pages]
    assert " ".join(texts).count("BẢNG TỔNG HỢP, TIẾP THU, GIẢI TRÌNH") == 1
    assert all("Nhóm vấn đề, điều, khoản" in t for t in texts)
    numbers = [t.rsplit(" ", 1)[-1] for t in texts[1:]]
    assert numbers == [str(n) for n in range(2, len(pages) + 1)]
