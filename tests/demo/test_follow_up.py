"""The replay past the signing (issue 12, item 8): summary.json's follow_up object is what
the follow-up tables hold, the periods and their due days follow the calendar, the story
has its late, returned and exempt units, the reminders stop on submission, and the sơ kết's
figures are the sums of the units' review reports."""

from collections import Counter
from typing import Any

import pytest
from sqlmodel import Session, col, select

from duthao.demo import follow_up_data as fud
from duthao.demo.follow_up import review_figures
from duthao.demo.world import find_directive
from models.clock import local_date
from models.follow_up.calendar import is_working_day
from models.follow_up.holidays import Holidays
from models.statuses import PeriodPurpose, PeriodStatus, ReportStatus
from models.tables import (
    Briefing,
    DonDocLetter,
    FollowUpPlan,
    OutboxMessage,
    ReportFigure,
    ReportPeriod,
    ReportReminder,
    ReviewReport,
    UnitReport,
)
from models.text import number, short_date
from tests.demo.conftest import Replayed

pytestmark = pytest.mark.xdist_group("prefect")

PERIOD_KEYS = {
    "label": str,
    "due": str,
    "due_reports": int,
    "submitted": int,
    "on_time": int,
    "late": int,
    "missing": int,
    "returned": int,
}


def _follow_up(replay: Replayed) -> dict[str, Any]:
    told = replay.summary["follow_up"]
    assert isinstance(told, dict)
    return told


def _directive_id(s: Session) -> int:
    found = find_directive(s)
    assert found is not None and found.id is not None
    return found.id


def _periodic(s: Session) -> list[ReportPeriod]:
    return list(
        s.exec(
            select(ReportPeriod)
            .where(
                ReportPeriod.directive_id == _directive_id(s),
                ReportPeriod.purpose == PeriodPurpose.PERIODIC,
                ReportPeriod.status != PeriodStatus.SCHEDULED,
            )
            .order_by(col(ReportPeriod.due_on))
        ).all()
    )


def _reports(s: Session, period: ReportPeriod) -> list[UnitReport]:
    return list(s.exec(select(UnitReport).where(UnitReport.period_id == period.id)).all())


def test_the_follow_up_object_has_the_issue_shape(replay: Replayed) -> None:
    told = _follow_up(replay)
    assert set(told) == {
        "plan",
        "periods",
        "reminders_sent",
        "don_doc_letters",
        "giao_ban",
        "so_ket",
    }
    assert set(told["plan"]) == {"cadence", "reporting_units"}
    assert told["plan"]["cadence"] == ["quy-1", "6-thang", "9-thang", "nam"]
    assert isinstance(told["plan"]["reporting_units"], int)
    assert told["periods"]
    for period in told["periods"]:
        assert {k: type(v) for k, v in period.items()} == PERIOD_KEYS
    assert isinstance(told["reminders_sent"], int)
    assert told["don_doc_letters"] and all(isinstance(n, str) for n in told["don_doc_letters"])
    assert isinstance(told["giao_ban"], int) and told["giao_ban"] > 0
    so_ket = told["so_ket"]
    assert set(so_ket) == {"number", "date", "figures_traced", "figures"}
    assert so_ket["number"].endswith("-BC/TU") and isinstance(so_ket["date"], str)
    assert isinstance(so_ket["figures"], int) and so_ket["figures"] > 0
    assert so_ket["figures_traced"] == so_ket["figures"]


def test_every_value_is_what_the_tables_hold(replay: Replayed) -> None:
    told = _follow_up(replay)
    with Session(replay.engine) as s:
        did = _directive_id(s)
        plan = s.exec(
            select(FollowUpPlan)
            .where(FollowUpPlan.directive_id == did)
            .order_by(col(FollowUpPlan.version).desc())
        ).first()
        assert plan is not None
        assert told["plan"] == {
            "cadence": plan.cadence,
            "reporting_units": len(plan.reporting_unit_ids),
        }
        periods = _periodic(s)
        assert [p["label"] for p in told["periods"]] == [p.label for p in periods]
        for row, period in zip(told["periods"], periods, strict=True):
            reports = _reports(s, period)
            statuses = Counter(r.status for r in reports)
            due = len(reports) - statuses[ReportStatus.EXEMPT]
            firsts = [
                local_date(r.first_submitted_at)
                for r in reports
                if r.status == ReportStatus.SUBMITTED and r.first_submitted_at
            ]
            assert row == {
                "label": period.label,
                "due": period.due_on.isoformat(),
                "due_reports": due,
                "submitted": statuses[ReportStatus.SUBMITTED],
                "on_time": sum(1 for d in firsts if d <= period.due_on),
                "late": sum(1 for d in firsts if d > period.due_on),
                "missing": due - statuses[ReportStatus.SUBMITTED],
                "returned": sum(1 for r in reports if r.returns),
            }
        in_directive = select(ReportPeriod.id).where(ReportPeriod.directive_id == did)
        report_ids = select(UnitReport.id).where(col(UnitReport.period_id).in_(in_directive))
        reminders = s.exec(
            select(ReportReminder).where(col(ReportReminder.report_id).in_(report_ids))
        ).all()
        assert told["reminders_sent"] == len(reminders)
        letters = s.exec(
            select(DonDocLetter)
            .where(DonDocLetter.directive_id == did)
            .order_by(col(DonDocLetter.letter_date))
        ).all()
        assert told["don_doc_letters"] == [x.number for x in letters]
        assert told["giao_ban"] == len(
            s.exec(select(Briefing).where(Briefing.directive_id == did)).all()
        )
        so_ket = s.exec(
            select(ReportPeriod).where(
                ReportPeriod.directive_id == did, ReportPeriod.purpose == PeriodPurpose.SO_KET
            )
        ).one()
        review = s.exec(select(ReviewReport).where(ReviewReport.period_id == so_ket.id)).one()
        assert review.report_date is not None
        assert (told["so_ket"]["number"], told["so_ket"]["date"]) == (
            review.number,
            review.report_date.isoformat(),
        )


