"""The follow-up duties read from a directive's text (models/follow_up/extract.py): the
reference directive's last paragraphs (seed 004) and other wordings, typed without accents
or decomposed."""

import unicodedata
from datetime import date
from pathlib import Path

import pytest

from models.follow_up.extract import BriefingDuty, suggest_plan

# The shared seeds sit beside the repository (../shared/seeds) in a checkout; the last
# paragraphs of seed 004 are copied here so the test runs anywhere, and checked against the
# seed itself where it is found.
SEEDS = [p / "shared" / "seeds" for p in Path(__file__).resolve().parents]
SEED_004_LAST = "\n\n".join(
    [
        (
            "Đề nâng cao hiệu quả công tác nắm tình hình Nhân dân, dân tộc, tôn giáo trong "
            "tình hình mới, Ban Thường vụ Tỉnh ủy yêu cầu các ấp ủy, tổ chức đảng thực hiện 9 "
            "nhiệm vụ trọng tâm, đồng thời xây dựng kế hoạch để thực hiện nghiêm túc chỉ thị "
            "của Tỉnh ủy, đưa nội dung công tác nắm tình hình Nhân dân, dân tộc, tôn giáo vào "
            "báo cáo của cấp ủy, cơ quan, đơn vị. Yêu cầu Thường trực huyện, thị, thành ủy "
            "chủ trù tổ chức hội nghị giao ban nắm bắt tình hình Nhân dân, dân tộc, tôn giáo "
            "ở địa phương, cơ sở ít nhất 01 lần/quý. Cấp tỉnh, giao Ban Dân vận Tỉnh ủy chủ "
            "trì phối hợp tổ chức hội nghị giao ban nắm bắt tình hình Nhân dân (quý/01 lần)."
        ),
        (
            "Định kỳ hằng quý, sáu tháng, chín tháng và năm, các cấp ủy, chính quyền, cơ "
            "quan, đơn vị, địa phương báo cáo tình hình Nhân dân, dân tộc, tôn giáo về Ban "
            "Thường vụ Tỉnh ủy (qua Ban Dân vận Tỉnh ủy)."
        ),
        (
            "Giao Ban Dân vận Tỉnh ủy chủ trì, phối hợp, theo dõi, đôn đốc, kiểm tra, giám "
            "sát việc thực hiện Chỉ thị và định kỳ tham mưu Ban Thường vụ Tỉnh ủy sơ kết, "
            "tổng kết theo quy định."
        ),
    ]
)
ISSUED = date(2023, 10, 12)
ALL_FOUR = ["quy-1", "6-thang", "9-thang", "nam"]


def _seed_004() -> str:
    found = [f for d in SEEDS for f in sorted(d.glob("004_*.txt"))]
    if not found:
        pytest.skip("seed 004 is not on this machine")
    return found[0].read_text(encoding="utf-8")


def _last_paragraphs(text: str) -> str:
    """From the nine tasks' paragraph to the signature line of the article."""
    return text[text.index("Đề nâng cao") : text.index("Nguồn tin")]


def test_the_copy_is_the_seeds_text():
    seed = " ".join(_last_paragraphs(_seed_004()).split())
    assert " ".join(SEED_004_LAST.split()) == seed


def test_seed_004_last_paragraphs():
    s = suggest_plan(SEED_004_LAST, issued_on=ISSUED)
    assert s.cadence == ALL_FOUR
    assert s.report_to == "Ban Thường vụ Tỉnh ủy"
    assert s.report_through == "Ban Dân vận Tỉnh ủy"
    assert s.reporters == ["cấp ủy", "chính quyền", "cơ quan", "đơn vị", "địa phương"]
    assert s.all_units  # "cơ quan, đơn vị, địa phương": every body and locality
    assert "chinh-quyen" in s.categories and "huyen-uy" in s.categories
    assert s.briefings == [
        BriefingDuty("Thường trực huyện, thị, thành ủy", "quy", 1, "huyen-uy"),
        BriefingDuty("Ban Dân vận Tỉnh ủy", "quy", 1, ""),
    ]
    # "sơ kết, tổng kết theo quy định": ordered, without years, so the defaults are flagged.
    assert s.so_ket_stated and s.tong_ket_stated
    assert s.so_ket_default and s.tong_ket_default
    assert s.first_year == 2023  # issued on 12/10: the year's report is still to come
    assert s.so_ket_year is not None and s.tong_ket_year is not None
    assert 2023 < s.so_ket_year < s.tong_ket_year == s.last_year
    assert (s.cutoff_day, s.due_working_days) == (14, 5)
    assert [q.duty for q in s.quotes] == [
        "Hội nghị giao ban",
        "Hội nghị giao ban",
        "Kỳ báo cáo",
        "Sơ kết, tổng kết",
    ]
    assert all(q.text in SEED_004_LAST for q in s.quotes)


