"""The sweep's reminders for one open period (issue 12, item 3): a mail per report still
owed on the days the plan's offsets call for (models/follow_up/reminders.py), and, once the
plan's delay past the due date has passed with units still missing, the công văn đôn đốc.

Idempotent and safe under concurrent sweeps: the period row is locked first, each reminder
is a ReportReminder row whose unique key (report, day) admits one a day, and its mail's
outbox key is (report, day) too. A directive in record mode gets none: its past went on
paper."""

import logging
from datetime import date, datetime

from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session, col, select

from models.clock import local_date
from models.commands.don_doc import draft_letter
from models.errors import DomainError
from models.event_log import record
from models.events import Event, ReportRemindersQueued
from models.follow_up.don_doc import don_doc_day
from models.follow_up.holidays import Holidays
from models.follow_up.reminders import due_offset
from models.ids import id_of
from models.outbox import enqueue
from models.queries.don_doc import letter_of_period, missing_reports
from models.queries.follow_up import period_plan
from models.queries.records import get
from models.statuses import PeriodStatus
from models.tables import Directive, ReportPeriod, ReportReminder, Unit
from models.text import short_date

SWEEP = "sweep"
log = logging.getLogger("duthao.follow_up")


def days_off_for(years: list[int]) -> frozenset[date]:
    """The public holidays and compensatory days off of those years (weekends are off by
    the rule itself)."""
    return frozenset(Holidays.load(years))


def _claim_day(session: Session, report_id: int, today: date, offset: int, now: datetime) -> bool:
    """The day's reminder row, or False when another sweep took it (the unique key holds)."""
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    stmt = (
        insert(ReportReminder)
        .values(report_id=report_id, sent_on=today, offset_days=offset, queued_at=now)
        .on_conflict_do_nothing(index_elements=["report_id", "sent_on"])
        .returning(col(ReportReminder.id))
    )
    return session.execute(stmt).scalar_one_or_none() is not None


def remind_period(
    session: Session,
    period: ReportPeriod,
    *,
    now: datetime,
    days_off: frozenset[date] | None = None,
) -> list[Event]:
    """Queue the period's reminders due today (and draft its đôn đốc when due); commits
    once. `days_off` defaults to the holidays of the due date's year and the next."""
    period = get(session, ReportPeriod, id_of(period), lock=True)
    session.refresh(period)  # another sweep may have closed it while we waited
    directive = get(session, Directive, period.directive_id)
    plan = period_plan(session, period)
    if directive.record_mode or period.status != PeriodStatus.OPEN or plan is None:
        session.rollback()
        return []
    today = local_date(now)
    off = days_off if days_off is not None else days_off_for([period.due_on.year, today.year])
    owed = missing_reports(session, id_of(period))
    sent: dict[int, list[date]] = {}
    for row in session.exec(
        select(ReportReminder).where(col(ReportReminder.report_id).in_([id_of(r) for r, _ in owed]))
    ).all():
        sent.setdefault(row.report_id, []).append(row.sent_on)
    drafting = get(session, Unit, directive.drafting_unit_id)
    queued = 0
    for report, unit in owed:
        rid = id_of(report)
        offset = due_offset(
            due_on=period.due_on,
            before=plan.reminder_before,
            after=plan.reminder_after,
            today=today,
            status=report.status,
            sent_on=sent.get(rid, []),
            asked_on=local_date(report.sent_at) if report.sent_at else None,
            returned_on=local_date(report.returned_at) if report.returned_at else None,
            days_off=off,
        )
        if offset is None or not _claim_day(session, rid, today, offset, now):
            continue
        queued += enqueue(
            session,
            key=f"report-remind:{rid}:{today.isoformat()}",
            template="report_reminder" if offset >= 0 else "report_overdue",
            to_email=report.sent_to or unit.email,
            to_name=unit.name,
            context={
                "directive_id": directive.id,
                "directive_title": directive.title,
                "directive_number": directive.number or "",
                "period_label": period.label,
                "due": short_date(period.due_on),
                "days": abs((period.due_on - today).days),
                "before": offset >= 0,
                "unit": unit.name,
                "drafting_body": drafting.name,
                "report_id": rid,  # the link is built when the mail is sent
            },
            now=now,
            directive_id=directive.id,
        )
    events: list[Event] = []
    if queued:
        events.append(ReportRemindersQueued(directive.id, now, id_of(period), queued))
    due_day = don_doc_day(period.due_on, plan.don_doc_after_days, off)
    if owed and today >= due_day and letter_of_period(session, id_of(period)) is None:
        try:
            with session.begin_nested():
                events += draft_letter(session, period, by=SWEEP, now=now).events
        except DomainError as exc:
            # E.g. no term covers today in the register: the reminders still go; the
            # officer drafts the letter by hand once the register allows it.
            log.warning("đôn đốc of period %s not drafted: %s", period.id, exc.message)
    record(session, events)
    session.commit()
    return events
