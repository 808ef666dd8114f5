"""Follow-up data for the roll-up and briefing tests, written straight into the tables
(fu-core's commands schedule and open periods; these tests only read what they leave).

An office of its own, not the demo's: Ban Dân vận Tỉnh ủy Lâm Đồng following its Chỉ thị on
dialogue with the people, units of three levels and kinds, periods of 2024.
"""

import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlmodel import Session

from models.clock import VN
from models.commands.directives import directive_create
from models.commands.units import unit_create
from models.ids import id_of
from models.statuses import PeriodPurpose, PeriodStatus, ReportStatus
from models.tables import FollowUpPlan, ReportFigure, ReportPeriod, Unit, UnitReport

INDICATORS = [
    {
        "code": "so_buoi_doi_thoai",
        "name": "Số buổi đối thoại với Nhân dân",
        "measure": "buổi",
        "aggregate": "sum",
    },
    {"code": "so_vu_viec", "name": "Số vụ việc phức tạp", "measure": "vụ", "aggregate": "max"},
    {"code": "ty_le_hai_long", "name": "Tỷ lệ hài lòng", "measure": "%", "aggregate": "last"},
]
UNITS = [
    ("Huyện ủy Đạ Huoai", "huyen-uy"),
    ("Huyện ủy Lạc Dương", "huyen-uy"),
    ("Thành ủy Bảo Lộc", "huyen-uy"),
    ("Ban Tuyên giáo Tỉnh ủy Lâm Đồng", "ban-dang"),
    ("Hội Nông dân tỉnh Lâm Đồng", "doan-the"),
]


@dataclass
class Office:
    directive_id: int
    units: list[Unit]
    plan: FollowUpPlan
    periods: list[ReportPeriod] = field(default_factory=list)

    def unit(self, name: str) -> Unit:
        return next(u for u in self.units if u.name == name)


def office(
    session: Session,
    *,
    drafting: Unit,
    issuer: Unit,
    now: datetime,
    title: str = "Tăng cường đối thoại giữa người đứng đầu cấp ủy với Nhân dân",
    units: list[tuple[str, str]] | None = None,
    briefings: list[dict[str, Any]] | None = None,
) -> Office:
    d, _ = directive_create(
        session,
        title=title,
        issuer_id=id_of(issuer),
        drafting_unit_id=id_of(drafting),
        by="test",
        now=now,
    )
    made = [
        unit_create(session, name=n, category=c, email=f"u{i}@lamdong.test", by="test", now=now)
        for i, (n, c) in enumerate(units or UNITS)
    ]
    plan = FollowUpPlan(
        directive_id=id_of(d),
        version=1,
        cadence=["quy-1", "6-thang", "9-thang", "nam"],
        first_year=2024,
        last_year=2026,
        report_to_id=id_of(drafting),
        reporting_unit_ids=[id_of(u) for u in made],
        indicators=INDICATORS,
        briefings=briefings or [],
        created_at=now,
        created_by="test",
    )
    session.add(plan)
    session.commit()
    return Office(id_of(d), made, plan)


def period(
    session: Session,
    o: Office,
    *,
    key: str,
    label: str,
    cutoff_on: date,
    due_on: date,
    status: PeriodStatus = PeriodStatus.OPEN,
    kind: str = "quy-1",
) -> ReportPeriod:
    p = ReportPeriod(
        directive_id=o.directive_id,
        plan_version=1,
        key=key,
        kind=kind,
        purpose=PeriodPurpose.PERIODIC,
        label=label,
        year=cutoff_on.year,
        starts_on=date(cutoff_on.year - 1, 12, 15),
        cutoff_on=cutoff_on,
        opens_on=cutoff_on - timedelta(days=7),
        due_on=due_on,
        status=status,
    )
    session.add(p)
    session.commit()
    o.periods.append(p)
    return p


def at(day: date, hour: int = 9) -> datetime:
    """A moment on a Vietnamese day, stored as UTC."""
    return datetime.combine(day, time(hour), tzinfo=VN).astimezone(UTC)


def report(
    session: Session,
    p: ReportPeriod,
    unit: Unit,
    *,
    status: ReportStatus = ReportStatus.PENDING,
    submitted: date | None = None,
    figures: Mapping[str, float] | None = None,
    number: str = "",
) -> UnitReport:
    """A unit's report; `submitted` is the day of its first submission (Vietnam time)."""
    r = UnitReport(
        period_id=id_of(p),
        unit_id=id_of(unit),
        token_hash=secrets.token_hex(32),
        token_nonce=secrets.token_hex(16),
        status=status,
        first_submitted_at=at(submitted) if submitted else None,
        submitted_at=at(submitted) if submitted else None,
        number=number,
    )
    session.add(r)
    session.flush()
    for code, value in (figures or {}).items():
        session.add(ReportFigure(report_id=id_of(r), code=code, value=value))
    session.commit()
    return r
