"""The follow-up commands on both databases (issue 12): the plan saved and versioned, periods
scheduled, opened (one report and one mail per unit in force, links built at send time) and
closed by the sweep on the calendar's days."""

import json
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import date

import pytest
from sqlmodel import Session, col, select

from models.commands.follow_up import close_period, open_period, plan_save, sweep_follow_up
from models.commands.units import unit_create
from models.errors import DomainError, Invalid
from models.events import PeriodClosed, PeriodOpened
from models.ids import id_of
from models.lifecycle import Stage
from models.queries.follow_up import (
    current_plan,
    period_reports,
    periods_of,
    plan_versions,
    report_by_token,
)
from models.statuses import PeriodStatus
from models.tables import (
    AuditEvent,
    Directive,
    FollowUpPlan,
    OutboxMessage,
    ReportPeriod,
    StoredEvent,
    UnitReport,
)
from models.tokens import Links, mask_secret_paths, token_hash
from notifications.links import links_for
from tests.follow_up_kit import SAVED_AT, at, issued_directive, office, plan_in


def _period(session: Session, directive_id: int, key: str) -> ReportPeriod:
    found = [p for p in periods_of(session, directive_id) if p.key == key]
    assert found, key
    return found[0]


def _requests(session: Session) -> list[OutboxMessage]:
    return list(
        session.exec(
            select(OutboxMessage)
            .where(OutboxMessage.template == "report_request")
            .order_by(col(OutboxMessage.id))
        ).all()
    )


def test_a_plan_for_a_directive_not_issued_is_refused(session):
    o = office(session)
    did = issued_directive(session, o)
    row = session.get(Directive, did)
    row.stage = Stage.SIGNED
    session.add(row)
    session.commit()
    with pytest.raises(DomainError) as exc:
        plan_save(session, did, plan_in(o), by="canbo", now=SAVED_AT)
    assert "chưa ban hành" in exc.value.message
    session.rollback()
    assert session.exec(select(FollowUpPlan)).all() == []
    assert session.exec(select(ReportPeriod)).all() == []


def test_reporting_units_that_do_not_exist_are_refused_at_their_field(session):
    o = office(session)
    did = issued_directive(session, o)
    with pytest.raises(Invalid) as exc:
        plan_save(
            session,
            did,
            plan_in(o, reporting_unit_ids=[*o.unit_ids, 999_999]),
            by="c",
            now=SAVED_AT,
        )
    assert (exc.value.field, exc.value.message) == (
        "reporting_unit_ids",
        "Không tìm thấy đơn vị #999999.",
    )
    with pytest.raises(Invalid) as exc:
        plan_save(session, did, plan_in(o, first_year=2023, so_ket_year=None), by="c", now=SAVED_AT)
    assert exc.value.field == "first_year" and "2024" in exc.value.message
    session.rollback()
    assert session.exec(select(FollowUpPlan)).all() == []


def test_a_plan_saved_twice_makes_version_2_and_reschedules_only_scheduled_periods(session, links):
    o = office(session)
    did = issued_directive(session, o)
    saved = plan_save(session, did, plan_in(o), by="canbo", now=SAVED_AT)
    assert saved.plan.version == 1 and saved.plan.report_to_id == o.drafting.id
    keys = [p.key for p in periods_of(session, did)]
    assert keys == [
        "2024-quy-1",
        "2024-6-thang",
        "2024-9-thang",
        "2024-nam",
        "2025-quy-1",
        "2025-6-thang",
        "2025-9-thang",
        "2025-nam",
        "2025-so-ket",
    ]
    q1 = _period(session, did, "2024-quy-1")
    assert (q1.starts_on, q1.cutoff_on, q1.opens_on, q1.due_on) == (
        date(2023, 12, 15),
        date(2024, 3, 14),
        date(2024, 3, 7),
        date(2024, 3, 21),
    )
    open_period(session, id_of(q1), now=at(date(2024, 3, 7)), links=links)

    later = plan_in(o, cadence=["quy-1", "6-thang", "nam"], due_working_days=10, so_ket_year=None)
    again = plan_save(session, did, later, by="canbo", now=at(date(2024, 3, 10)))
    assert again.plan.version == 2
    assert [v.version for v in plan_versions(session, did)] == [1, 2]
    current = current_plan(session, did)
    assert current is not None and current.id == again.plan.id
    session.expire_all()
    periods = {p.key: p for p in periods_of(session, did)}
    assert set(periods) == {
        "2024-quy-1",
        "2024-6-thang",
        "2024-nam",
        "2025-quy-1",
        "2025-6-thang",
        "2025-nam",
    }
    opened = periods["2024-quy-1"]  # asked already: its dates and version stay
    assert (opened.status, opened.due_on, opened.plan_version) == ("open", date(2024, 3, 21), 1)
    six = periods["2024-6-thang"]  # 14/6/2024 (Fri) + 10 working days
    assert (six.due_on, six.plan_version) == (date(2024, 6, 28), 2)
    audits = session.exec(
        select(AuditEvent).where(AuditEvent.action == "follow_up.plan").order_by(col(AuditEvent.id))
    ).all()
    assert len(audits) == 2 and audits[0].before is None
    assert audits[1].before["due_working_days"] == 5 and audits[1].after["due_working_days"] == 10
    assert audits[1].after["version"] == 2 and audits[1].actor == "canbo"
    stored = session.exec(select(StoredEvent).where(StoredEvent.type == "follow_up.planned")).all()
    assert sorted(e.payload["version"] for e in stored) == [1, 2]


