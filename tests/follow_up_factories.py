"""Follow-up test data: a plan with two indicators and two sections, one open period and a
report per unit with its raw link token (rows made directly, as the period opening would)."""

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlmodel import Session

from models.ids import id_of
from models.statuses import PeriodStatus
from models.tables import Unit
from models.tables.follow_up import FollowUpPlan, ReportPeriod, UnitReport
from models.tokens import Links, new_nonce, token_hash

INDICATORS = [
    {
        "code": "so_buoi_doi_thoai",
        "name": "Số buổi đối thoại với Nhân dân",
        "measure": "buổi",
        "aggregate": "sum",
    },
    {
        "code": "so_nguoi_tham_du",
        "name": "Số lượt người tham dự",
        "measure": "lượt người",
        "aggregate": "sum",
    },
]
SECTIONS = [
    {"key": "1", "title": "Tăng cường sự lãnh đạo của cấp ủy"},
    {"key": "2", "title": "Đổi mới phương pháp nắm tình hình"},
]


@dataclass
class Period:
    directive_id: int
    period_id: int
    tokens: dict[int, str] = field(default_factory=dict)  # unit id → raw token
    reports: dict[int, int] = field(default_factory=dict)  # unit id → report id


def open_period(
    session: Session,
    *,
    directive_id: int,
    units: list[Unit],
    links: Links,
    now: datetime,
    key: str = "2024-quy-1",
    label: str = "Quý I năm 2024",
    starts_on: date = date(2023, 12, 15),
    cutoff_on: date = date(2024, 3, 14),
    opens_on: date = date(2024, 3, 7),
    due_on: date = date(2024, 3, 21),
    status: PeriodStatus = PeriodStatus.OPEN,
) -> Period:
    plan = FollowUpPlan(
        directive_id=directive_id,
        version=1,
        cadence=["quy-1", "6-thang", "9-thang", "nam"],
        first_year=2024,
        last_year=2025,
        report_to_id=units[0].parent_id or id_of(units[0]),
        reporting_unit_ids=[id_of(u) for u in units],
        indicators=INDICATORS,
        sections=SECTIONS,
        created_at=now,
        created_by="hoa",
    )
    session.add(plan)
    period = ReportPeriod(
        directive_id=directive_id,
        plan_version=1,
        key=key,
        kind="quy-1",
        label=label,
        year=cutoff_on.year,
        starts_on=starts_on,
        cutoff_on=cutoff_on,
        opens_on=opens_on,
        due_on=due_on,
        status=status,
        opened_at=now if status != PeriodStatus.SCHEDULED else None,
    )
    session.add(period)
    session.flush()
    out = Period(directive_id, id_of(period))
    for unit in units:
        nonce = new_nonce()
        raw = links.report_token(nonce)
        report = UnitReport(
            period_id=id_of(period),
            unit_id=id_of(unit),
            token_hash=token_hash(raw),
            token_nonce=nonce,
            sent_at=now,
            sent_to=unit.email,
        )
        session.add(report)
        session.flush()
        out.tokens[id_of(unit)] = raw
        out.reports[id_of(unit)] = id_of(report)
    session.commit()
    return out
