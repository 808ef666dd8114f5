"""Follow-up test data written as rows (a plan, an open period, one report per unit), for
the reminder and đôn đốc tests: an issued directive of a district committee's Ban Dân vận,
its own units and dates, none of the demo's."""

import secrets
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from sqlmodel import Session

from models.clock import at_local
from models.commands.directives import directive_create
from models.commands.units import unit_create
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
