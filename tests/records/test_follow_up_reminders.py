"""Reminders of a period's reports and the đôn đốc the sweep drafts (issue 12, item 3), on
both databases: across the long weekend before the due date, stopping when a unit
submits, one a day even if the sweep runs twice or twice at once, none in record mode."""

import threading
from datetime import date, timedelta

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from models.clock import at_local
from models.commands.don_doc import draft_don_doc
from models.commands.follow_up_reminders import remind_period
from models.errors import DomainError
from models.events import DonDocDrafted, ReportRemindersQueued
from models.tables import DonDocLetter, OutboxMessage, RegisterEntry, ReportReminder
from models.tables.event import StoredEvent
from tests.don_doc_kit import DAYS_OFF, DUE, exempt, follow_up_case, submit


def sweep(session: Session, case, day: date, hour: int = 8) -> list:
    return remind_period(session, case.period, now=at_local(day, hour), days_off=DAYS_OFF)


def reminders(session: Session) -> dict[int, list[tuple[date, int]]]:
    session.expire_all()
    out: dict[int, list[tuple[date, int]]] = {}
    for r in session.exec(select(ReportReminder).order_by(col(ReportReminder.sent_on))).all():
        out.setdefault(r.report_id, []).append((r.sent_on, r.offset_days))
    return out


def every_day(start: date, end: date):
    day = start
    while day <= end:
        yield day
        day += timedelta(days=1)


def test_reminders_over_the_long_weekend_stop_when_the_unit_submits(session):
    case = follow_up_case(session)
    phu_rieng, bu_nho, long_hung = (
        case.report(n) for n in ("Đảng ủy xã Phú", "Đảng ủy xã Bù", "Đảng ủy xã Long")
    )
    exempt(session, case.report("Chi bộ"))
    for day in every_day(date(2024, 4, 20), date(2024, 5, 20)):
        if day == date(2024, 5, 3):
            submit(session, bu_nho, at_local(day, 7))  # before the day's sweep at 08:00
        sweep(session, case, day)
    got = reminders(session)
    # Due Thursday 2/5: 3 working days before is Wednesday 24/4, 1 before is Friday 26/4
    # (27/4–1/5 are off); after: Friday 3/5, Tuesday 7/5, Monday 13/5.
    assert got[phu_rieng.id] == [
        (date(2024, 4, 24), 3),
        (date(2024, 4, 26), 1),
        (date(2024, 5, 3), -1),
        (date(2024, 5, 7), -3),
        (date(2024, 5, 13), -7),
    ]
    assert got[bu_nho.id] == [(date(2024, 4, 24), 3), (date(2024, 4, 26), 1)]
    assert got[long_hung.id] == got[phu_rieng.id]
    assert case.report("Chi bộ").id not in got  # exempt: never reminded
    mails = session.exec(
        select(OutboxMessage).where(OutboxMessage.to_email == "du.phurieng@phurieng.test")
    ).all()
    assert [m.template for m in sorted(mails, key=lambda m: m.id)] == [
        "report_reminder",
        "report_reminder",
        "report_overdue",
        "report_overdue",
        "report_overdue",
    ]
    for m in mails:
        assert m.context["report_id"] == phu_rieng.id and "link" not in m.context
        assert m.context["period_label"] == "Quý I năm 2024" and m.context["due"] == "02/5/2024"


def test_twice_the_same_day_sends_once(session):
    case = follow_up_case(session)
    first = sweep(session, case, date(2024, 4, 24))
    again = sweep(session, case, date(2024, 4, 24), hour=15)
    assert [type(e) for e in first] == [ReportRemindersQueued]
    assert first[0].reminders == 5 and again == []
    assert sum(len(v) for v in reminders(session).values()) == 5
    assert len(session.exec(select(OutboxMessage)).all()) == 5


def test_two_sweeps_at_once_send_once(engine: Engine):
    with Session(engine, expire_on_commit=False) as s:
        case = follow_up_case(s)
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def run() -> None:
        try:
            with Session(engine, expire_on_commit=False) as s:
                barrier.wait()
                remind_period(s, case.period, now=at_local(date(2024, 5, 3)), days_off=DAYS_OFF)
        except BaseException as exc:  # noqa: BLE001 — reported below
            errors.append(exc)

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with Session(engine) as s:
        rows = s.exec(select(ReportReminder)).all()
        assert len(rows) == 5 and {r.sent_on for r in rows} == {date(2024, 5, 3)}
        assert len(s.exec(select(OutboxMessage)).all()) == 5
        queued = s.exec(
            select(StoredEvent).where(StoredEvent.type == ReportRemindersQueued.type)
        ).all()
        assert [e.payload["reminders"] for e in queued] == [5]


def test_record_mode_gets_no_reminder_and_no_letter(session):
    case = follow_up_case(session, record_mode=True)
    for day in every_day(date(2024, 4, 20), date(2024, 5, 20)):
        assert sweep(session, case, day) == []
    assert reminders(session) == {}
    assert session.exec(select(OutboxMessage)).all() == []
    assert session.exec(select(DonDocLetter)).all() == []


