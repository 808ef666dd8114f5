"""A directive's follow-up after issuance (issue 12): saving the plan (versioned, audited, its
periods scheduled), opening a period (each unit in force asked by mail, with its own link),
closing one, and the sweep that does both on the calendar's days.

Periods keep the plan version they were scheduled under: a new plan version reschedules only
the periods still scheduled; an open or closed period, and its reports, are never rewritten.
"""

import logging
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlmodel import Session, col, select

from models import audit
from models.clock import local_date
from models.commands.follow_up_reminders import remind_period
from models.errors import DomainError, Invalid
from models.event_log import record
from models.events import Event, FollowUpPlanned, PeriodClosed, PeriodOpened
from models.follow_up.calendar import (
    DEFAULT_OPEN_DAYS_BEFORE,
    PeriodDates,
    PeriodSpec,
    closing_days,
    periods_for,
    review_spec,
)
from models.follow_up.holidays import Holidays
from models.follow_up.plan import PlanIn, stored_fields
from models.ids import id_of
from models.lifecycle import Stage
from models.outbox import enqueue
from models.queries.follow_up import current_plan, periods_of
from models.queries.records import get
from models.queries.unit_validity import units_in_force
from models.rulesets import load as load_ruleset
from models.statuses import PeriodPurpose, PeriodStatus
from models.tables import Directive, FollowUpPlan, ReportPeriod, Unit, UnitReport
from models.text import short_date
from models.tokens import Links

log = logging.getLogger("duthao.follow_up")
SWEEP = "sweep"  # the actor of what the sweep does on the calendar's days
NOT_ISSUED = (
    "Chỉ thị chưa ban hành: kế hoạch theo dõi thực hiện chỉ lập được sau khi văn bản đã ban hành."
)
# The columns a plan version holds besides its keys, for the audit trail.
PLAN_FIELDS = tuple(PlanIn.model_fields)
_SCHEDULE_FIELDS = ("kind", "purpose", "label", "year", "starts_on", "cutoff_on", "opens_on")


@dataclass
class PlanSaved:
    plan: FollowUpPlan
    events: list[Event]


def plan_holidays(first_year: int, last_year: int) -> Holidays:
    """The days off the plan's due dates skip: a December cut-off is due in the next year."""
    return Holidays.load(range(first_year, last_year + 2))


def plan_specs(plan: PlanIn | FollowUpPlan) -> list[PeriodSpec]:
    """Every period of a plan: its periodic reports, then its review rounds."""
    holidays = plan_holidays(plan.first_year, plan.last_year)
    specs = periods_for(
        list(plan.cadence),
        plan.first_year,
        plan.last_year,
        cutoff_day=plan.cutoff_day,
        due_working_days=plan.due_working_days,
        open_days_before=DEFAULT_OPEN_DAYS_BEFORE,
        holidays=holidays,
    )
    for purpose, year in (
        (PeriodPurpose.SO_KET, plan.so_ket_year),
        (PeriodPurpose.TONG_KET, plan.tong_ket_year),
    ):
        if year is not None:
            specs.append(
                review_spec(
                    purpose,
                    year,
                    first_year=plan.first_year,
                    cutoff_day=plan.cutoff_day,
                    holidays=holidays,
                )
            )
    return specs


def _issued_year(directive: Directive) -> int | None:
    if directive.signed_on is not None:
        return directive.signed_on.year
    return local_date(directive.issued_at).year if directive.issued_at else None


def _check_units(session: Session, directive: Directive, plan: PlanIn) -> None:
    """Every unit the plan names exists; refused at its field otherwise."""
    named = {
        "reporting_unit_ids": list(plan.reporting_unit_ids),
        "report_to_id": [plan.report_to_id] if plan.report_to_id else [],
        "briefings": [uid for b in plan.briefings for uid in b.unit_ids],
    }
    wanted = {uid for ids in named.values() for uid in ids}
    found = set(session.exec(select(Unit.id).where(col(Unit.id).in_(wanted))).all())
    for field, ids in named.items():
        for uid in ids:
            if uid not in found:
                raise Invalid(f"Không tìm thấy đơn vị #{uid}.", field=field)
    year = _issued_year(directive)
    if year is not None and plan.first_year < year:
        raise Invalid(f"Năm bắt đầu không được trước năm ban hành ({year}).", field="first_year")


