"""After the signing: how Chỉ thị 22-CT/TU was followed, written for the demo.

The plan the Ban Dân vận confirmed (cadence, reporting units, indicators, sections), and for
each period each unit's report: its figures, number, when it was sent, who was late, whose
report was returned and sent again, who was exempt; the giao ban conferences each quarter;
the sơ kết round and the Standing Board's Báo cáo sơ kết.

Everything here is plain data or a pure function of it (no randomness, no clock): the replay
(duthao/demo/follow_up.py) moves the clock and drives the commands with it. Days are given
relative to a period's due date, in working days, so the data stays true to the calendar the
commands compute (cut-off, due day, Vietnamese holidays).
"""

from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from duthao.demo.data import DISTRICT_KEYS

PLAN_ON = date(2023, 10, 23)  # the follow-up plan confirmed, 11 days after the signing
CADENCE = ("quy-1", "6-thang", "9-thang", "nam")
FIRST_YEAR, LAST_YEAR = 2023, 2025
SO_KET_YEAR = 2024  # "sơ kết 01 năm thực hiện Chỉ thị" at the end of 2024
CUTOFF_DAY, DUE_WORKING_DAYS, OPEN_DAYS_BEFORE = 14, 5, 7
REMINDER_BEFORE, REMINDER_AFTER = (3, 1), (1, 3, 7)
# Working days past the due date before the công văn đôn đốc: the units late beyond it are
# named in the letter (Hớn Quản in quý I, Bù Đốp and Bù Gia Mập later in 2024).
DON_DOC_AFTER_DAYS = 5
PLAN_NOTE = (
    "Theo Chỉ thị: định kỳ hằng quý, sáu tháng, chín tháng và năm, các cấp ủy báo cáo về Ban "
    "Thường vụ Tỉnh ủy (qua Ban Dân vận Tỉnh ủy); Thường trực huyện ủy, thị ủy, thành ủy giao "
    "ban ít nhất 01 lần/quý; Ban Dân vận Tỉnh ủy giao ban cấp tỉnh mỗi quý 01 lần."
)

# The periods the demo replays, in order (keys as the calendar names them).
PERIOD_KEYS = ("2023-nam", "2024-quy-1", "2024-6-thang", "2024-9-thang", "2024-nam")

# Who reports: the district-level committees and the Party committees under the Tỉnh ủy.
DIRECT_KEYS = ("duk", "duqs", "duca", "dubp")
REPORTING_KEYS: tuple[str, ...] = (*DISTRICT_KEYS, *DIRECT_KEYS)
# What a unit's report number ends with ("Số 512-BC/HU").
NUMBER_SUFFIX = {k: "HU" for k in DISTRICT_KEYS} | {
    "dongxoai": "TU",
    "binhlong": "TU",
    "phuoclong": "TU",
    "chonthanh": "TU",
    "duk": "ĐUK",
    "duqs": "ĐU",
    "duca": "ĐUCA",
    "dubp": "ĐUBP",
}


@dataclass(frozen=True)
class Indicator:
    code: str
    name: str
    measure: str
    aggregate: Literal["sum", "max", "last"] = "sum"


INDICATORS: tuple[Indicator, ...] = (
    Indicator("so_buoi_doi_thoai", "Số buổi người đứng đầu cấp ủy đối thoại với Nhân dân", "buổi"),
    Indicator("so_luot_tham_du", "Số lượt người tham dự đối thoại", "lượt người"),
    Indicator("so_y_kien_kien_nghi", "Số ý kiến, kiến nghị của Nhân dân tiếp nhận", "ý kiến"),
    Indicator("so_kien_nghi_giai_quyet", "Số kiến nghị đã giải quyết", "kiến nghị"),
    Indicator("so_vu_viec_phuc_tap", "Số vụ việc phức tạp phát sinh, đã nắm và xử lý", "vụ việc"),
)

