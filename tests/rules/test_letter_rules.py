"""Letter text rules: the "về" of a typed title, "Kính gửi" / "Nơi nhận" punctuation, and
the signature block of each form (models/text.py, models/letters.py)."""

import pytest

from models.letters import form_of, signature_lines
from models.text import bare_items, listed, without_about


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("Về tăng cường công tác dân vận", "tăng cường công tác dân vận"),
        ("về  tăng cường", "tăng cường"),
        ("VỀ về tăng cường", "tăng cường"),
        ("V/v góp ý dự thảo", "góp ý dự thảo"),
        ("Tăng cường công tác dân vận", "Tăng cường công tác dân vận"),
        ("Vềnh vang", "Vềnh vang"),  # a word that starts with "về" stays
    ],
)
def test_a_leading_ve_goes(typed, kept):
    assert without_about(typed) == kept


def test_lines_end_with_a_comma_and_the_last_with_a_period():
    typed = ["- Các chi ủy, đảng ủy cơ sở,", "Ban Thường vụ Đoàn Khối;", "", "Lưu VT."]
    assert listed(typed) == [
        "- Các chi ủy, đảng ủy cơ sở,",
        "- Ban Thường vụ Đoàn Khối,",
        "- Lưu VT.",
    ]
    assert bare_items(typed) == ["Các chi ủy, đảng ủy cơ sở", "Ban Thường vụ Đoàn Khối", "Lưu VT"]


def test_a_single_addressee_is_inline_and_none_is_nothing():
    assert listed(["Ban Tuyên giáo Tỉnh ủy,"], inline_one=True) == ["Ban Tuyên giáo Tỉnh ủy."]
    assert listed(["Lưu VT"]) == ["- Lưu VT."]
    assert listed([]) == []


@pytest.mark.parametrize(
    ("form", "on_behalf", "title", "lines"),
    [
        ("T/M", "Ban Thường vụ", "Phó Bí thư", ["T/M BAN THƯỜNG VỤ", "PHÓ BÍ THƯ"]),
        ("K/T", "Trưởng Ban", "Phó Trưởng Ban", ["K/T TRƯỞNG BAN", "PHÓ TRƯỞNG BAN"]),
        ("T/L", "Ban Thường vụ", "Chánh Văn phòng", ["T/L BAN THƯỜNG VỤ", "CHÁNH VĂN PHÒNG"]),
        ("T/UQ", "Ban Thường vụ", "Trưởng Ban", ["T/UQ BAN THƯỜNG VỤ", "TRƯỞNG BAN"]),
        ("", "", "Trưởng Ban", ["TRƯỞNG BAN"]),
    ],
)
def test_signature_block_of_each_form(form, on_behalf, title, lines):
    assert signature_lines(form, on_behalf, title) == lines


def test_forms_typed_without_slashes_are_known():
    assert [form_of(x) for x in ("tm", "KT", "TL", "TUQ.", "T/UQ", "")] == [
        "T/M",
        "K/T",
        "T/L",
        "T/UQ",
        "T/UQ",
        "",
    ]
    assert form_of("TT") is None