def test_a_plan_saved_late_does_not_ask_for_periods_whose_window_is_over(session):
    o = office(session)
    did = issued_directive(session, o)
    plan_save(
        session, did, plan_in(o, last_year=2024, so_ket_year=None), by="c", now=at(date(2024, 7, 1))
    )
    # Quý I 2024 closed for late reports when 6 tháng opened (7/6/2024): never asked now.
    assert [p.key for p in periods_of(session, did)] == ["2024-6-thang", "2024-9-thang", "2024-nam"]


def test_no_period_ends_before_the_directive_was_signed(session):
    o = office(session)
    did = issued_directive(session, o, record_mode=True)
    directive = session.get(Directive, did)
    assert directive is not None
    directive.signed_on = date(2024, 7, 5)  # after 6 tháng's cut-off (14/6), before 9 tháng's
    session.add(directive)
    session.commit()
    plan_save(session, did, plan_in(o, last_year=2024, so_ket_year=None), by="c", now=SAVED_AT)
    assert [p.key for p in periods_of(session, did)] == ["2024-9-thang", "2024-nam"]


def test_opening_asks_each_unit_in_force_on_the_cutoff_day_with_its_own_link(session, links):
    o = office(session)
    did = issued_directive(session, o)
    plan_save(session, did, plan_in(o), by="canbo", now=SAVED_AT)
    # Đức Trọng and Lâm Hà merged on 01/03/2024, before quý I's cut-off (14/3).
    merged = unit_create(
        session,
        name="Đảng ủy khu vực Đức Trọng – Lâm Hà",
        parent_id=o.province.id,
        email="dukv@lamdong.test",
        by="test",
        now=SAVED_AT,
    )
    merged.valid_from = date(2024, 3, 1)
    for old in o.units[:2]:
        old.valid_to, old.successor_id = date(2024, 2, 29), merged.id
        session.add(old)
    session.add(merged)
    session.commit()

    q1 = _period(session, did, "2024-quy-1")
    events = open_period(session, id_of(q1), now=at(date(2024, 3, 7)), links=links)
    assert events == [PeriodOpened(did, at(date(2024, 3, 7)), id_of(q1))]
    reports = period_reports(session, id_of(q1))
    assert [u.name for _, u in reports] == [
        "Đảng ủy khu vực Đức Trọng – Lâm Hà",
        "Thành ủy Đà Lạt",
        "Ban Tuyên giáo Tỉnh ủy Lâm Đồng",
    ]
    assert len({r.token_hash for r, _ in reports}) == len({r.token_nonce for r, _ in reports}) == 3

    rows = _requests(session)
    assert len(rows) == 3
    by_report = {r.context["report_id"]: r for r in rows}
    assert set(by_report) == {r.id for r, _ in reports}
    built = links_for(session, rows, links)  # the links exist only when the mail is sent
    for report, unit in reports:
        row = by_report[report.id]
        assert row.to_email == unit.email and row.directive_id == did
        assert "link" not in row.context
        url = built[id_of(row)]
        assert url.startswith("http://duthao.test/r/")
        token = url.rsplit("/", 1)[1]
        assert token not in json.dumps(row.context)
        assert token_hash(token) == report.token_hash
        found = report_by_token(session, token)
        assert found is not None and found.id == report.id
        # The same nonce's invitation token opens nothing: reports are keyed apart.
        assert report_by_token(session, links.token(report.token_nonce)) is None
        forged = Links(base_url="http://duthao.test", secret="another-secret")
        assert report_by_token(session, forged.report_token(report.token_nonce)) is None
    assert report_by_token(session, "") is None and report_by_token(session, "x" * 500) is None

    with pytest.raises(DomainError, match="đã mở"):
        open_period(session, id_of(q1), now=at(date(2024, 3, 8)), links=links)
    session.rollback()
    assert len(session.exec(select(UnitReport)).all()) == 3