# The directive's tasks the reports tell about (keys of its final version's sections).
SECTIONS: tuple[tuple[str, str], ...] = (
    ("II.1", "Lãnh đạo, chỉ đạo công tác nắm tình hình Nhân dân"),
    ("II.2", "Đổi mới phương pháp nắm tình hình, dự báo"),
    ("II.3", "Tuyên truyền, vận động đồng bào dân tộc thiểu số, đồng bào có đạo"),
    ("II.4", "Dân vận chính quyền, dân chủ ở cơ sở, giải quyết kiến nghị"),
    ("II.6", "Nắm tình hình tôn giáo, tín ngưỡng"),
    ("II.8", "Chế độ thông tin, báo cáo"),
)


@dataclass(frozen=True)
class Base:
    """A unit's figures for a whole year (2024), its report numbering and habits."""

    dialogues: int
    attendance: int
    opinions: int
    resolved_pct: int  # of the opinions received, resolved by the year's end
    incidents: int
    first_number: int  # its report number in December 2023 (numbered per term)


BASES: dict[str, Base] = {
    "dongxoai": Base(42, 5120, 386, 93, 3, 612),
    "binhlong": Base(26, 2870, 214, 95, 2, 448),
    "phuoclong": Base(24, 2650, 198, 94, 2, 431),
    "chonthanh": Base(31, 3540, 265, 91, 4, 507),
    "budang": Base(46, 5890, 452, 88, 6, 689),
    "budop": Base(22, 2410, 187, 86, 3, 396),
    "bugiamap": Base(34, 4260, 338, 84, 7, 552),
    "dongphu": Base(33, 3980, 297, 90, 4, 574),
    "honquan": Base(30, 3720, 281, 89, 5, 538),
    "locninh": Base(38, 4730, 364, 87, 6, 641),
    "phurieng": Base(29, 3460, 249, 92, 3, 477),
    "duk": Base(14, 1680, 96, 97, 0, 903),
    "duqs": Base(12, 1350, 58, 100, 1, 287),
    "duca": Base(18, 2140, 132, 98, 2, 1254),
    "dubp": Base(16, 1920, 104, 96, 2, 342),
}
YEAR_PCT = {2023: 85, 2024: 100}  # 2023 was the directive's first (short) year
# Figures are cumulative from 15/12 of the year before: the share of the year reached.
CUMULATIVE_PCT = {"quy-1": 23, "6-thang": 48, "9-thang": 74, "nam": 100}
# Opinions received late in the period are still being settled at its cut-off.
RESOLVED_LAG = {"quy-1": 9, "6-thang": 6, "9-thang": 3, "nam": 0}
NUMBERS_PER_QUARTER = 37  # how far a unit's register moves between two reports


def _share(value: int, pct: int) -> int:
    return (value * pct + 50) // 100


def figures(unit: str, year: int, kind: str) -> dict[str, int]:
    """A unit's figures for a period, cumulative from the start of the reporting year."""
    b = BASES[unit]
    pct = _share(YEAR_PCT[year], CUMULATIVE_PCT[kind])
    opinions = _share(b.opinions, pct)
    return {
        "so_buoi_doi_thoai": _share(b.dialogues, pct),
        "so_luot_tham_du": _share(b.attendance, pct),
        "so_y_kien_kien_nghi": opinions,
        "so_kien_nghi_giai_quyet": _share(opinions, b.resolved_pct - RESOLVED_LAG[kind]),
        "so_vu_viec_phuc_tap": _share(b.incidents, pct),
    }


def review_figures(unit: str) -> dict[str, int]:
    """A unit's figures for the sơ kết: from the signing (12/10/2023) to the end of 2024,
    i.e. the last two months of 2023 and the whole of 2024."""
    late_2023 = {k: v - _share(v, 82) for k, v in figures(unit, 2023, "nam").items()}
    return {k: v + late_2023[k] for k, v in figures(unit, 2024, "nam").items()}


def report_number(unit: str, period_index: int) -> str:
    """The unit's report number: its register moves on between two reports."""
    n = BASES[unit].first_number + period_index * NUMBERS_PER_QUARTER + REPORTING_KEYS.index(unit)
    return f"{n}-BC/{NUMBER_SUFFIX[unit]}"