def test_periods_in_order_due_on_working_days(replay: Replayed) -> None:
    told = _follow_up(replay)
    labels = [p["label"] for p in told["periods"]]
    assert labels[:5] == [
        "Năm 2023",
        "Quý I năm 2024",
        "6 tháng đầu năm 2024",
        "9 tháng năm 2024",
        "Năm 2024",
    ]
    dues = [p["due"] for p in told["periods"]]
    assert dues == sorted(dues) and len(set(dues)) == len(dues)
    holidays = Holidays.load(range(2023, 2026))
    with Session(replay.engine) as s:
        for period in _periodic(s):
            assert is_working_day(period.due_on, holidays), period.label
            assert period.cutoff_on.day == fud.CUTOFF_DAY
            assert period.opens_on < period.cutoff_on < period.due_on


def test_some_late_one_returned_and_sent_again_one_exempt(replay: Replayed) -> None:
    told = _follow_up(replay)
    assert sum(p["late"] for p in told["periods"]) >= 1
    assert sum(p["returned"] for p in told["periods"]) >= 1
    assert any(p["due_reports"] < told["plan"]["reporting_units"] for p in told["periods"])
    with Session(replay.engine) as s:
        reports = [r for p in _periodic(s) for r in _reports(s, p)]
        returned = [r for r in reports if r.returns]
        assert returned and all(
            r.status == ReportStatus.SUBMITTED
            and r.submitted_at
            and r.returned_at
            and r.submitted_at > r.returned_at
            and r.return_reason
            for r in returned
        )
        exempt = [r for r in reports if r.status == ReportStatus.EXEMPT]
        assert exempt and all(r.exempt_reason for r in exempt)
        assert any(r.source == "paper" and r.entered_by for r in reports)


def test_the_sokets_figures_are_the_sums_of_the_units_reports(replay: Replayed) -> None:
    text = (replay.out / "narrative.md").read_text(encoding="utf-8")
    with Session(replay.engine) as s:
        so_ket = s.exec(
            select(ReportPeriod).where(
                ReportPeriod.directive_id == _directive_id(s),
                ReportPeriod.purpose == PeriodPurpose.SO_KET,
            )
        ).one()
        assert so_ket.plan_number == fud.SO_KET_PLAN_NUMBER
        assert [o["title"] for o in so_ket.outline] == [t for _, t in fud.SO_KET_OUTLINE]
        reports = [r for r in _reports(s, so_ket) if r.status == ReportStatus.SUBMITTED]
        assert len(reports) == len(fud.REPORTING_KEYS)
        sums: Counter[str] = Counter()
        for f in s.exec(
            select(ReportFigure).where(col(ReportFigure.report_id).in_([r.id for r in reports]))
        ).all():
            sums[f.code] += int(f.value)
        computed = review_figures(s, so_ket)
    assert set(sums) == {i.code for i in fud.INDICATORS}
    assert computed == {code: float(total) for code, total in sums.items()}
    told = replay.summary["follow_up"]["so_ket"]
    assert told["figures"] == len(fud.INDICATORS) == told["figures_traced"]
    assert f"Báo cáo số {told['number']}" in text
    for total in sums.values():
        assert f": {number(total)} " in text


def test_the_narrative_tells_the_implementation(replay: Replayed) -> None:
    told = _follow_up(replay)
    text = (replay.out / "narrative.md").read_text(encoding="utf-8")
    with Session(replay.engine) as s:
        for period in _periodic(s):
            assert f"(hạn gửi {short_date(period.due_on)})" in text, period.label
    for letter in told["don_doc_letters"]:
        assert f"Công văn số {letter}" in text
    assert "hội nghị giao ban" in text


def test_a_recorded_case_is_neither_mailed_nor_reminded(replay: Replayed) -> None:
    """Record mode holds after the signing too: the reports of 2023 and 2024 went on paper
    long ago, so the replay mails nothing for them and the sweep reminds nobody (the
    officer opens and closes the periods and drafts the đôn đốc herself)."""
    with Session(replay.engine) as s:
        did = _directive_id(s)
        assert not s.exec(select(OutboxMessage).where(OutboxMessage.directive_id == did)).all()
        assert not s.exec(select(ReportReminder)).all()
        opened = s.exec(
            select(ReportPeriod).where(
                ReportPeriod.directive_id == did, ReportPeriod.status != PeriodStatus.SCHEDULED
            )
        ).all()
        assert opened and all(p.opened_at and local_date(p.opened_at) == p.opens_on for p in opened)
    assert _follow_up(replay)["reminders_sent"] == 0