def test_a_revoked_report_gets_no_link(session, links):
    o = office(session)
    did = issued_directive(session, o)
    plan_save(session, did, plan_in(o), by="canbo", now=SAVED_AT)
    q1 = _period(session, did, "2024-quy-1")
    open_period(session, id_of(q1), now=at(date(2024, 3, 7)), links=links)
    report, _ = period_reports(session, id_of(q1))[0]
    report.revoked_at = at(date(2024, 3, 8))
    session.add(report)
    session.commit()
    rows = _requests(session)
    built = links_for(session, rows, links)
    assert len(built) == len(rows) - 1
    assert all(r.context["report_id"] != report.id for r in rows if id_of(r) in built)


def _moves(events: list) -> list:
    """The periods opened and closed, without the reminders queued alongside."""
    return [e for e in events if isinstance(e, PeriodOpened | PeriodClosed)]


def test_the_sweep_opens_and_closes_on_the_calendar_days(session, links):
    o = office(session)
    did = issued_directive(session, o)
    plan_save(session, did, plan_in(o), by="canbo", now=SAVED_AT)
    assert sweep_follow_up(session, now=at(date(2024, 3, 6)), links=links) == []
    q1 = _period(session, did, "2024-quy-1")
    opened = sweep_follow_up(session, now=at(date(2024, 3, 7)), links=links)
    assert opened == [PeriodOpened(did, at(date(2024, 3, 7)), id_of(q1))]
    assert sweep_follow_up(session, now=at(date(2024, 3, 7), 15), links=links) == []
    assert len(_requests(session)) == 4

    # Late reports are taken until the next period opens: then quý I closes.
    # (fu-remind's reminders go out meanwhile: only the periods' moves are checked here.)
    assert _moves(sweep_follow_up(session, now=at(date(2024, 6, 6)), links=links)) == []
    six = _period(session, did, "2024-6-thang")
    moved = _moves(sweep_follow_up(session, now=at(date(2024, 6, 7)), links=links))
    assert moved == [
        PeriodClosed(did, at(date(2024, 6, 7)), id_of(q1)),
        PeriodOpened(did, at(date(2024, 6, 7)), id_of(six)),
    ]
    session.expire_all()
    assert _period(session, did, "2024-quy-1").status == PeriodStatus.CLOSED
    assert len(_requests(session)) == 8

    # After a long stop only the periods still in their window open; the last period of the
    # directive (năm 2025, due 19/12/2025) stays open 30 days past its due. The sơ kết is
    # never opened by the calendar: it goes out with its numbered plan and outline, when the
    # officer prepares it (models/commands/reviews.py).
    sweep_follow_up(session, now=at(date(2025, 12, 20)), links=links)
    session.expire_all()
    status = {p.key: p.status for p in periods_of(session, did)}
    assert status["2024-6-thang"] == "closed"
    assert status["2025-9-thang"] == "scheduled"  # its window was over: never asked
    assert (status["2025-nam"], status["2025-so-ket"]) == ("open", "scheduled")
    nam = _period(session, did, "2025-nam")
    assert nam.due_on == date(2025, 12, 19)
    sweep_follow_up(session, now=at(date(2026, 1, 18)), links=links)
    session.expire_all()
    assert _period(session, did, "2025-nam").status == "open"
    sweep_follow_up(session, now=at(date(2026, 1, 19)), links=links)
    session.expire_all()
    assert _period(session, did, "2025-nam").status == "closed"
    assert _period(session, did, "2025-so-ket").status == "scheduled"
    assert _moves(sweep_follow_up(session, now=at(date(2026, 3, 1)), links=links)) == []