def narrative(unit_name: str, label: str, fig: dict[str, int]) -> dict[str, str]:
    """What a unit writes by section of the directive (its own words, from its figures)."""
    return {
        "II.1": (
            f"{unit_name} tiếp tục quán triệt, triển khai Chỉ thị số 22-CT/TU đến các chi, "
            "đảng bộ trực thuộc; phân công cấp ủy viên phụ trách địa bàn, nắm tình hình Nhân "
            f"dân định kỳ. {label}, người đứng đầu cấp ủy đã tổ chức "
            f"{fig['so_buoi_doi_thoai']} buổi đối thoại với {fig['so_luot_tham_du']} lượt "
            "người tham dự."
        ),
        "II.4": (
            f"Tiếp nhận {fig['so_y_kien_kien_nghi']} ý kiến, kiến nghị của Nhân dân, chủ yếu "
            "về đất đai, giá nông sản, hạ tầng giao thông nông thôn và chính sách an sinh; đã "
            f"giải quyết {fig['so_kien_nghi_giai_quyet']} kiến nghị, số còn lại đang được các "
            "ngành chức năng xem xét, trả lời theo thẩm quyền."
        ),
        "II.8": (
            f"Nắm và xử lý {fig['so_vu_viec_phuc_tap']} vụ việc phức tạp phát sinh ngay từ cơ "
            "sở, không để hình thành điểm nóng; thực hiện chế độ thông tin, báo cáo theo quy "
            "định."
        ),
    }


@dataclass(frozen=True)
class Returned:
    """A report sent back for more (yêu cầu bổ sung), then sent again."""

    unit: str
    returned_at: int  # working days after the due date
    resubmitted_at: int
    reason: str
    first_missing: tuple[str, ...]  # the narrative sections the first sending lacked


@dataclass(frozen=True)
class PeriodFacts:
    """What happened in one period, apart from the on-time reports of everyone else."""

    late: dict[str, int] = field(default_factory=dict)  # unit → working days after due
    missing: tuple[str, ...] = ()  # never reported
    returned: tuple[Returned, ...] = ()
    exempt: dict[str, str] = field(default_factory=dict)  # unit → reason
    paper: tuple[str, ...] = ()  # received on paper, entered by the officer
    early: dict[str, int] = field(default_factory=dict)  # unit → working days before due


FACTS: dict[str, PeriodFacts] = {
    "2023-nam": PeriodFacts(late={"bugiamap": 2, "dubp": 1}, paper=("duqs",)),
    "2024-quy-1": PeriodFacts(late={"honquan": 6, "duqs": 1}),
    "2024-6-thang": PeriodFacts(
        late={"budop": 6, "bugiamap": 2},
        returned=(
            Returned(
                "locninh",
                returned_at=1,
                resubmitted_at=3,
                reason=(
                    "Báo cáo chưa nêu kết quả giải quyết kiến nghị của Nhân dân (nhiệm vụ 4 "
                    "của Chỉ thị): số kiến nghị đã giải quyết ghi 0. Đề nghị bổ sung số liệu "
                    "và đánh giá."
                ),
                first_missing=("II.4",),
            ),
        ),
        exempt={
            "dubp": (
                "Đảng ủy Bộ đội Biên phòng tỉnh tham gia diễn tập khu vực phòng thủ; nội dung "
                "6 tháng được tổng hợp vào báo cáo 9 tháng (đồng ý của Thường trực Ban Dân vận)."
            )
        },
        early={"locninh": 1},
    ),
    "2024-9-thang": PeriodFacts(late={"phurieng": 4, "bugiamap": 8}, missing=("budop",)),
    "2024-nam": PeriodFacts(late={"budop": 6}, paper=("duqs",)),
}


def submitted_offset(unit: str, period_index: int) -> int:
    """Working days before the due date an on-time unit sends its report (0 to 3)."""
    return (REPORTING_KEYS.index(unit) + period_index) % 4


def submitted_hour(unit: str, period_index: int) -> int:
    return 8 + (REPORTING_KEYS.index(unit) * 3 + period_index) % 8


# --- giao ban ------------------------------------------------------------------------------


@dataclass(frozen=True)
class BriefingFact:
    unit: str
    held_on: date
    chair: str
    participants: str
    issues: str