def plan_save(
    session: Session, directive_id: int, plan: PlanIn, *, by: str, now: datetime
) -> PlanSaved:
    """A new version of the directive's follow-up plan, audited, its periods scheduled."""
    directive = get(session, Directive, directive_id, lock=True)
    if directive.stage != Stage.ISSUED:
        raise DomainError(NOT_ISSUED)
    _check_units(session, directive, plan)
    previous = current_plan(session, directive_id)
    row = FollowUpPlan(
        directive_id=directive_id,
        version=(previous.version + 1) if previous else 1,
        report_to_id=plan.report_to_id or directive.drafting_unit_id,
        created_at=now,
        created_by=by,
        **stored_fields(plan),
    )
    session.add(row)
    session.flush()
    _schedule(session, directive, row, plan_specs(plan), today=local_date(now))
    audit.record(
        session,
        actor=by,
        at=now,
        action="follow_up.plan",
        entity="follow_up_plan",
        entity_id=row.id,
        directive_id=directive_id,
        before=audit.snapshot(previous, "version", *PLAN_FIELDS) if previous else None,
        after=audit.snapshot(row, "version", *PLAN_FIELDS),
    )
    events: list[Event] = [FollowUpPlanned(directive_id, now, id_of(row), row.version)]
    record(session, events)
    session.commit()
    return PlanSaved(row, events)


def _schedule(
    session: Session,
    directive: Directive,
    plan: FollowUpPlan,
    specs: list[PeriodSpec],
    *,
    today: date,
) -> None:
    """New periods for new specs; scheduled ones updated, or deleted when no longer planned;
    open and closed ones never touched. A live directive is not asked for periods whose
    window is over already (a plan saved late); a recorded one keeps them (paper reports);
    neither has periods whose figures end before its signing."""
    existing = {p.key: p for p in periods_of(session, id_of(directive))}
    # The window of a period already asked is its own; the others are the plan's.
    dated: dict[str, PeriodDates] = {s.key: s for s in specs}
    dated |= {k: p for k, p in existing.items() if p.status != PeriodStatus.SCHEDULED}
    closes = closing_days(dated.values())
    if not directive.record_mode:
        specs = [s for s in specs if closes[s.key] > today or s.key in existing]
    # Nothing is reported on a directive before it was signed: a period whose figures end
    # before the signing is not the directive's, recorded or live (quý I 2023 of a directive
    # signed in October 2023).
    signed = directive.signed_on
    if signed is not None:
        specs = [s for s in specs if s.cutoff_on >= signed or s.key in existing]
    wanted = {s.key for s in specs}
    for key, period in existing.items():
        # A review round being prepared (its numbered plan taken) is the officer's to remove.
        if key not in wanted and period.status == PeriodStatus.SCHEDULED and not period.plan_number:
            session.delete(period)
    for spec in specs:
        found = existing.get(spec.key)
        if found is None:
            session.add(
                ReportPeriod(
                    directive_id=id_of(directive),
                    plan_version=plan.version,
                    key=spec.key,
                    due_on=spec.due_on,
                    **{f: getattr(spec, f) for f in _SCHEDULE_FIELDS},
                )
            )
        elif found.status == PeriodStatus.SCHEDULED:
            for f in (*_SCHEDULE_FIELDS, "due_on"):
                setattr(found, f, getattr(spec, f))
            found.plan_version = plan.version
            session.add(found)
    session.flush()


def _directive_name(directive: Directive) -> str:
    """ "Chỉ thị số 22-CT/TU" (the kind's name alone before a number is known)."""
    kind = load_ruleset(directive.ruleset).kind_name(directive.kind)
    return f"{kind} số {directive.number}" if directive.number else kind


def _indicator_lines(plan: FollowUpPlan) -> list[str]:
    return [
        f"{i['name']} ({i['measure']})" if i.get("measure") else str(i["name"])
        for i in plan.indicators
    ]


def request_context(
    directive: Directive,
    period: ReportPeriod,
    plan: FollowUpPlan,
    unit: Unit,
    report_to: Unit,
    report_id: int,
) -> dict[str, Any]:
    """The report request's context: the report's id, never its link (built at send time)."""
    return {
        "directive_id": directive.id,
        "directive_title": directive.title,
        "directive_name": _directive_name(directive),
        "period_id": period.id,
        "period_label": period.label,
        "review": period.purpose != PeriodPurpose.PERIODIC,
        "plan_number": period.plan_number,
        "starts": short_date(period.starts_on),
        "cutoff": short_date(period.cutoff_on),
        "due": short_date(period.due_on),
        "indicators": _indicator_lines(plan),
        "unit": unit.name,
        "drafting_body": report_to.name,
        "report_id": report_id,
    }


def queue_report_request(
    session: Session,
    directive: Directive,
    period: ReportPeriod,
    plan: FollowUpPlan,
    unit: Unit,
    report: UnitReport,
    *,
    now: datetime,
) -> bool:
    """The report request mail of one unit's report; keyed by the link, so a re-issued link
    is a new message (fu-unit's report_reissue calls this too)."""
    report_to = get(session, Unit, plan.report_to_id)
    return enqueue(
        session,
        key=f"report-request:{period.id}:{unit.id}:{report.token_hash[:16]}",
        template="report_request",
        to_email=report.sent_to or unit.email,
        to_name=unit.name,
        context=request_context(directive, period, plan, unit, report_to, id_of(report)),
        now=now,
        directive_id=directive.id,
    )


def _plan_of(session: Session, directive_id: int) -> FollowUpPlan:
    plan = current_plan(session, directive_id)
    if plan is None:
        raise DomainError("Chỉ thị chưa có kế hoạch theo dõi thực hiện.")
    return plan


