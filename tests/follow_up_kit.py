"""Follow-up test data written as rows (a plan, an open period, one report per unit), for
the reminder and đôn đốc tests: an issued directive of a district committee's Ban Dân vận,
its own units and dates, none of the demo's.

The second part (`office`, `issued_directive`, `plan_in`): a new office following its own
directive, Tỉnh ủy Lâm Đồng's Ban Dân vận with Chỉ thị 05-CT/TU signed 20/01/2024, reported
on by three district committees and one provincial board, put straight into "issued".
"""

import secrets
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from sqlmodel import Session

from models.clock import at_local
from models.commands.directives import directive_create
from models.commands.units import unit_create
from models.follow_up.plan import PlanIn
from models.ids import id_of
from models.lifecycle import Stage
from models.policy import Role
from models.statuses import PeriodStatus, ReportStatus
from models.tables import (
    Directive,
    FollowUpPlan,
    ReportPeriod,
    Signer,
    Term,
    Unit,
    UnitReport,
    User,
)

SET_UP = datetime(2024, 1, 8, 1, 0, tzinfo=UTC)
# Due Thursday 2/5/2024, right after the long weekend: 27–28/4 (weekend), 29/4 (day off in
# lieu of Saturday 4/5), 30/4 and 1/5.
DUE = date(2024, 5, 2)
DAYS_OFF = frozenset({date(2024, 4, 29), date(2024, 4, 30), date(2024, 5, 1)})
OPENED = at_local(date(2024, 4, 8))
COMMUNES = [
    ("Đảng ủy xã Phú Riềng", "du.phurieng@phurieng.test"),
    ("Đảng ủy xã Bù Nho", "du.bunho@phurieng.test"),
    ("Đảng ủy xã Long Hưng", "du.longhung@phurieng.test"),
    ("Đảng ủy xã Phước Tân", "du.phuoctan@phurieng.test"),
    ("Chi bộ Trung tâm Y tế huyện", "cb.ttyt@phurieng.test"),
]


@dataclass
class FollowUp:
    committee: Unit
    drafting: Unit
    officer: User
    units: list[Unit]
    directive_id: int
    period: ReportPeriod
    reports: dict[str, UnitReport] = field(default_factory=dict)  # unit name → report

    def report(self, name_start: str) -> UnitReport:
        return next(r for n, r in self.reports.items() if n.startswith(name_start))


def follow_up_case(
    session: Session,
    *,
    record_mode: bool = False,
    before: list[int] | None = None,
    after: list[int] | None = None,
    don_doc_after: int = 5,
    signer: bool = True,
    username: str = "dvhuyen",
) -> FollowUp:
    now = SET_UP
    committee = unit_create(
        session,
        name="Huyện ủy Phú Riềng",
        symbol="HU",
        superior="ĐẢNG BỘ TỈNH BÌNH PHƯỚC",
        place="Phú Riềng",
        by="test",
        now=now,
    )
    drafting = unit_create(
        session,
        name="Ban Dân vận Huyện ủy",
        parent_id=committee.id,
        symbol="BDVHU",
        email="bdv@phurieng.test",
        superior="HUYỆN ỦY PHÚ RIỀNG",
        place="Phú Riềng",
        by="test",
        now=now,
    )
    units = [
        unit_create(session, name=n, parent_id=committee.id, email=e, by="test", now=now)
        for n, e in COMMUNES
    ]
    session.add(Term(name="2020 - 2025", starts_on=date(2020, 10, 1), ends_on=date(2025, 9, 30)))
    officer = User(
        username=username,
        full_name="Lê Thị Thu",
        email="thu@phurieng.test",
        role=Role.OFFICER,
        unit_id=drafting.id,
        created_at=now,
    )
    session.add(officer)
    if signer:
        session.add(
            Signer(
                body_id=id_of(drafting),
                form="K/T",
                on_behalf_of="TRƯỞNG BAN",
                title="PHÓ TRƯỞNG BAN",
                full_name="Điểu Văn Thắng",
            )
        )
    session.commit()
    d, _ = directive_create(
        session,
        title="Tăng cường công tác dân vận trong xây dựng nông thôn mới",
        issuer_id=id_of(committee),
        drafting_unit_id=id_of(drafting),
        record_mode=record_mode,
        by=username,
        now=now,
    )
    directive = session.get(Directive, id_of(d))
    assert directive is not None
    # Issued on paper last year: the follow-up only needs its number and stage.
    directive.number, directive.signed_on = "07-CT/HU", date(2023, 11, 20)
    directive.stage = Stage.ISSUED
    session.add(directive)
    plan = FollowUpPlan(
        directive_id=id_of(directive),
        version=1,
        cadence=["quy-1", "6-thang", "9-thang", "nam"],
        first_year=2024,
        last_year=2025,
        report_to_id=id_of(drafting),
        reporting_unit_ids=[id_of(u) for u in units],
        reminder_before=[3, 1] if before is None else before,
        reminder_after=[1, 3, 7] if after is None else after,
        don_doc_after_days=don_doc_after,
        created_at=now,
        created_by=username,
    )
    period = ReportPeriod(
        directive_id=id_of(directive),
        plan_version=1,
        key="2024-quy-1",
        kind="quy-1",
        label="Quý I năm 2024",
        year=2024,
        starts_on=date(2023, 12, 15),
        cutoff_on=date(2024, 4, 14),
        opens_on=date(2024, 4, 8),
        due_on=DUE,
        status=PeriodStatus.OPEN,
        opened_at=OPENED,
    )
    session.add_all([plan, period])
    session.flush()
    case = FollowUp(committee, drafting, officer, units, id_of(directive), period)
    for unit in units:
        report = UnitReport(
            period_id=id_of(period),
            unit_id=id_of(unit),
            token_hash=secrets.token_hex(32),
            token_nonce=secrets.token_hex(16),
            status=ReportStatus.PENDING,
            sent_at=OPENED,
            sent_to=unit.email,
        )
        session.add(report)
        case.reports[unit.name] = report
    session.commit()
    return case


def submit(session: Session, report: UnitReport, moment: datetime) -> None:
    """As the unit's link would record it (fu-unit's report_save does it for real)."""
    report.status = ReportStatus.SUBMITTED
    report.submitted_at = report.first_submitted_at = moment
    session.add(report)
    session.commit()


def exempt(session: Session, report: UnitReport) -> None:
    report.status = ReportStatus.EXEMPT
    report.exempt_reason = "Đơn vị đang sáp nhập"
    session.add(report)
    session.commit()


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