# The duties the directive states (III.2): by kind of unit, and the Ban Dân vận's own.
BRIEFING_DUTIES = (
    (
        "huyen-uy",
        "Thường trực huyện ủy, thị ủy, thành ủy chủ trì giao ban nắm tình hình Nhân dân, dân "
        "tộc, tôn giáo ở địa phương, cơ sở ít nhất 01 lần/quý.",
    ),
)
BDV_BRIEFING = "Ban Dân vận Tỉnh ủy chủ trì giao ban nắm tình hình Nhân dân cấp tỉnh (quý/01 lần)."
QUARTERS = ((2023, 4), (2024, 1), (2024, 2), (2024, 3), (2024, 4))
# The district committees that held no giao ban in a quarter (the page lists them).
NO_BRIEFING = {
    (2023, 4): ("budop", "bugiamap", "phurieng"),
    (2024, 1): ("budop", "honquan"),
    (2024, 2): ("bugiamap",),
    (2024, 3): ("budop", "phurieng"),
    (2024, 4): ("budop",),
}
ISSUES = (
    "Giá mủ cao su, hạt điều xuống thấp, đời sống một bộ phận Nhân dân khó khăn",
    "Tranh chấp đất đai, khiếu kiện đông người liên quan đến đất nông, lâm trường",
    "Hoạt động của các điểm nhóm sinh hoạt tôn giáo tập trung chưa được công nhận",
    "Đồng bào dân tộc thiểu số di cư tự do từ các tỉnh phía Bắc",
    "Thông tin xấu, độc trên không gian mạng về công tác giải phóng mặt bằng",
    "Ô nhiễm môi trường tại một số cơ sở chăn nuôi, chế biến",
    "Tiến độ giải quyết kiến nghị về cấp giấy chứng nhận quyền sử dụng đất",
)
BDV_CHAIR = "Lê Thị Xuân Trang, Trưởng Ban Dân vận Tỉnh ủy"
BDV_PARTICIPANTS = (
    "Ban Dân vận Tỉnh ủy, Ủy ban MTTQ Việt Nam tỉnh, Công an tỉnh, Bộ Chỉ huy Quân sự "
    "tỉnh, Bộ Chỉ huy Bộ đội Biên phòng tỉnh, Ban Dân tộc tỉnh, Sở Nội vụ (Ban Tôn giáo), "
    "Ban Dân vận các huyện ủy, thị ủy, thành ủy"
)


def _working(d: date) -> date:
    """The day, or the Monday after when it falls on a weekend (giao ban are weekday
    meetings; the demo's dates avoid the public holidays by choice)."""
    return date.fromordinal(d.toordinal() + {5: 2, 6: 1}.get(d.weekday(), 0))


def briefings() -> list[BriefingFact]:
    """Each quarter: the province's giao ban (Ban Dân vận) and the district committees'."""
    out: list[BriefingFact] = []
    for qi, (year, q) in enumerate(QUARTERS):
        month = 3 * q  # the quarter's last month: the giao ban before its report
        if (year, q) == (2023, 4):
            month = 11  # the first one, a month after the signing
        out.append(
            BriefingFact(
                "bdv",
                _working(date(year, month, 20)),
                BDV_CHAIR,
                BDV_PARTICIPANTS,
                "; ".join(ISSUES[(qi + j) % len(ISSUES)] for j in range(3)) + ".",
            )
        )
        for i, key in enumerate(DISTRICT_KEYS):
            if key in NO_BRIEFING[(year, q)]:
                continue
            out.append(
                BriefingFact(
                    key,
                    _working(date(year, month, 2 + (i * 5) % 17)),
                    "Phó Bí thư Thường trực",
                    "Thường trực cấp ủy, Ban Dân vận, Ủy ban MTTQ, Công an, Quân sự cấp "
                    "huyện; Bí thư đảng ủy các xã, phường, thị trấn",
                    ISSUES[(qi + i) % len(ISSUES)] + ".",
                )
            )
    return sorted(out, key=lambda b: (b.held_on, b.unit))


# --- the sơ kết ----------------------------------------------------------------------------

