"""Vietnamese text rules: NFC, folding, collation, dates and numbers as offices write them."""

import unicodedata
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from models.numbers import format_number, parse_number
from models.text import clean, fold, long_date, number, parse_date, search_key, short_date, sort_key


def test_dates_pad_day_below_ten_and_month_only_for_january_february() -> None:
    assert short_date(date(2023, 7, 4)) == "04/7/2023"
    assert short_date(date(2022, 2, 18)) == "18/02/2022"
    assert short_date(date(2023, 10, 12)) == "12/10/2023"
    assert long_date(date(2022, 3, 7)) == "ngày 07 tháng 3 năm 2022"
    assert long_date(date(2023, 1, 15)) == "ngày 15 tháng 01 năm 2023"


@given(st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 12, 31)))
def test_short_date_reads_back(d: date) -> None:
    assert parse_date(short_date(d)) == d


def test_parse_date_refuses_nonsense_in_vietnamese() -> None:
    with pytest.raises(ValueError, match="Ngày không hợp lệ"):
        parse_date("31/02/2023")


def test_numbers_use_dot_for_thousands() -> None:
    assert number(6325) == "6.325"
    assert number(1263585) == "1.263.585"


def test_clean_is_nfc_and_fixes_eth_and_spaces() -> None:
    decomposed = unicodedata.normalize("NFD", "Ðảng  ủy\u00a0khối")
    out = clean(decomposed)
    assert out == "Đảng ủy khối"
    assert unicodedata.is_normalized("NFC", out)


def test_fold_unifies_tone_placement_but_not_qu() -> None:
    assert fold("Tỉnh uỷ") == fold("Tỉnh ủy") == "tỉnh ủy"
    assert fold("hoà bình") == fold("hòa bình")
    assert fold("quý") == "quý"  # the u of qu- carries no tone


def test_search_key_maps_d_bar_by_hand() -> None:
    assert search_key("Đồng Xoài") == "dong xoai"
    assert search_key("Ðồng Xoài") == "dong xoai"


def test_vietnamese_collation() -> None:
    names = ["Ưng", "Ủy ban", "Đồng Phú", "Dầu Tiếng", "Ơn", "Ô Môn", "Ong", "ăn", "âm", "an"]
    ordered = sorted(names, key=sort_key)
    assert ordered.index("Dầu Tiếng") < ordered.index("Đồng Phú")
    assert ordered.index("Ong") < ordered.index("Ô Môn") < ordered.index("Ơn")
    assert ordered.index("Ủy ban") < ordered.index("Ưng")
    assert ordered.index("an") < ordered.index("ăn") < ordered.index("âm")


def test_document_numbers() -> None:
    assert str(parse_number("Số 490-CV/BDVTU")) == "490-CV/BDVTU"
    assert str(parse_number("25 -NQ/TW")) == "25-NQ/TW"
    assert str(parse_number("865 - TB/TU")) == "865-TB/TU"
    assert format_number(1, "CT", "TU") == "01-CT/TU"
    with pytest.raises(ValueError, match="không đúng dạng"):
        parse_number("490/CV-BDVTU")
