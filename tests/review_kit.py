"""Test data for sơ kết / tổng kết: an office of its own (Tỉnh ủy Đắk Nông), an issued
directive with a follow-up plan, periodic periods of 2024–2025 and a sơ kết round, and unit
reports with figures and narratives, made directly (the plan and round commands are other
helpers'; the review only reads what they store)."""

import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from sqlmodel import Session

from models.commands.directives import directive_create
from models.commands.units import unit_create
from models.ids import id_of
from models.lifecycle import Stage
from models.policy import Role
from models.statuses import PeriodPurpose, PeriodStatus, ReportStatus
from models.tables import (
    FollowUpPlan,
    ReportFigure,
    ReportPeriod,
    Term,
    Unit,
    UnitReport,
    User,
)
from models.tokens import Links

NOW = datetime(2026, 1, 12, 2, 0, tzinfo=UTC)  # 09:00 on 12/01/2026 in Vietnam
INDICATORS = [
    {"code": "so_buoi_doi_thoai", "name": "Số buổi đối thoại với Nhân dân", "measure": "buổi",
     "aggregate": "sum"},
    {"code": "so_vu_viec", "name": "Số vụ việc phức tạp phát sinh", "measure": "vụ",
     "aggregate": "max"},
    {"code": "so_to_hoa_giai", "name": "Số tổ hòa giải ở cơ sở", "measure": "tổ",
     "aggregate": "last"},
]  # fmt: skip
UNIT_NAMES = [
    ("Huyện ủy Cư Jút", "huyen-uy", "hu.cujut@daknong.test"),
    ("Huyện ủy Krông Nô", "huyen-uy", "hu.krongno@daknong.test"),
    ("Thành ủy Gia Nghĩa", "huyen-uy", "tu.gianghia@daknong.test"),
]


@dataclass
class Office:
    issuer: Unit
    drafting: Unit
    units: list[Unit]
    officer: User
    directive_id: int
    periods: dict[str, ReportPeriod] = field(default_factory=dict)


def office(session: Session, *, password_hash: str = "") -> Office:
    """Tỉnh ủy Đắk Nông: Ban Thường vụ (TU), Ban Dân vận (BDVTU), three reporting units, an
    officer of the Ban Dân vận, Chỉ thị 05-CT/TU issued on 20/11/2023 with its plan."""
    at = NOW - timedelta(days=900)
    province = unit_create(
        session, name="Tỉnh ủy Đắk Nông", symbol="TU", superior="ĐẢNG BỘ TỈNH ĐẮK NÔNG",
        place="Đắk Nông", by="test", now=at,
    )  # fmt: skip
    issuer = unit_create(
        session, name="Ban Thường vụ Tỉnh ủy", parent_id=province.id, symbol="TU",
        superior="ĐẢNG BỘ TỈNH ĐẮK NÔNG", place="Đắk Nông", by="test", now=at,
    )  # fmt: skip
    drafting = unit_create(
        session, name="Ban Dân vận Tỉnh ủy", parent_id=province.id, symbol="BDVTU",
        category="ban-dang", email="bdvtu@daknong.test", superior="TỈNH ỦY ĐẮK NÔNG",
        place="Đắk Nông", by="test", now=at,
    )  # fmt: skip
    units = [
        unit_create(session, name=n, parent_id=province.id, category=c, email=e, by="test", now=at)
        for n, c, e in UNIT_NAMES
    ]
    session.add(Term(name="2020 - 2025", starts_on=date(2020, 10, 1), ends_on=date(2025, 9, 30)))
    session.add(Term(name="2025 - 2030", starts_on=date(2025, 10, 1), ends_on=date(2030, 9, 30)))
    officer = User(
        username="dung",
        full_name="Trần Văn Dũng",
        email="dung@daknong.test",
        role=Role.OFFICER,
        unit_id=drafting.id,
        password_hash=password_hash,
        created_at=at,
    )
    session.add(officer)
    d, _ = directive_create(
        session,
        title="Tăng cường công tác dân vận trong xây dựng nông thôn mới",
        issuer_id=id_of(issuer),
        drafting_unit_id=id_of(drafting),
        by="dung",
        now=at,
    )
    d.stage, d.number, d.signed_on = Stage.ISSUED, "05-CT/TU", date(2023, 11, 20)
    d.issued_at = datetime(2023, 11, 21, 2, 0, tzinfo=UTC)
    session.add(d)
    session.add(
        FollowUpPlan(
            directive_id=id_of(d),
            version=1,
            cadence=["6-thang", "nam"],
            first_year=2024,
            last_year=2028,
            report_to_id=id_of(drafting),
            reporting_unit_ids=[id_of(u) for u in units],
            indicators=INDICATORS,
            sections=[{"key": "1", "title": "Công tác lãnh đạo"}],
            so_ket_year=2025,
            tong_ket_year=2028,
            created_at=at,
            created_by="dung",
        )
    )
    session.commit()
    o = Office(issuer, drafting, units, officer, id_of(d))
    for key, kind, label, year, cutoff in [
        ("2024-6-thang", "6-thang", "6 tháng đầu năm 2024", 2024, date(2024, 6, 14)),
        ("2024-nam", "nam", "Năm 2024", 2024, date(2024, 12, 14)),
        ("2025-6-thang", "6-thang", "6 tháng đầu năm 2025", 2025, date(2025, 6, 14)),
    ]:
        o.periods[key] = period(session, o, key=key, kind=kind, label=label, year=year,
                                cutoff=cutoff, status=PeriodStatus.CLOSED)  # fmt: skip
    o.periods["so-ket"] = period(
        session, o, key="2025-so-ket", kind="so-ket", label="Sơ kết năm 2025", year=2025,
        cutoff=date(2025, 12, 14), purpose=PeriodPurpose.SO_KET, status=PeriodStatus.SCHEDULED,
    )  # fmt: skip
    return o


