"""The 2023 Bình Phước world of the replay: units, the term, the accounts, the case's facts.

Everything is data. The unit tree is nested (a unit's `children`), so any depth works; the
2023 map is used (11 district-level committees, before the 2025 reorganisation). Addresses
are under `.binhphuoc.test`, a reserved test domain, never real ones.
"""

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date

# Printed at the end of `duthao demo`; override with DUTHAO_DEMO_PASSWORD (the same password
# rule applies: at least 12 characters, not common, not the account's own names).
DEMO_PASSWORD = "ChiThi22-BinhPhuoc-2023"
ACTOR = "demo"
SUPERIOR = "ĐẢNG BỘ TỈNH BÌNH PHƯỚC"
PLACE = "Bình Phước"
DOMAIN = "binhphuoc.test"

TITLE = "Tăng cường nắm tình hình Nhân dân, dân tộc, tôn giáo trong tình hình mới"
ASSIGNMENT_NUMBER = "1704-TB/TU"
ASSIGNMENT_DATE = date(2023, 7, 4)
ASSIGNMENT_SUMMARY = (
    "Thông báo kết luận số 1704-TB/TU ngày 04/7/2023 của Thường trực Tỉnh ủy (Phiên họp thứ "
    "23/2023) giao Ban Dân vận Tỉnh ủy tham mưu Ban Thường vụ Tỉnh ủy ban hành chỉ thị lãnh "
    "đạo, chỉ đạo tăng cường công tác nắm tình hình Nhân dân, dân tộc, tôn giáo trong tình "
    "hình mới."
)
NUMBER = "22-CT/TU"
SIGNED_ON = date(2023, 10, 12)
SIGNER_NAME = "Huỳnh Thị Hằng"
SIGNER_TITLE = "Phó Bí thư"  # the signature block reads "PHÓ BÍ THƯ"
ON_BEHALF_OF = "Ban Thường vụ"
# Superiors are informed "(để báo cáo)" and come first in "Nơi nhận" (models/recipients.py).
EXTRA_RECIPIENTS = [
    "Ban Bí thư Trung ương Đảng (để báo cáo)",
    "Ban Dân vận Trung ương (để báo cáo)",
    "Các đồng chí Tỉnh ủy viên",
    "Lưu Văn phòng Tỉnh ủy",
]


@dataclass(frozen=True)
class UnitSpec:
    key: str  # how the rest of the demo data refers to the unit
    name: str
    category: str
    email: str = ""
    symbol: str | None = None
    superior: str = SUPERIOR
    children: tuple["UnitSpec", ...] = field(default_factory=tuple)


def _mail(local: str, host: str = "tinhuy") -> str:
    return f"{local}@{host}.{DOMAIN}"


def _district(key: str, name: str, host: str) -> UnitSpec:
    return UnitSpec(key, name, "huyen-uy", _mail("vanphong", host), symbol="HU")


DISTRICTS: tuple[UnitSpec, ...] = (
    UnitSpec("dongxoai", "Thành ủy Đồng Xoài", "huyen-uy", _mail("vanphong", "dongxoai"), "TU"),
    UnitSpec("binhlong", "Thị ủy Bình Long", "huyen-uy", _mail("vanphong", "binhlong"), "TU"),
    UnitSpec("phuoclong", "Thị ủy Phước Long", "huyen-uy", _mail("vanphong", "phuoclong"), "TU"),
    UnitSpec("chonthanh", "Thị ủy Chơn Thành", "huyen-uy", _mail("vanphong", "chonthanh"), "TU"),
    _district("budang", "Huyện ủy Bù Đăng", "budang"),
    _district("budop", "Huyện ủy Bù Đốp", "budop"),
    _district("bugiamap", "Huyện ủy Bù Gia Mập", "bugiamap"),
    _district("dongphu", "Huyện ủy Đồng Phú", "dongphu"),
    _district("honquan", "Huyện ủy Hớn Quản", "honquan"),
    _district("locninh", "Huyện ủy Lộc Ninh", "locninh"),
    _district("phurieng", "Huyện ủy Phú Riềng", "phurieng"),
)

MASS_ORGANISATIONS: tuple[UnitSpec, ...] = (
    UnitSpec("ldld", "Liên đoàn Lao động tỉnh", "doan-the", _mail("ldld", "doanthe")),
    UnitSpec("hnd", "Hội Nông dân tỉnh", "doan-the", _mail("hoinongdan", "doanthe")),
    UnitSpec("hlhpn", "Hội Liên hiệp Phụ nữ tỉnh", "doan-the", _mail("hoiphunu", "doanthe")),
    UnitSpec("tinhdoan", "Tỉnh đoàn", "doan-the", _mail("tinhdoan", "doanthe")),
    UnitSpec("hccb", "Hội Cựu chiến binh tỉnh", "doan-the", _mail("hoiccb", "doanthe")),
)

