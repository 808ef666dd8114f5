"""The PDFs typst writes: every kind keeps the Party's form in its text, the Vietnamese reads
back intact, Liberation Serif is the font embedded, and typed text is never typst markup."""

import subprocess
import unicodedata

import pytest

from documents.common import context
from documents.files import plan
from documents.model import Document, Header, PageBreak, Para, Signature, Table
from documents.pdf_writer import TEMPLATES, render_pdf
from models.rulesets import load
from tests.documents.case import consulted
from tests.documents.conftest import have_poppler

pytestmark = pytest.mark.skipif(not have_poppler(), reason="poppler-utils not installed")


def _text(pdf: bytes) -> str:
    return subprocess.run(
        ["pdftotext", "-", "-"], input=pdf, check=True, capture_output=True
    ).stdout.decode()


def _flat(text: str) -> str:
    return " ".join(text.split())


def _fonts(pdf: bytes) -> list[tuple[str, str]]:
    """(font name without its subset tag, "yes"/"no" embedded) for each font of the PDF."""
    out = subprocess.run(["pdffonts", "-"], input=pdf, check=True, capture_output=True)
    rows = out.stdout.decode().splitlines()[2:]
    return [(r.split()[0].split("+")[-1], r.split()[-5]) for r in rows if r.strip()]


def _form_lines(doc: Document) -> list[str]:
    h = doc.header
    lines = [*h.issuer_lines, "*", h.number, h.place_date, "ĐẢNG CỘNG SẢN VIỆT NAM", h.marker]
    lines += [doc.title, *doc.subtitle, *doc.addressees]
    if doc.addressees:
        lines.append("Kính gửi:")
    if doc.recipients:
        lines += ["Nơi nhận:", *doc.recipients]
    for s in doc.signatures:
        lines += [*s.lines, s.name]
    return [x for x in lines if x]


def test_every_kind_keeps_the_form_in_its_text(session, links):
    case = consulted(session, links)
    rules = context(session, case.directive_id).rules
    kinds = set()
    for planned in plan(session, case.directive_id):
        doc = planned.document()
        kinds.add(doc.kind)
        pdf = render_pdf(doc, rules)
        text = _text(pdf)
        assert unicodedata.is_normalized("NFC", text)
        flat = _flat(text)
        for part in [doc, *doc.appendix]:
            for line in _form_lines(part):
                assert _flat(line) in flat, (doc.slug, line)
        fonts = _fonts(pdf)
        assert fonts and all(name.startswith("LiberationSerif") for name, _ in fonts), doc.slug
        assert all(embedded == "yes" for _, embedded in fonts), doc.slug
    assert kinds == {
        "cong-van",
        "giay-moi",
        "bien-ban",
        "bang-tong-hop",
        "bao-cao",
        "to-trinh",
        "chi-thi",
    }


def _sample(text: str) -> Document:
    return Document(
        slug="mau",
        kind="cong-van",
        header=Header(
            ["TỈNH ỦY BÌNH PHƯỚC", "BAN DÂN VẬN"],
            "Số 490-CV/BDVTU",
            "Bình Phước, ngày 12 tháng 7 năm 2023",
            abstract="V/v góp ý dự thảo",
        ),
        addressees=["Huyện ủy Bù Đăng"],
        blocks=[
            Para(text),
            Para("", runs=[("Đậm: ", "b"), ("nghiêng", "i")]),
            Table(["STT", "Nội dung"], [["1", text]], [1, 6]),
        ],
        recipients=["- Như trên,", "- Lưu VT."],
        signatures=[Signature(["K/T TRƯỞNG BAN", "PHÓ TRƯỞNG BAN"], "Nguyễn Văn Ất")],
    )


def test_typed_text_is_printed_never_read_as_typst_markup():
    typed = 'Ý kiến #strong[x] $a^2$ <nhan> @ref *đậm* _nghiêng_ \\ "ngoặc" // chú thích'
    pdf = render_pdf(_sample(typed), load())
    flat = _flat(_text(pdf))
    assert flat.count(typed) == 2  # the paragraph and the table cell, character for character


def test_vietnamese_diacritics_read_back_from_every_style():
    words = "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh, Đảng ủy xã Đồng Tiến, ưu tiên, nghiêng, Ất"
    pdf = render_pdf(_sample(words), load())
    text = _text(pdf)
    assert words in _flat(text)
    assert "Đậm: nghiêng" in _flat(text)
    assert "Nguyễn Văn Ất" in text
    # Regular, bold (issuer, signature), italic (place and date) and bold italic (Nơi nhận),
    # all Liberation Serif, all embedded.
    assert {name for name, _ in _fonts(pdf)} == {
        "LiberationSerif",
        "LiberationSerif-Bold",
        "LiberationSerif-Italic",
        "LiberationSerif-BoldItalic",
    }
    assert {embedded for _, embedded in _fonts(pdf)} == {"yes"}


def test_each_kind_the_builders_name_has_its_template():
    kinds = {"cong-van", "giay-moi", "du-thao", "chi-thi", "to-trinh", "bao-cao"}
    kinds |= {"bang-tong-hop", "bien-ban", "muc-luc", "van-ban"}
    assert {p.stem for p in TEMPLATES.glob("*.typ")} == kinds | {"form"}
    with pytest.raises(ValueError, match="không-có"):
        doc = _sample("x")
        doc.kind = "không-có"
        render_pdf(doc, load())


def test_the_first_page_has_no_number_and_the_next_ones_do():
    doc = _sample("Nội dung")
    doc.blocks.insert(1, Para("Trang sau"))
    doc.blocks.insert(1, PageBreak())
    pages = _text(render_pdf(doc, load())).split("\f")
    assert not pages[0].strip().endswith("1")
    assert pages[1].strip().endswith("2")
