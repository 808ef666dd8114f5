"""The documents the render-documents reaction writes, the letter on invitation emails, the
narrative, and refusals with a Vietnamese message."""

from io import BytesIO

import pytest
from docx import Document as open_docx
from openpyxl import load_workbook
from sqlmodel import col, select

from documents.attachments import round_letter_attachments
from documents.directive import issued_document
from documents.files import available_files, render_file
from documents.minutes import conference_minutes
from documents.narrative import consultation_narrative
from documents.provider import documents_dir, render_documents
from models.errors import DomainError, NotFound
from models.rulesets import load, names
from models.tables import Comment, GrassrootsReport, Invitation, OutboxMessage, Round
from models.text import fold, number, short_date
from tests.documents.case import consulted


def test_render_documents_writes_the_families_asked(session, links, settings):
    case = consulted(session, links, stop_after="written")
    rid = case.rounds[0]
    did = case.directive_id
    out = documents_dir(settings.data_dir, did)
    render_documents(session, did, [], data_dir=settings.data_dir)
    assert not out.exists() or not list(out.iterdir())
    render_documents(session, did, [f"letter:{rid}"], data_dir=settings.data_dir)
    first = sorted(p.name for p in out.iterdir())
    assert first == ["cong-van-490-CV-BDVTU.docx", "cong-van-490-CV-BDVTU.pdf"]
    render_documents(session, did, [f"letter:{rid}"], data_dir=settings.data_dir)
    assert sorted(p.name for p in out.iterdir()) == first
    later = ["synthesis", "report", "submission"]
    render_documents(session, did, later, data_dir=settings.data_dir)
    names_now = {p.name for p in out.iterdir()}
    assert {"bang-tong-hop.xlsx", "bao-cao-ket-qua-lay-y-kien.pdf"} <= names_now
    assert "to-trinh.pdf" not in names_now  # not finalised yet
    assert not [p for p in out.iterdir() if p.name.startswith(".")]  # no temporary files left


def test_invitation_emails_carry_the_round_letter(session, links):
    consulted(session, links, stop_after="written")
    msg = session.exec(select(OutboxMessage).where(OutboxMessage.template == "invitation")).first()
    files = round_letter_attachments(session, msg)
    assert [f.filename for f in files] == [
        "cong-van-490-CV-BDVTU.pdf",
        "cong-van-490-CV-BDVTU.docx",
    ]
    assert files[0].content.startswith(b"%PDF") and files[0].subtype == "pdf"
    lines = [
        p.text
        for t in open_docx(BytesIO(files[1].content)).tables
        for c in t._cells
        for p in c.paragraphs
    ]
    assert "Số 490-CV/BDVTU" in lines
    again = round_letter_attachments(session, msg)
    assert again[0].content is files[0].content  # rendered once per round, not per email
    receipt = session.exec(select(OutboxMessage).where(OutboxMessage.template == "receipt")).first()
    assert round_letter_attachments(session, receipt) == []


def test_narrative_from_the_records(session, links):
    case = consulted(session, links, stop_after="grassroots")
    paras = consultation_narrative(session, case.directive_id)
    rounds = session.exec(select(Round).order_by(col(Round.ordinal))).all()
    assert paras[0].startswith("Thực hiện Thông báo số 1704-TB/TU, ngày 04/7/2023")
    assert len(paras) == 1 + len(rounds)
    for rnd, para in zip(rounds, paras[1:], strict=True):
        if rnd.kind == "conference":  # dated by the day it is held, its giấy mời named
            assert f"Giấy mời số {rnd.letter_number}" in para
        else:
            assert f"Ngày {short_date(rnd.letter_date)}" in para
            assert f"Công văn số {rnd.letter_number}" in para
    answered = session.exec(
        select(Invitation).where(
            Invitation.round_id == rounds[0].id,
            col(Invitation.answered_at).is_not(None),
        )
    ).all()
    assert f"Kết quả có {len(answered)} văn bản" in paras[1]
    assert "lần thứ nhất" in paras[1] and "lần thứ hai" in paras[2] and "lần thứ ba" in paras[3]
    delegates = sum(session.exec(select(GrassrootsReport.delegates)).all())
    assert f"{number(delegates)} đại biểu" in paras[3] and "." in number(delegates)


def test_documents_not_yet_possible_are_refused_in_vietnamese(session, links):
    case = consulted(session, links, stop_after="written")
    with pytest.raises(DomainError, match="Chỉ thị chưa được ký"):
        issued_document(session, case.directive_id)
    with pytest.raises(DomainError, match="không phải hội nghị"):
        conference_minutes(session, case.rounds[0])


def test_rule_sets_are_data():
    assert {"qd66-2017", "qd399-2026"} <= set(names())
    old, new = load("qd66-2017"), load("qd399-2026")
    assert old.kind_name("CT") == new.kind_name("CT") == "Chỉ thị"
    assert "QĐi" in old.symbols and "QĐi" not in new.symbols
    assert set(old.forms) == {"T/M", "K/T", "T/L"}
    with pytest.raises(NotFound, match="Không có bộ quy định"):
        load("../qd66-2017")


def test_downloads_list_and_render_what_the_records_support(session, links):
    case = consulted(session, links, stop_after="written")
    files = available_files(session, case.directive_id)
    assert "cong-van-490-CV-BDVTU.pdf" in files and "bang-tong-hop.xlsx" in files
    assert "to-trinh.pdf" not in files  # not finalised yet
    content, media = render_file(session, case.directive_id, "bang-tong-hop.xlsx")
    assert media.endswith("spreadsheetml.sheet")
    sheet = load_workbook(BytesIO(content)).active
    texts = {str(c.value) for row in sheet.iter_rows() for c in row if c.value}
    comments = session.exec(select(Comment.text).where(Comment.draft == False)).all()  # noqa: E712
    assert all(any(fold(t) == fold(x) for x in texts) for t in comments)
    for bad in ("to-trinh.pdf", "../../etc/passwd", "bang-tong-hop.exe"):
        with pytest.raises(NotFound, match="Không có văn bản"):
            render_file(session, case.directive_id, bad)