def test_the_sweep_drafts_one_numbered_letter_to_exactly_the_late_units(session):
    case = follow_up_case(session)
    exempt(session, case.report("Chi bộ"))
    submit(session, case.report("Đảng ủy xã Bù"), at_local(date(2024, 5, 6)))
    # 5 working days after Thursday 2/5 is Thursday 9/5.
    for day in every_day(date(2024, 5, 3), date(2024, 5, 8)):
        assert not [e for e in sweep(session, case, day) if isinstance(e, DonDocDrafted)]
    events = sweep(session, case, date(2024, 5, 9))
    drafted = [e for e in events if isinstance(e, DonDocDrafted)]
    assert len(drafted) == 1
    for day in every_day(date(2024, 5, 10), date(2024, 5, 20)):
        assert not [e for e in sweep(session, case, day) if isinstance(e, DonDocDrafted)]
    letters = session.exec(select(DonDocLetter)).all()
    assert len(letters) == 1
    letter = letters[0]
    late = {
        u.id
        for u in case.units
        if u.name.startswith(("Đảng ủy xã Phú", "Đảng ủy xã Long", "Đảng ủy xã Phước"))
    }
    assert set(letter.unit_ids) == late
    assert letter.number == "01-CV/BDVHU" and letter.letter_date == date(2024, 5, 9)
    assert letter.signature == ["K/T TRƯỞNG BAN", "PHÓ TRƯỞNG BAN"]
    assert letter.signer_name == "Điểu Văn Thắng" and letter.created_by == "sweep"
    entry = session.get(RegisterEntry, letter.register_entry_id)
    assert entry is not None and entry.number == letter.number
    assert entry.abstract == (
        "V/v đôn đốc báo cáo quý I năm 2024 kết quả thực hiện Chỉ thị số 07-CT/HU"
    )
    # The officer's action on a period already drafted gives the same letter, no new number.
    again = draft_don_doc(session, case.period.id, by="dvhuyen", now=at_local(date(2024, 5, 21)))
    assert not again.created and again.letter.id == letter.id
    assert len(session.exec(select(RegisterEntry)).all()) == 1


def test_the_officer_drafts_early_and_is_refused_before_the_due_date_or_with_none_late(session):
    case = follow_up_case(session)
    with pytest.raises(DomainError, match="Chưa quá hạn báo cáo Quý I năm 2024"):
        draft_don_doc(session, case.period.id, by="dvhuyen", now=at_local(DUE))
    for report in case.reports.values():
        exempt(session, report)
    with pytest.raises(DomainError, match="không cần đôn đốc"):
        draft_don_doc(session, case.period.id, by="dvhuyen", now=at_local(date(2024, 5, 3)))
    assert session.exec(select(RegisterEntry)).all() == []  # no number taken by a refusal
    assert session.exec(select(DonDocLetter)).all() == []


def test_the_holidays_come_from_the_calendar_data_by_default(session):
    """Without days off given, 2024's data file is read: 29/4–1/5 are off, so the day
    before the due date (Thursday 2/5) is Friday 26/4."""
    case = follow_up_case(session, before=[1], after=[])
    for day in every_day(date(2024, 4, 25), date(2024, 5, 2)):
        remind_period(session, case.period, now=at_local(day))
    assert {v[0] for v in reminders(session).values()} == {(date(2024, 4, 26), 1)}


def test_through_the_follow_up_sweep_with_the_units_links(session, links):
    """A plan saved, the sweep run each morning: quý I 2024 opens 7/3, is due Thursday
    21/3; a unit reporting on 19/3 gets no more reminders; the others get theirs with their
    own report link (built at send time) and the đôn đốc on 28/3 (5 working days after)."""
    from models.commands.follow_up import plan_save, sweep_follow_up
    from models.queries.follow_up import period_reports, periods_of
    from models.tables import Term
    from notifications.links import links_for
    from tests.follow_up_kit import issued_directive, office, plan_in

    o = office(session)
    session.add(Term(name="2020 - 2025", starts_on=date(2020, 10, 1), ends_on=date(2025, 9, 30)))
    session.commit()
    did = issued_directive(session, o)
    plan_save(session, did, plan_in(o), by="canbo", now=at_local(date(2024, 1, 25)))
    drafted = []
    for day in every_day(date(2024, 3, 6), date(2024, 4, 5)):
        if day == date(2024, 3, 19):
            q1 = next(p for p in periods_of(session, did) if p.key == "2024-quy-1")
            first = next(
                r for r, u in period_reports(session, q1.id) if u.name == "Thành ủy Đà Lạt"
            )
            submit(session, first, at_local(day, 7))
        events = sweep_follow_up(session, now=at_local(day), links=links)
        drafted += [(day, e) for e in events if isinstance(e, DonDocDrafted)]
    assert q1.due_on == date(2024, 3, 21)
    got = reminders(session)
    assert got[first.id] == [(date(2024, 3, 18), 3)]  # nothing after it reported
    others = [r for r, u in period_reports(session, q1.id) if r.id != first.id]
    for report in others:
        assert [d for d, _ in got[report.id]] == [
            date(2024, 3, 18),
            date(2024, 3, 20),
            date(2024, 3, 22),
            date(2024, 3, 26),
            date(2024, 4, 1),
        ]
    rows = session.exec(
        select(OutboxMessage).where(col(OutboxMessage.template).startswith("report_r"))
    ).all()
    reminder_rows = [r for r in rows if r.template != "report_request"]
    found = links_for(session, reminder_rows, links)
    by_report = {r.id: r for r, _ in period_reports(session, q1.id)}
    for row in reminder_rows:
        report = by_report[row.context["report_id"]]
        assert found[row.id] == links.report_url(report.token_nonce)
    assert [d for d, _ in drafted] == [date(2024, 3, 28)]
    letter = session.exec(select(DonDocLetter)).one()
    assert letter.number == "01-CV/BDVTU"
    assert set(letter.unit_ids) == {r.unit_id for r in others}