def period(
    session: Session,
    o: Office,
    *,
    key: str,
    kind: str,
    label: str,
    year: int,
    cutoff: date,
    purpose: PeriodPurpose = PeriodPurpose.PERIODIC,
    status: PeriodStatus = PeriodStatus.OPEN,
) -> ReportPeriod:
    p = ReportPeriod(
        directive_id=o.directive_id,
        plan_version=1,
        key=key,
        kind=kind,
        purpose=purpose,
        label=label,
        year=year,
        starts_on=date(year - 1, 12, 15),
        cutoff_on=cutoff,
        opens_on=cutoff - timedelta(days=7),
        due_on=cutoff + timedelta(days=7),
        status=status,
        opened_at=None
        if status == PeriodStatus.SCHEDULED
        else datetime.combine(cutoff - timedelta(days=7), datetime.min.time(), UTC),
    )
    session.add(p)
    session.commit()
    return p


def open_round(session: Session, o: Office) -> ReportPeriod:
    """The sơ kết round opened as core's open_period leaves it: a report per unit."""
    p = o.periods["so-ket"]
    p.status, p.opened_at = PeriodStatus.OPEN, NOW - timedelta(days=40)
    p.outline = [
        {"key": "1", "title": "Tình hình, kết quả triển khai thực hiện"},
        {"key": "2", "title": "Hạn chế, nguyên nhân"},
    ]
    session.add(p)
    session.commit()
    return p


def report(
    session: Session,
    o: Office,
    period_key: str,
    unit: Unit,
    figures: Mapping[str, float],
    *,
    number: str = "",
    on: date | None = None,
    narrative: dict[str, str] | None = None,
    status: ReportStatus = ReportStatus.SUBMITTED,
) -> UnitReport:
    p = o.periods[period_key]
    r = UnitReport(
        period_id=id_of(p),
        unit_id=id_of(unit),
        token_hash=secrets.token_hex(32),
        token_nonce=secrets.token_hex(16),
        status=status,
        number=number,
        report_date=on,
        narrative=narrative or {},
        submitted_at=NOW - timedelta(days=30) if status == ReportStatus.SUBMITTED else None,
    )
    session.add(r)
    session.flush()
    for code, value in figures.items():
        session.add(ReportFigure(report_id=id_of(r), code=code, value=value))
    session.commit()
    return r


def set_figure(session: Session, r: UnitReport, code: str, value: float) -> None:
    f = session.get(ReportFigure, (id_of(r), code))
    assert f is not None
    f.value = value
    session.add(f)
    session.commit()


@dataclass
class Scenario:
    office: Office
    round: ReportPeriod
    reports: dict[str, UnitReport]


def scenario(session: Session) -> Scenario:
    """Three units' periodic reports (Gia Nghĩa's Năm 2024 missing), and the
    round's own reports: Cư Jút with its span's figure, Krông Nô with narrative only."""
    o = office(session)
    a, b, c = o.units
    rows = [
        ("2024-6-thang", a, 4, 2, 10, "12-BC/HU", date(2024, 6, 18)),
        ("2024-6-thang", b, 3, 5, 8, "08-BC/HU", date(2024, 6, 19)),
        ("2024-6-thang", c, 1, 1, 6, "15-BC/TU", date(2024, 6, 20)),
        ("2024-nam", a, 9, 3, 12, "31-BC/HU", date(2024, 12, 18)),
        ("2024-nam", b, 7, 4, 9, "22-BC/HU", date(2024, 12, 19)),
        ("2025-6-thang", a, 5, 1, 13, "40-BC/HU", date(2025, 6, 17)),
        ("2025-6-thang", b, 4, 6, 9, "30-BC/HU", date(2025, 6, 18)),
        ("2025-6-thang", c, 2, 0, 7, "41-BC/TU", date(2025, 6, 19)),
    ]
    reports = {}
    for key, unit, dt, vv, th, number, on in rows:
        figures = {"so_buoi_doi_thoai": dt, "so_vu_viec": vv, "so_to_hoa_giai": th}
        reports[f"{key}/{unit.name}"] = report(session, o, key, unit, figures, number=number, on=on)
    rnd = open_round(session, o)
    reports["so-ket/a"] = report(
        session, o, "so-ket", a, {"so_buoi_doi_thoai": 20}, number="50-BC/HU",
        on=date(2025, 12, 20),
        narrative={"1": "Tổ chức 20 buổi đối thoại trực tiếp với Nhân dân.",
                   "2": "Một số cơ sở còn lúng túng."},
    )  # fmt: skip
    reports["so-ket/b"] = report(
        session, o, "so-ket", b, {}, number="45-BC/HU", on=date(2025, 12, 21),
        narrative={"1": "Các chi bộ đưa nội dung dân vận vào sinh hoạt định kỳ."},
    )  # fmt: skip
    reports["so-ket/c"] = report(session, o, "so-ket", c, {}, status=ReportStatus.PENDING)
    return Scenario(o, rnd, reports)


def with_link(session: Session, links: Links, r: UnitReport) -> str:
    """Give the report a real personal link (as open_period does); the raw token."""
    from models.tokens import new_nonce, token_hash

    nonce = new_nonce()
    raw = links.report_token(nonce)
    r.token_nonce, r.token_hash = nonce, token_hash(raw)
    session.add(r)
    session.commit()
    return raw