UNPREPARED = (
    "Đợt sơ kết, tổng kết được gửi kèm kế hoạch có số và đề cương: hãy chuẩn bị và mở đợt "
    "từ trang sơ kết, tổng kết."
)


def awaits_preparation(period: ReportPeriod) -> bool:
    """A review round goes out with its numbered plan and outline (models/commands/reviews.py
    prepares it): until then neither the calendar nor an officer's "open now" opens it."""
    return period.purpose != PeriodPurpose.PERIODIC and not period.plan_number


def open_period(
    session: Session, period_id: int, *, now: datetime, links: Links, by: str = SWEEP
) -> list[Event]:
    """Ask each reporting unit in force on the cut-off day (an abolished unit's successor in
    its place) for its report: one UnitReport with a fresh link each, and its mail."""
    period = get(session, ReportPeriod, period_id, lock=True)
    session.refresh(period)  # another sweep may have opened it while we waited for the lock
    if period.status != PeriodStatus.SCHEDULED:
        raise DomainError(f"{period.label} đã mở hoặc đã kết thúc.")
    if awaits_preparation(period):
        raise DomainError(UNPREPARED)
    directive = get(session, Directive, period.directive_id)
    plan = _plan_of(session, id_of(directive))
    units = units_in_force(session, plan.reporting_unit_ids, period.cutoff_on)
    if not units:
        raise DomainError(
            f"Không có đơn vị báo cáo nào còn hoạt động ngày {short_date(period.cutoff_on)}."
        )
    for unit in units:
        nonce, _raw, hashed = links.issue_report()
        report = UnitReport(
            period_id=id_of(period),
            unit_id=id_of(unit),
            token_hash=hashed,
            token_nonce=nonce,
            sent_at=now,
            sent_to=unit.email or None,
        )
        session.add(report)
        session.flush()
        queue_report_request(session, directive, period, plan, unit, report, now=now)
    period.status = PeriodStatus.OPEN
    period.opened_at = now
    period.plan_version = plan.version
    session.add(period)
    audit.record(
        session,
        actor=by,
        at=now,
        action="period.open",
        entity="report_period",
        entity_id=period.id,
        directive_id=directive.id,
        after={"key": period.key, "units": [u.id for u in units]},
    )
    events: list[Event] = [PeriodOpened(directive.id, now, id_of(period))]
    record(session, events)
    session.commit()
    return events


def close_period(session: Session, period_id: int, *, by: str, now: datetime) -> list[Event]:
    """Close an open period: its links are refused from now on."""
    period = get(session, ReportPeriod, period_id, lock=True)
    session.refresh(period)
    if period.status != PeriodStatus.OPEN:
        raise DomainError(f"{period.label} không ở trạng thái đang mở.")
    period.status = PeriodStatus.CLOSED
    period.closed_at = now
    session.add(period)
    audit.record(
        session,
        actor=by,
        at=now,
        action="period.close",
        entity="report_period",
        entity_id=period.id,
        directive_id=period.directive_id,
    )
    events: list[Event] = [PeriodClosed(period.directive_id, now, id_of(period))]
    record(session, events)
    session.commit()
    return events


def _followed(session: Session) -> list[int]:
    """Live directives with a period still scheduled or open (record mode is never swept)."""
    return list(
        session.exec(
            select(ReportPeriod.directive_id)
            .join(Directive, col(Directive.id) == col(ReportPeriod.directive_id))
            .where(
                col(ReportPeriod.status).in_([PeriodStatus.SCHEDULED, PeriodStatus.OPEN]),
                Directive.record_mode == False,  # noqa: E712
            )
            .distinct()
            .order_by(col(ReportPeriod.directive_id))
        ).all()
    )


def sweep_follow_up(session: Session, *, now: datetime, links: Links) -> list[Event]:
    """On the calendar's days: close the periods whose window is over, open the ones due
    (never one whose window is over already), then the reminders of each open period.
    Each open and close is its own command (committed), so a failure stops at one period."""
    today = local_date(now)
    events: list[Event] = []
    for directive_id in _followed(session):
        periods = periods_of(session, directive_id)
        closes = closing_days(periods)
        for period in periods:
            ends = closes[period.key]
            if period.status == PeriodStatus.OPEN and today >= ends:
                events += close_period(session, id_of(period), by=SWEEP, now=now)
            elif period.status == PeriodStatus.SCHEDULED and period.opens_on <= today < ends:
                if awaits_preparation(period):
                    continue  # the officer prepares and opens it, never the calendar
                try:
                    events += open_period(session, id_of(period), now=now, links=links)
                except DomainError as exc:
                    # No unit in force, say: this period waits for the officer, the others
                    # of every directive still open and close.
                    session.rollback()
                    log.warning("period %s not opened: %s", period.id, exc.message)
        for period in periods_of(session, directive_id):
            if period.status == PeriodStatus.OPEN:
                events += remind_period(session, period, now=now)
    return events
