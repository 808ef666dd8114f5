"""Test data with real unit names and Vietnamese titles (Bình Phước, 2023 map)."""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlmodel import Session

from models.commands.directives import directive_create
from models.commands.drafts import draft_add
from models.commands.units import unit_create
from models.ids import id_of
from models.policy import Role
from models.tables import Term, Unit, User

DRAFT_TEXT = """Thời gian qua, công tác nắm tình hình Nhân dân đã đạt nhiều kết quả.
I. TÌNH HÌNH, KẾT QUẢ
Việc nắm tình hình Nhân dân, dân tộc, tôn giáo của một số cấp ủy chưa được chú trọng.
II. NHIỆM VỤ, GIẢI PHÁP
1. Tăng cường sự lãnh đạo của cấp ủy đối với công tác nắm tình hình Nhân dân.
2. Đổi mới phương pháp nắm tình hình, dự báo sát với thực tiễn cơ sở.
a) Tổ chức hội nghị giao ban ít nhất 01 lần/quý.
b) Định kỳ báo cáo hằng quý, sáu tháng, chín tháng và năm.
III. TỔ CHỨC THỰC HIỆN
1. Giao Ban Dân vận Tỉnh ủy chủ trì, theo dõi, đôn đốc việc thực hiện Chỉ thị."""

CONSULTED = [
    ("Ban Tuyên giáo Tỉnh ủy", "ban-dang", "btgtu@binhphuoc.test"),
    ("Ban Tổ chức Tỉnh ủy", "ban-dang", "btctu@binhphuoc.test"),
    ("Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh", "mat-tran", "mttq@binhphuoc.test"),
    ("Huyện ủy Bù Đăng", "huyen-uy", "hu.budang@binhphuoc.test"),
    ("Thành ủy Đồng Xoài", "huyen-uy", "tu.dongxoai@binhphuoc.test"),
]


@dataclass
class World:
    issuer: Unit
    drafting: Unit
    officer: User
    units: list[Unit] = field(default_factory=list)


def world(session: Session, now: datetime) -> World:
    province = unit_create(
        session,
        name="Tỉnh ủy Bình Phước",
        symbol="TU",
        by="test",
        now=now,
        superior="ĐẢNG BỘ TỈNH BÌNH PHƯỚC",
        place="Bình Phước",
    )
    issuer = unit_create(
        session,
        name="Ban Thường vụ Tỉnh ủy",
        parent_id=province.id,
        symbol="TU",
        by="test",
        now=now,
        superior="ĐẢNG BỘ TỈNH BÌNH PHƯỚC",
        place="Bình Phước",
    )
    drafting = unit_create(
        session,
        name="Ban Dân vận Tỉnh ủy",
        parent_id=province.id,
        symbol="BDVTU",
        category="ban-dang",
        email="bdvtu@binhphuoc.test",
        superior="TỈNH ỦY BÌNH PHƯỚC",
        place="Bình Phước",
        by="test",
        now=now,
    )
    units = [
        unit_create(session, name=n, parent_id=province.id, category=c, email=e, by="test", now=now)
        for n, c, e in CONSULTED
    ]
    session.add(Term(name="2020 - 2025", starts_on=date(2020, 10, 1), ends_on=date(2025, 9, 30)))
    officer = User(
        username="canbo",
        full_name="Nguyễn Thị Hoa",
        email="hoa@binhphuoc.test",
        role=Role.OFFICER,
        unit_id=drafting.id,
        created_at=now,
    )
    session.add(officer)
    session.commit()
    return World(issuer=issuer, drafting=drafting, units=units, officer=officer)


def directive_with_draft(
    session: Session, w: World, now: datetime, *, record_mode: bool = False
) -> int:
    d, _ = directive_create(
        session,
        title="Tăng cường nắm tình hình Nhân dân, dân tộc, tôn giáo trong tình hình mới",
        issuer_id=id_of(w.issuer),
        drafting_unit_id=id_of(w.drafting),
        assignment_number="1704-TB/TU",
        assignment_date=date(2023, 7, 4),
        record_mode=record_mode,
        by="canbo",
        now=now,
    )
    draft_add(
        session, directive_id=id_of(d), text=DRAFT_TEXT, by="canbo", now=now + timedelta(hours=1)
    )
    return id_of(d)


def sign_22(
    session: Session,
    w: World,
    directive_id: int,
    now: datetime,
    extra_recipients: list[str] | None = None,
) -> None:
    """Record the signature as in the case: 22-CT/TU, T/M Ban Thường vụ, Phó Bí thư."""
    from models.commands.signing import directive_sign

    directive_sign(
        session,
        directive_id=directive_id,
        signed_on=date(2023, 10, 12),
        form="T/M",
        on_behalf_of="Ban Thường vụ",
        signer_title="Phó Bí thư",
        signer_name="Huỳnh Thị Hằng",
        recipient_ids=[id_of(u) for u in w.units],
        number="22-CT/TU",
        by="vanthu",
        now=now,
        extra_recipients=extra_recipients,
    )