def test_seed_004_whole_text_reads_only_the_directives_own_duties():
    """The article's body speaks of "thường xuyên tổng kết" and of reviewing other texts;
    none of that is a duty of this directive, and "Giao Ban Dân vận" is no giao ban."""
    seed = _seed_004()
    whole = suggest_plan(seed, issued_on=ISSUED)
    assert whole == suggest_plan(_last_paragraphs(seed), issued_on=ISSUED)
    assert whole == suggest_plan(SEED_004_LAST, issued_on=ISSUED)


def test_six_months_and_yearly_to_a_people_committee_through_a_department():
    s = suggest_plan(
        "Định kỳ 6 tháng, hằng năm, các sở, ngành báo cáo kết quả về Ủy ban nhân dân tỉnh "
        "(qua Sở Nội vụ).",
        issued_on=ISSUED,
    )
    assert s.cadence == ["6-thang", "nam"]
    assert (s.report_to, s.report_through) == ("Ủy ban nhân dân tỉnh", "Sở Nội vụ")
    assert s.reporters == ["sở", "ngành"]
    assert s.categories == ["chinh-quyen"] and not s.all_units


def test_a_yearly_report_due_on_a_stated_day():
    s = suggest_plan(
        "Các huyện ủy, thị ủy, thành ủy báo cáo kết quả trước ngày 15/12 hằng năm.",
        issued_on=ISSUED,
    )
    assert s.cadence == ["nam"]
    assert s.stated_due == (15, 12)
    assert s.reporters == ["huyện ủy", "thị ủy", "thành ủy"]
    assert s.categories == ["huyen-uy"] and not s.all_units
    # Due on the 15th: the cut-off stays the 14th and one working day is given.
    assert (s.cutoff_day, s.due_working_days) == (14, 1)


def test_a_due_day_before_the_cutoff_moves_the_cutoff():
    s = suggest_plan("Các đơn vị gửi báo cáo năm trước ngày 10/12 hằng năm.", issued_on=ISSUED)
    assert s.stated_due == (10, 12)
    assert s.cutoff_day < 10
    assert s.due_working_days >= 1


@pytest.mark.parametrize(
    ("text", "so_ket", "tong_ket"),
    [
        ("Sau 3 năm sơ kết, sau 5 năm tổng kết việc thực hiện Chỉ thị.", 2026, 2028),
        (
            "Sau 3 năm thực hiện Chỉ thị, Ban Thường vụ Tỉnh ủy tổ chức sơ kết; "
            "đến năm 2030 tổng kết.",
            2026,
            2030,
        ),
        ("Sơ kết 2 năm thực hiện Chỉ thị; tổng kết vào năm 2029.", 2025, 2029),
        ("Sau năm năm tổng kết việc thực hiện Chỉ thị.", None, 2028),
    ],
)
def test_review_years(text, so_ket, tong_ket):
    s = suggest_plan(text, issued_on=ISSUED)
    assert (s.so_ket_year, s.tong_ket_year) == (so_ket, tong_ket)
    assert not s.tong_ket_default
    assert s.last_year == tong_ket