SO_KET_OUTLINE: tuple[tuple[str, str], ...] = (
    ("1", "Công tác lãnh đạo, chỉ đạo, quán triệt, triển khai thực hiện Chỉ thị"),
    ("2", "Kết quả thực hiện các nhiệm vụ trọng tâm"),
    ("3", "Hạn chế, khuyết điểm và nguyên nhân"),
    ("4", "Bài học kinh nghiệm"),
    ("5", "Phương hướng, nhiệm vụ thời gian tới; đề xuất, kiến nghị"),
)
# Numbers as the registers of the time gave them (a record-mode case keeps its numbers).
SO_KET_PLAN_NUMBER = "126-KH/BDVTU"
SO_KET_NUMBER = "712-BC/TU"
SO_KET_LATE = {"bugiamap": 2}  # working days after the review round's due date


def review_narrative(unit_name: str, fig: dict[str, int]) -> dict[str, str]:
    return {
        "1": (
            f"{unit_name} đã ban hành kế hoạch thực hiện Chỉ thị, tổ chức quán triệt đến 100% "
            "chi, đảng bộ trực thuộc; đưa nội dung nắm tình hình Nhân dân vào chương trình "
            "công tác hằng quý."
        ),
        "2": (
            f"Người đứng đầu cấp ủy tổ chức {fig['so_buoi_doi_thoai']} buổi đối thoại với "
            f"{fig['so_luot_tham_du']} lượt người tham dự; tiếp nhận "
            f"{fig['so_y_kien_kien_nghi']} ý kiến, kiến nghị, đã giải quyết "
            f"{fig['so_kien_nghi_giai_quyet']}; nắm và xử lý {fig['so_vu_viec_phuc_tap']} vụ "
            "việc phức tạp ngay từ cơ sở."
        ),
        "3": (
            "Một số cấp ủy cơ sở chưa thực hiện nghiêm chế độ báo cáo; việc giải quyết kiến "
            "nghị về đất đai còn kéo dài."
        ),
        "4": "Người đứng đầu cấp ủy trực tiếp đối thoại, lắng nghe và giải quyết đến cùng.",
        "5": "Tiếp tục duy trì giao ban hằng quý; đề nghị Tỉnh ủy sớm sơ kết, nhân rộng mô hình.",
    }


# The Standing Board's report: the officer's prose, the figures marked where they print.
SO_KET_PROSE = {
    "1": (
        "Sau khi Chỉ thị số 22-CT/TU được ban hành, các cấp ủy, tổ chức đảng đã quán triệt, "
        "xây dựng kế hoạch thực hiện; Ban Dân vận Tỉnh ủy theo dõi, đôn đốc việc báo cáo định "
        "kỳ quý, 6 tháng, 9 tháng và năm."
    ),
    "2": (
        "Qua hơn 01 năm thực hiện, người đứng đầu cấp ủy các cấp đã tổ chức "
        "[[so_buoi_doi_thoai]] buổi đối thoại với [[so_luot_tham_du]] lượt người tham dự; "
        "tiếp nhận [[so_y_kien_kien_nghi]] ý kiến, kiến nghị của Nhân dân, đã giải quyết "
        "[[so_kien_nghi_giai_quyet]] kiến nghị; nắm và xử lý [[so_vu_viec_phuc_tap]] vụ việc "
        "phức tạp ngay từ cơ sở, không để hình thành điểm nóng."
    ),
    "3": (
        "Chế độ thông tin, báo cáo ở một số nơi chưa kịp thời; một số vụ việc tranh chấp đất "
        "đai còn kéo dài, chưa được giải quyết dứt điểm."
    ),
    "4": (
        "Nơi nào người đứng đầu cấp ủy sâu sát cơ sở, trực tiếp đối thoại và theo dõi việc "
        "giải quyết kiến nghị đến cùng, nơi đó tình hình ổn định."
    ),
    "5": (
        "Tiếp tục thực hiện nghiêm Chỉ thị; duy trì giao ban hằng quý; nâng cao chất lượng "
        "báo cáo định kỳ trên hệ thống theo dõi."
    ),
}
SO_KET_REPORT_AFTER = 12  # working days after the round's due date, the report is dated
OFFICER = "thanhtam"
LEADER = "xuantrang"