def test_a_period_with_no_unit_in_force_waits_and_others_still_open(session, links):
    o = office(session)
    gone = issued_directive(session, o, number="06-CT/TU")
    plan_save(session, gone, plan_in(o, reporting_unit_ids=[o.unit_ids[0]]), by="c", now=SAVED_AT)
    did = issued_directive(session, o)
    plan_save(session, did, plan_in(o), by="c", now=SAVED_AT)
    abolished = o.units[0]
    abolished.valid_to = date(2024, 1, 31)  # no successor
    session.add(abolished)
    session.commit()
    events = sweep_follow_up(session, now=at(date(2024, 3, 7)), links=links)
    assert events == [
        PeriodOpened(did, at(date(2024, 3, 7)), id_of(_period(session, did, "2024-quy-1")))
    ]
    session.expire_all()
    assert _period(session, gone, "2024-quy-1").status == "scheduled"
    assert [
        u.name for _, u in period_reports(session, id_of(_period(session, did, "2024-quy-1")))
    ] == [u.name for u in o.units[1:]]


def test_the_sweep_skips_a_directive_in_record_mode(session, links):
    o = office(session)
    did = issued_directive(session, o, record_mode=True)
    plan_save(session, did, plan_in(o), by="canbo", now=SAVED_AT)
    assert sweep_follow_up(session, now=at(date(2024, 3, 7)), links=links) == []
    assert all(p.status == "scheduled" for p in periods_of(session, did))


def test_close_period_by_an_officer_refuses_a_period_not_open(session, links):
    o = office(session)
    did = issued_directive(session, o)
    plan_save(session, did, plan_in(o), by="canbo", now=SAVED_AT)
    q1 = _period(session, did, "2024-quy-1")
    with pytest.raises(DomainError, match="không ở trạng thái đang mở"):
        close_period(session, id_of(q1), by="canbo", now=at(date(2024, 3, 1)))
    session.rollback()
    open_period(session, id_of(q1), now=at(date(2024, 3, 7)), links=links, by="canbo")
    events = close_period(session, id_of(q1), by="canbo", now=at(date(2024, 4, 1)))
    assert events == [PeriodClosed(did, at(date(2024, 4, 1)), id_of(q1))]
    closed = session.get(ReportPeriod, id_of(q1))
    assert closed.status == "closed" and closed.closed_at is not None
    actions = session.exec(
        select(AuditEvent.action, AuditEvent.actor).where(AuditEvent.entity == "report_period")
    ).all()
    assert sorted(actions) == [("period.close", "canbo"), ("period.open", "canbo")]


def test_report_paths_are_masked_in_logs():
    for path in ("/r/AbC-123_x", "/api/v1/r/AbC-123_x/submit", "http://x.test/r/AbC-123_x?a=1"):
        masked = mask_secret_paths(path)
        assert "AbC-123_x" not in masked
        assert f"[masked:{token_hash('AbC-123_x')[:8]}]" in masked
        assert mask_secret_paths(masked) == masked
    assert mask_secret_paths("/directives/5/follow-up") == "/directives/5/follow-up"


def test_two_sweeps_at_once_open_a_period_once(engine, session, links):
    o = office(session)
    did = issued_directive(session, o)
    plan_save(session, did, plan_in(o), by="canbo", now=SAVED_AT)
    session.rollback()
    start = threading.Barrier(2)

    def sweep() -> int:
        with Session(engine, expire_on_commit=False) as s:
            start.wait(10)
            events = sweep_follow_up(s, now=at(date(2024, 3, 7)), links=links)
            return sum(isinstance(e, PeriodOpened) for e in events)

    with ThreadPoolExecutor(2) as pool:
        assert sum(pool.map(lambda _: sweep(), range(2))) == 1
    assert len(session.exec(select(UnitReport)).all()) == len(o.units)
    assert len(_requests(session)) == len(o.units)