def test_without_diacritics_reads_the_same():
    s = suggest_plan(
        "Dinh ky hang quy, sau thang, chin thang va nam, cac cap uy, chinh quyen bao cao "
        "tinh hinh ve Ban Thuong vu Tinh uy (qua Ban Dan van Tinh uy). Yeu cau Thuong truc "
        "huyen, thi, thanh uy to chuc hoi nghi giao ban it nhat 01 lan/quy. Sau 3 nam so ket "
        "viec thuc hien Chi thi.",
        issued_on=ISSUED,
    )
    assert s.cadence == ALL_FOUR
    assert (s.report_to, s.report_through) == ("Ban Thuong vu Tinh uy", "Ban Dan van Tinh uy")
    assert s.reporters == ["cap uy", "chinh quyen"]
    assert s.briefings == [BriefingDuty("Thuong truc huyen, thi, thanh uy", "quy", 1, "huyen-uy")]
    assert s.so_ket_year == 2026 and not s.so_ket_default


def test_decomposed_text_reads_as_composed():
    nfd = unicodedata.normalize("NFD", SEED_004_LAST)
    assert nfd != SEED_004_LAST
    assert suggest_plan(nfd, issued_on=ISSUED) == suggest_plan(SEED_004_LAST, issued_on=ISSUED)


@pytest.mark.parametrize(
    ("wording", "every", "times"),
    [
        ("mỗi tháng một lần", "thang", 1),
        ("ít nhất 2 lần/năm", "nam", 2),
        ("6 tháng 1 lần", "6-thang", 1),
        ("hằng quý", "quy", 1),
    ],
)
def test_briefing_frequencies(wording, every, times):
    s = suggest_plan(
        f"Giao Ban Tuyên giáo Tỉnh ủy chủ trì tổ chức hội nghị giao ban {wording}.",
        issued_on=ISSUED,
    )
    assert s.briefings == [BriefingDuty("Ban Tuyên giáo Tỉnh ủy", every, times, "")]


def test_monthly_reports_are_a_note_not_a_period():
    s = suggest_plan("Hằng tháng, các đơn vị báo cáo về Thường trực Tỉnh ủy.", issued_on=ISSUED)
    assert s.cadence == []
    assert s.report_to == "Thường trực Tỉnh ủy"
    assert any("hằng tháng" in n for n in s.notes)


def test_nothing_stated_gives_defaults_flagged_as_such():
    s = suggest_plan("Các cấp ủy quán triệt, triển khai thực hiện nghiêm túc.", issued_on=ISSUED)
    assert not s.found
    assert s.cadence == [] and s.briefings == [] and s.reporters == []
    assert s.so_ket_default and s.tong_ket_default


def test_issued_after_the_years_cutoff_starts_next_year():
    s = suggest_plan("", issued_on=date(2023, 12, 20))
    assert s.first_year == 2024
    assert suggest_plan("", issued_on=date(2023, 12, 14)).first_year == 2023


@pytest.mark.parametrize(
    "text",
    ["\x00\u202e" * 50, "báo cáo " * 2000, "định kỳ hằng " * 500, "sơ kết " * 300 + "sau 99 năm"],
)
def test_hostile_text_never_fails(text):
    s = suggest_plan(text, issued_on=ISSUED)
    assert s.first_year <= s.last_year
    if s.so_ket_year is not None and s.tong_ket_year is not None:
        assert s.so_ket_year < s.tong_ket_year


def test_numbered_items_of_a_directives_last_section():
    """A real directive lists its duties as numbered items under "Tổ chức thực hiện"; the
    numbers are no part of who reports or who holds the briefing."""
    s = suggest_plan(
        "III. TỔ CHỨC THỰC HIỆN\n"
        "1. Các huyện ủy, thành ủy và các sở, ngành báo cáo kết quả thực hiện định kỳ "
        "6 tháng, hằng năm về Ban Thường vụ Tỉnh ủy (qua Ban Tuyên giáo Tỉnh ủy).\n"
        "2. Giao Ban Tuyên giáo Tỉnh ủy chủ trì tổ chức hội nghị giao ban mỗi quý một lần.\n"
        "b) Sau 2 năm sơ kết, năm 2029 tổng kết việc thực hiện Chỉ thị.",
        issued_on=date(2025, 3, 20),
    )
    assert s.cadence == ["6-thang", "nam"]
    assert s.reporters == ["huyện ủy", "thành ủy", "sở", "ngành"]
    assert s.briefings == [BriefingDuty("Ban Tuyên giáo Tỉnh ủy", "quy", 1, "")]
    assert (s.so_ket_year, s.tong_ket_year, s.first_year, s.last_year) == (2027, 2029, 2025, 2029)
