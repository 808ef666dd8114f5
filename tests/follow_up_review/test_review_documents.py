"""The Báo cáo sơ kết and the Kế hoạch as DOCX and PDF, read back: the figures printed where
the prose marks them, as computed now, and an annex table per figure naming each report."""

from io import BytesIO

from docx import Document as read_docx
from pypdf import PdfReader

from documents.docx_writer import render_docx
from documents.files import plan as documents_plan
from documents.files import render_file
from documents.pdf_writer import render_pdf
from documents.review import plan_document, review_document
from models.commands.reviews import review_draft, review_edit, review_number
from models.follow_up.review import format_value
from models.ids import id_of
from models.queries.reviews import review_facts
from models.rulesets import load
from tests.review_kit import NOW, scenario, set_figure


def _docx_text(content: bytes) -> tuple[str, list[list[list[str]]]]:
    doc = read_docx(BytesIO(content))
    text = "\n".join(p.text for p in doc.paragraphs)
    tables = [[[c.text for c in row.cells] for row in t.rows] for t in doc.tables]
    return text, tables


def _pdf_text(content: bytes) -> str:
    return " ".join(
        " ".join((p.extract_text() or "").split()) for p in PdfReader(BytesIO(content)).pages
    )


def test_report_docx_and_pdf_carry_the_figures_and_the_annex(session):
    sc = scenario(session)
    pid, did = id_of(sc.round), sc.office.directive_id
    review_draft(session, did, pid, by="dung", now=NOW)
    review_edit(
        session, did, pid,
        {"1": "Toàn tỉnh tổ chức [[so_buoi_doi_thoai]] đối thoại; nhiều nhất [[so_vu_viec]]."},
        by="dung", now=NOW,
    )  # fmt: skip
    review_number(session, did, pid, report_date=NOW.date(), by="dung", now=NOW)
    figures = review_facts(session, sc.round).figures
    dialogue = next(f for f in figures if f.code == "so_buoi_doi_thoai")
    assert dialogue.value is not None
    doc = review_document(session, pid)
    rules = load()
    text, tables = _docx_text(render_docx(doc, rules))
    assert f"Toàn tỉnh tổ chức {format_value(dialogue.value)} buổi đối thoại" in text
    assert "[[" not in text
    assert "BÁO CÁO" in text and "PHỤ LỤC" in text
    cells = [c for t in tables for row in t for c in row]
    assert any(c.endswith("Số 01-BC/TU") for c in cells)
    # One annex table per figure that has contributions, a row per contributing report.
    annex = [t for t in tables if t and t[0][:3] == ["STT", "Đơn vị", "Số báo cáo"]]
    assert len(annex) == len([f for f in figures if f.trace])
    for table, fig in zip(annex, [f for f in figures if f.trace], strict=True):
        body = table[1:-1]
        assert [r[2] for r in body] == [c.number for c in fig.trace]
        assert [r[1] for r in body] == [c.unit_name for c in fig.trace]
        assert fig.value is not None and table[-1][-1] == format_value(fig.value)
    pdf = _pdf_text(render_pdf(doc, rules))
    assert f"{format_value(dialogue.value)} buổi" in pdf
    assert "01-BC/TU" in pdf and "PHỤ LỤC" in pdf
    for c in dialogue.trace:
        assert c.number in pdf


def test_document_follows_a_changed_unit_report(session):
    sc = scenario(session)
    pid, did = id_of(sc.round), sc.office.directive_id
    review_draft(session, did, pid, by="dung", now=NOW)
    r = sc.reports["so-ket/a"]
    set_figure(session, r, "so_buoi_doi_thoai", 1234)
    total = next(
        f for f in review_facts(session, sc.round).figures if f.code == "so_buoi_doi_thoai"
    )
    assert total.value == 1234 + 7 + 4 + 1 + 2
    text, _ = _docx_text(render_docx(review_document(session, pid), load()))
    assert f"{format_value(total.value)} buổi" in text and "1.248 buổi" in text


def test_plan_document_lists_the_outline_and_figures(session):
    sc = scenario(session)
    sc.round.plan_number, sc.round.plan_date = "07-KH/BDVTU", NOW.date()
    session.add(sc.round)
    session.commit()
    doc = plan_document(session, id_of(sc.round))
    assert doc.slug == "ke-hoach-07-KH-BDVTU"
    text, tables = _docx_text(render_docx(doc, load()))
    assert "KẾ HOẠCH" in text and "ĐỀ CƯƠNG" in text
    for sec in sc.round.outline:
        assert sec["title"].upper() in text
    assert ["1", "Số buổi đối thoại với Nhân dân", "buổi"] in [r for t in tables for r in t]
    pdf = _pdf_text(render_pdf(doc, load()))
    assert "07-KH/BDVTU" in pdf and "ĐỀ CƯƠNG" in pdf


def test_files_family_and_download(session):
    sc = scenario(session)
    pid, did = id_of(sc.round), sc.office.directive_id
    assert not [p for p in documents_plan(session, did) if p.family == f"review:{pid}"]
    review_draft(session, did, pid, by="dung", now=NOW)
    stems = [p.slug for p in documents_plan(session, did) if p.family == f"review:{pid}"]
    assert stems == ["bao-cao-so-ket-2025"]
    content, media = render_file(session, did, "bao-cao-so-ket-2025.docx")
    assert media.endswith("wordprocessingml.document")
    assert "PHỤ LỤC" in _docx_text(content)[0]


def test_review_drafted_renders_its_family(session, tmp_path):
    from documents.provider import render_documents
    from flows.reactions import reactions_for

    sc = scenario(session)
    pid, did = id_of(sc.round), sc.office.directive_id
    sc.round.plan_number, sc.round.plan_date = "07-KH/BDVTU", NOW.date()
    session.add(sc.round)
    session.commit()
    event = review_draft(session, did, pid, by="dung", now=NOW).events[0]
    (reaction,) = reactions_for(41, event)
    assert reaction.flow == "render-documents"
    assert reaction.params == {"directive_id": did, "families": [f"review:{pid}"]}
    written = render_documents(session, did, reaction.params["families"], data_dir=tmp_path)
    assert sorted(p.name for p in written) == [
        "bao-cao-so-ket-2025.docx",
        "bao-cao-so-ket-2025.pdf",
        "ke-hoach-07-KH-BDVTU.docx",
        "ke-hoach-07-KH-BDVTU.pdf",
    ]
