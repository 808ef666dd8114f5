"""Vietnamese text rules: NFC, folding, collation, dates and numbers as offices write them."""

import sys
import unicodedata
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from models.numbers import format_number, parse_number
from models.text import (
    CF_RANGES,
    clean,
    clean_line,
    fold,
    long_date,
    number,
    parse_date,
    search_key,
    short_date,
    sort_key,
)


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


# U+202E turns "abc" into "cba" on screen and in print; the others hide in copied text.
INVISIBLE = [
    "\u200e", "\u200f", "\u202a", "\u202b", "\u202c", "\u202d", "\u202e",
    "\u2066", "\u2067", "\u2068", "\u2069", "\ufeff", "\u00ad", "\u200c", "\u200d",
    "\u2060", "\u061c", "\U000e0041",
]  # fmt: skip


@pytest.mark.parametrize("char", INVISIBLE, ids=lambda c: f"U+{ord(c):04X}")
def test_clean_strips_bidi_controls_and_invisible_format_characters(char: str) -> None:
    assert clean(f"Chỉ{char} thị abc{char}def") == "Chỉ thị abcdef"
    assert clean_line(f"{char}Tỉnh ủy{char}") == "Tỉnh ủy"
    assert fold(f"Tỉnh{char} ủy") == fold("Tỉnh ủy")


def test_a_format_character_between_letter_and_mark_does_not_block_nfc() -> None:
    # "o" + RLO + combining acute: stripped first, then composed into "ó".
    assert clean("ho\u202e\u0301a") == "hóa"


def test_line_separators_become_line_breaks() -> None:
    assert clean("Mục I\u2028Mục II\u2029Mục III") == "Mục I\nMục II\nMục III"


def test_format_ranges_cover_every_cf_character_of_this_python() -> None:
    """When Python's Unicode database grows, the hard-coded ranges must follow it."""
    covered = {cp for a, b in CF_RANGES for cp in range(a, b + 1)}
    every_cf = {cp for cp in range(sys.maxunicode + 1) if unicodedata.category(chr(cp)) == "Cf"}
    assert every_cf - covered == {0x200B}  # the zero-width space becomes a plain space
    assert covered <= every_cf
    assert clean("a\u200bb") == "a b"


def test_control_characters_are_dropped_but_line_breaks_kept() -> None:
    assert clean("Mục\x00 I\x08\x7f\x1b\r\nMục\x0b II\x9b") == "Mục I\nMục II"


@given(st.text())
def test_cleaned_text_has_no_format_or_control_character_and_is_stable(value: str) -> None:
    out = clean(value)
    assert not any(unicodedata.category(c) in ("Cf", "Cc") and c != "\n" for c in out)
    assert clean(out) == out


def test_a_moment_reads_as_its_day_in_vietnam():
    from datetime import UTC, datetime

    from models.text import short_date

    assert short_date(datetime(2026, 12, 1, 18, 51, tzinfo=UTC)) == "02/12/2026"
    assert short_date(datetime(2026, 12, 1, 18, 51)) == "02/12/2026"  # naive: UTC
    assert short_date(datetime(2026, 12, 1, 16, 59, tzinfo=UTC)) == "01/12/2026"
