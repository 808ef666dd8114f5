"""Drafts by upload (bad files refused, nothing saved), escaped diffs, document downloads."""

from sqlmodel import func, select

from models.tables import DraftVersion
from tests.factories import directive_with_draft
from tests.web.officer_kit import NOW, make_site, post


def test_upload_errors_keep_text_and_save_nothing(engine, session, settings):
    site = make_site(engine, session, settings)
    did = site.run(directive_with_draft, w=site.world, now=NOW)
    hoa = site.client("hoa")
    typed = "I. MỤC MỚI\nNội dung đang gõ dở."
    for name, data, message in [
        ("du-thao.pdf", b"%PDF-1.4", "Chỉ nhận tệp .txt, .md hoặc .docx."),
        ("du-thao.docx", b"not a zip", "Không đọc được tệp .docx này."),
    ]:
        r = post(
            hoa, f"/directives/{did}/drafts/new", {"text": typed}, files={"file": (name, data)}
        )
        assert r.status_code == 422 and message in r.text
        assert "Nội dung đang gõ dở." in r.text
    assert site.one(select(func.count()).select_from(DraftVersion)) == 1
    md = "# II. NHIỆM VỤ\n1. Làm rõ **trách nhiệm** người đứng đầu."
    r = post(
        hoa, f"/directives/{did}/drafts/new", {"text": ""}, files={"file": ("v2.md", md.encode())}
    )
    assert r.status_code == 303
    shown = hoa.get(f"/directives/{did}/drafts/2").text
    assert 'id="s-II.1"' in shown and "trách nhiệm" in shown


def test_diff_is_escaped_and_inline_mode(engine, session, settings):
    site = make_site(engine, session, settings)
    did = site.run(directive_with_draft, w=site.world, now=NOW)
    hoa = site.client("hoa")
    text = "I. TÌNH HÌNH\nThêm <script>alert(1)</script> vào đây."
    assert post(hoa, f"/directives/{did}/drafts/new", {"text": text}).status_code == 303
    for mode in ("side", "inline"):
        page = hoa.get(f"/directives/{did}/diff?a=1&b=2&mode={mode}")
        assert page.status_code == 200
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text
        assert "<script>alert(1)" not in page.text
    assert "d-del" in hoa.get(f"/directives/{did}/diff?a=1&b=2&mode=inline").text
    assert hoa.get(f"/directives/{did}/diff?a=1&b=9").status_code == 404
    assert hoa.get(f"/directives/{did}/diff?a=x&b=1").status_code == 422


def test_documents_listed_and_served_only_inside_their_folder(engine, session, settings):
    site = make_site(engine, session, settings)
    did = site.run(directive_with_draft, w=site.world, now=NOW)
    folder = settings.data_dir / "documents" / str(did) / "round-1"
    folder.mkdir(parents=True)
    (folder / "cong-van-490.docx").write_bytes(b"PK\x03\x04 document")
    (settings.data_dir / "secret.txt").write_text("không được lộ")
    hoa = site.client("hoa")
    page = hoa.get(f"/directives/{did}")
    assert f"/directives/{did}/documents/round-1/cong-van-490.docx" in page.text
    got = hoa.get(f"/directives/{did}/documents/round-1/cong-van-490.docx")
    assert got.status_code == 200 and got.content == b"PK\x03\x04 document"
    for bad in ("../../secret.txt", "..%2F..%2Fsecret.txt", "round-1/../../../secret.txt"):
        r = hoa.get(f"/directives/{did}/documents/{bad}")
        assert r.status_code == 404 and "không được lộ" not in r.text, bad
    # Another body's document answers as a missing one (ids cannot be enumerated).
    assert (
        site.client("khac")
        .get(f"/directives/{did}/documents/round-1/cong-van-490.docx")
        .status_code
        == 404
    )
