"""A new office following its own directive (issue 12): not the demo's body nor its dates.

Tỉnh ủy Lâm Đồng's Ban Dân vận follows Chỉ thị 05-CT/TU, signed 20/01/2024, reported on by
three district committees and one provincial board. The directive is put straight into the
"issued" stage: the road to issuance is tested elsewhere (tests/records, tests/documents).
"""

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from sqlmodel import Session

from models.commands.directives import directive_create
from models.commands.units import unit_create
from models.follow_up.plan import PlanIn
from models.ids import id_of
from models.lifecycle import Stage
from models.tables import Directive, Unit

SAVED_AT = datetime(2024, 1, 25, 2, 0, tzinfo=UTC)  # 09:00 on 25/01/2024 in Vietnam
REPORTING = [
    ("Huyện ủy Đức Trọng", "huyen-uy", "hu.ductrong@lamdong.test"),
    ("Huyện ủy Lâm Hà", "huyen-uy", "hu.lamha@lamdong.test"),
    ("Thành ủy Đà Lạt", "huyen-uy", "tu.dalat@lamdong.test"),
    ("Ban Tuyên giáo Tỉnh ủy Lâm Đồng", "ban-dang", "btg@lamdong.test"),
]


def at(day: date, hour: int = 8) -> datetime:
    """A moment on a Vietnamese calendar day (UTC+7)."""
    return datetime(day.year, day.month, day.day, hour - 7, 0, tzinfo=UTC)


@dataclass
class Office:
    province: Unit
    drafting: Unit
    issuer: Unit
    units: list[Unit] = field(default_factory=list)

    @property
    def unit_ids(self) -> list[int]:
        return [id_of(u) for u in self.units]


def office(session: Session, now: datetime = SAVED_AT) -> Office:
    province = unit_create(
        session, name="Tỉnh ủy Lâm Đồng", symbol="TU", by="test", now=now, place="Lâm Đồng"
    )
    issuer = unit_create(
        session,
        name="Ban Thường vụ Tỉnh ủy Lâm Đồng",
        parent_id=province.id,
        symbol="TU",
        by="test",
        now=now,
    )
    drafting = unit_create(
        session,
        name="Ban Dân vận Tỉnh ủy Lâm Đồng",
        parent_id=province.id,
        symbol="BDVTU",
        category="ban-dang",
        email="bdv@lamdong.test",
        by="test",
        now=now,
    )
    units = [
        unit_create(session, name=n, parent_id=province.id, category=c, email=e, by="test", now=now)
        for n, c, e in REPORTING
    ]
    return Office(province, drafting, issuer, units)


def issued_directive(
    session: Session, o: Office, *, record_mode: bool = False, number: str = "05-CT/TU"
) -> int:
    d, _ = directive_create(
        session,
        title="Tăng cường công tác dân vận trong vùng đồng bào dân tộc thiểu số",
        issuer_id=id_of(o.issuer),
        drafting_unit_id=id_of(o.drafting),
        record_mode=record_mode,
        by="canbo",
        now=datetime(2024, 1, 2, 2, 0, tzinfo=UTC),
    )
    row = session.get(Directive, id_of(d))
    assert row is not None
    row.stage, row.number = Stage.ISSUED, number
    row.signed_on = date(2024, 1, 20)
    row.issued_at = datetime(2024, 1, 22, 2, 0, tzinfo=UTC)
    session.add(row)
    session.commit()
    return id_of(d)


def plan_in(o: Office, **changes: Any) -> PlanIn:
    data: dict[str, Any] = {
        "cadence": ["quy-1", "6-thang", "9-thang", "nam"],
        "first_year": 2024,
        "last_year": 2025,
        "reporting_unit_ids": o.unit_ids,
        "indicators": [
            {
                "code": "so_buoi_doi_thoai",
                "name": "Số buổi đối thoại với Nhân dân",
                "measure": "buổi",
                "aggregate": "sum",
            },
            {"code": "so_mo_hinh", "name": "Số mô hình dân vận khéo", "measure": "mô hình"},
        ],
        "sections": [{"key": "1", "title": "Nâng cao nhận thức của cấp ủy"}],
        "so_ket_year": 2025,
    }
    return PlanIn.model_validate({**data, **changes})