ROOT = UnitSpec(
    "tinhuy",
    "Tỉnh ủy Bình Phước",
    "tinh-uy",
    _mail("vanphong"),
    symbol="TU",
    children=(
        UnitSpec("btv", "Ban Thường vụ Tỉnh ủy", "thuong-vu", _mail("thuongvu"), "TU"),
        UnitSpec(
            "bdv",
            "Ban Dân vận Tỉnh ủy",
            "ban-dang",
            _mail("bandanvan"),
            "BDVTU",
            "TỈNH ỦY BÌNH PHƯỚC",
        ),
        UnitSpec("btg", "Ban Tuyên giáo Tỉnh ủy", "ban-dang", _mail("bantuyengiao"), "BTGTU"),
        UnitSpec("btc", "Ban Tổ chức Tỉnh ủy", "ban-dang", _mail("bantochuc"), "BTCTU"),
        UnitSpec("ubkt", "Ủy ban Kiểm tra Tỉnh ủy", "ban-dang", _mail("ubkt"), "UBKTTU"),
        UnitSpec("bnc", "Ban Nội chính Tỉnh ủy", "ban-dang", _mail("bannoichinh"), "BNCTU"),
        UnitSpec("vptu", "Văn phòng Tỉnh ủy", "ban-dang", _mail("vptu"), "VPTU"),
        UnitSpec(
            "duk",
            "Đảng ủy Khối Cơ quan - Doanh nghiệp tỉnh",
            "dang-uy-truc-thuoc",
            _mail("dangbokhoi"),
            "ĐUK",
        ),
        UnitSpec("duqs", "Đảng ủy Quân sự tỉnh", "dang-uy-truc-thuoc", _mail("dangbo", "bchqs")),
        UnitSpec("duca", "Đảng ủy Công an tỉnh", "dang-uy-truc-thuoc", _mail("dangbo", "congan")),
        UnitSpec(
            "dubp",
            "Đảng ủy Bộ đội Biên phòng tỉnh",
            "dang-uy-truc-thuoc",
            _mail("dangbo", "bienphong"),
        ),
        UnitSpec("bcsubnd", "Ban cán sự đảng UBND tỉnh", "chinh-quyen", _mail("bcsd", "ubnd")),
        UnitSpec("ddhdnd", "Đảng đoàn HĐND tỉnh", "chinh-quyen", _mail("dangdoan", "hdnd")),
        UnitSpec("bdt", "Ban Dân tộc tỉnh", "chinh-quyen", _mail("vanphong", "bandantoc")),
        UnitSpec(
            "mttq",
            "Ủy ban MTTQ Việt Nam tỉnh",
            "mat-tran",
            _mail("mttq", "mattran"),
            children=MASS_ORGANISATIONS,
        ),
        *DISTRICTS,
    ),
)

# Who is asked in round 1 (Công văn 490-CV/BDVTU): everyone but the issuer, the drafting
# body itself and the Tỉnh ủy as a whole.
NOT_CONSULTED = ("tinhuy", "btv", "bdv")
DISTRICT_KEYS = tuple(d.key for d in DISTRICTS)


def walk(spec: UnitSpec = ROOT, parent: str | None = None) -> Iterator[tuple[UnitSpec, str | None]]:
    """(spec, parent key) for every unit, parents first."""
    yield spec, parent
    for child in spec.children:
        yield from walk(child, spec.key)


def consulted_keys() -> list[str]:
    return [s.key for s, _ in walk() if s.key not in NOT_CONSULTED]


@dataclass(frozen=True)
class Account:
    username: str
    full_name: str
    role: str
    unit: str
    email: str


ACCOUNTS: tuple[Account, ...] = (
    Account("xuantrang", "Lê Thị Xuân Trang", "leader", "bdv", _mail("xuantrang.bdv")),
    Account("thanhtam", "Nguyễn Thị Thanh Tâm", "officer", "bdv", _mail("thanhtam.bdv")),
    Account("quocviet", "Trần Quốc Việt", "officer", "bdv", _mail("quocviet.bdv")),
    Account("huynhhang", SIGNER_NAME, "leader", "btv", _mail("huynhhang")),
    Account("quantri", "Quản trị hệ thống", "admin", "vptu", _mail("quantri")),
    # The officer of the live directive left open to try (duthao/demo/live.py).
    Account("minhthu", "Phạm Minh Thư", "officer", "btg", _mail("minhthu.btg")),
)
OFFICER = "thanhtam"  # the drafting officer who runs the case
# The case's term, and the one after it, so officers trying the app today get numbers too.
TERMS = [
    ("2020 - 2025", date(2020, 10, 1), date(2025, 9, 30)),
    ("2025 - 2030", date(2025, 10, 1), date(2030, 9, 30)),
]
