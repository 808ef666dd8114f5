"""Sơ kết and tổng kết: a review round prepared (its đề cương and numbered Kế hoạch, then the
units asked through core's open_period), the Standing Board's review report drafted from
the units' reports, its prose edited, and numbered "…-BC/<issuer>" when finalised.

The figures are never stored: the prose holds "[[code]]" markers and every document or page
computes them from the unit reports (models/follow_up/review.py)."""

from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel import Session

from models import audit
from models.clock import local_date
from models.commands.register import register_take
from models.errors import Conflict, DomainError, Invalid
from models.event_log import record
from models.events import Event, ReviewDrafted
from models.follow_up.review import (
    draft_prose,
    outline_of,
    outline_problem,
    unknown_markers,
)
from models.ids import id_of
from models.lifecycle import Stage
from models.queries.records import get
from models.queries.reviews import PURPOSE_LABELS, review_facts, review_period, review_report
from models.statuses import PeriodStatus
from models.tables import Directive, ReportPeriod, ReviewReport
from models.text import clean
from models.tokens import Links

MAX_PROSE = 50_000


@dataclass
class ReviewPrepared:
    period: ReportPeriod
    events: list[Event]


@dataclass
class ReviewSaved:
    report: ReviewReport
    events: list[Event]


def _issued(session: Session, directive_id: int) -> Directive:
    directive = get(session, Directive, directive_id)
    if directive.stage != Stage.ISSUED.value:
        raise DomainError("Chỉ thị chưa ban hành: chưa có đợt sơ kết, tổng kết để theo dõi.")
    return directive


def review_prepare(
    session: Session,
    directive_id: int,
    period_id: int,
    *,
    outline: list[str],
    plan_number: str = "",
    plan_date: date | None = None,
    open_now: bool = True,
    by: str,
    now: datetime,
    links: Links,
) -> ReviewPrepared:
    """Fix the round's đề cương and its Kế hoạch number (the drafting body's next KH, or one
    typed), then, with `open_now`, ask the units (core's open_period: links and mail).
    Once the units are asked the outline is theirs: it no longer changes."""
    directive = _issued(session, directive_id)
    period = review_period(session, directive_id, period_id)
    if period.status != PeriodStatus.SCHEDULED:
        raise Conflict(
            "Đợt đã mở, các đơn vị đã nhận đề cương: không sửa đề cương, kế hoạch được nữa.",
            field="outline",
        )
    problem = outline_problem(outline)
    if problem:
        raise Invalid(problem, field="outline")
    day = plan_date or local_date(now)
    if day > local_date(now):
        raise Invalid("Ngày kế hoạch không được sau hôm nay.", field="plan_date")
    before = {"outline": period.outline, "plan_number": period.plan_number}
    period.outline = outline_of(outline)
    if not period.plan_number or clean(plan_number) not in ("", period.plan_number):
        abstract = f"Kế hoạch {PURPOSE_LABELS[period.purpose]} {directive.number or ''}".strip()
        entry = register_take(
            session,
            issuer_id=directive.drafting_unit_id,
            kind="KH",
            kind_name="kế hoạch (KH)",
            typed=clean(plan_number),
            doc_date=day,
            abstract=abstract,
            directive_id=directive_id,
            by=by,
            now=now,
            field="plan_number",
        )
        period.plan_number = entry.number
        period.plan_date = day
    session.add(period)
    audit.record(
        session,
        actor=by,
        at=now,
        action="follow_up.review_prepare",
        entity="reportperiod",
        entity_id=period.id,
        directive_id=directive_id,
        before=before,
        after={"outline": period.outline, "plan_number": period.plan_number},
    )
    session.flush()
    events: list[Event] = []
    if open_now:
        from models.commands.follow_up import open_period  # core's: links, mail, PeriodOpened

        events = open_period(session, id_of(period), now=now, links=links)
    session.commit()
    return ReviewPrepared(period, events)


def review_draft(
    session: Session, directive_id: int, period_id: int, *, by: str, now: datetime
) -> ReviewSaved:
    """The first draft of the review report: per outline section, the figures by marker and
    a summary of what the units wrote. Drafted once; the officer then edits it."""
    _issued(session, directive_id)
    period = review_period(session, directive_id, period_id)
    if period.status == PeriodStatus.SCHEDULED:
        raise DomainError("Đợt chưa mở: các đơn vị chưa được đề nghị báo cáo.")
    if review_report(session, period_id) is not None:
        raise Conflict("Báo cáo của đợt này đã có dự thảo: hãy sửa dự thảo đó.")
    facts = review_facts(session, period)
    report = ReviewReport(
        period_id=period_id,
        prose=draft_prose(period.outline, facts.figures, facts.facts),
        created_at=now,
        updated_at=now,
        updated_by=by,
    )
    session.add(report)
    session.flush()
    audit.record(
        session,
        actor=by,
        at=now,
        action="follow_up.review_draft",
        entity="reviewreport",
        entity_id=report.id,
        directive_id=directive_id,
        after={"period_id": period_id},
    )
    events: list[Event] = [ReviewDrafted(directive_id=directive_id, at=now, period_id=period_id)]
    record(session, events)
    session.commit()
    return ReviewSaved(report, events)


def _editable(session: Session, directive_id: int, period_id: int) -> ReviewReport:
    _issued(session, directive_id)
    period = review_period(session, directive_id, period_id)
    report = review_report(session, id_of(period))
    if report is None:
        raise DomainError("Đợt này chưa có dự thảo báo cáo.")
    if report.number:
        raise Conflict(f"Báo cáo đã cấp số {report.number}: không sửa được nữa.")
    return report


def review_edit(
    session: Session,
    directive_id: int,
    period_id: int,
    prose: dict[str, str],
    *,
    by: str,
    now: datetime,
) -> ReviewSaved:
    """The officer's prose per section. Figures are markers ("[[code]]") kept as they are
    typed: a marker naming no indicator is refused at its section."""
    report = _editable(session, directive_id, period_id)
    period = get(session, ReportPeriod, period_id)
    keys = [str(s["key"]) for s in period.outline]
    codes = [f.code for f in review_facts(session, period).figures]
    cleaned: dict[str, str] = {}
    for key, text in prose.items():
        field = f"prose_{key}"
        if key not in keys:
            raise Invalid("Mục này không có trong đề cương.", field=field)
        text = clean(text)
        if len(text) > MAX_PROSE:
            raise Invalid(f"Quá dài (tối đa {MAX_PROSE} ký tự).", field=field)
        unknown = unknown_markers(text, codes)
        if unknown:
            raise Invalid(
                "Không có chỉ tiêu "
                + ", ".join(f"[[{u}]]" for u in unknown)
                + " trong kế hoạch theo dõi; số liệu chỉ được dẫn bằng mã chỉ tiêu.",
                field=field,
            )
        cleaned[key] = text
    before = dict(report.prose)
    report.prose = {**report.prose, **cleaned}
    report.updated_at, report.updated_by = now, by
    session.add(report)
    audit.record(
        session,
        actor=by,
        at=now,
        action="follow_up.review_edit",
        entity="reviewreport",
        entity_id=report.id,
        directive_id=directive_id,
        before=before,
        after=dict(report.prose),
    )
    events: list[Event] = [ReviewDrafted(directive_id=directive_id, at=now, period_id=period_id)]
    record(session, events)
    session.commit()
    return ReviewSaved(report, events)


def review_number(
    session: Session,
    directive_id: int,
    period_id: int,
    *,
    report_date: date,
    number: str = "",
    by: str,
    now: datetime,
) -> ReviewSaved:
    """Finalise: the issuer's next BC number (or one typed), and the report's date. Once."""
    directive = _issued(session, directive_id)
    report = _editable(session, directive_id, period_id)
    if report_date > local_date(now):
        raise Invalid("Ngày báo cáo không được sau hôm nay.", field="report_date")
    period = get(session, ReportPeriod, period_id)
    if period.opened_at is not None and report_date < local_date(period.opened_at):
        raise Invalid("Ngày báo cáo không được trước ngày mở đợt.", field="report_date")
    abstract = f"Báo cáo {PURPOSE_LABELS[period.purpose]} {directive.number or ''}".strip()
    entry = register_take(
        session,
        issuer_id=directive.issuer_id,
        kind="BC",
        kind_name="báo cáo (BC)",
        typed=clean(number),
        doc_date=report_date,
        abstract=abstract,
        directive_id=directive_id,
        by=by,
        now=now,
    )
    report.number = entry.number
    report.register_entry_id = id_of(entry)
    report.report_date = report_date
    report.updated_at, report.updated_by = now, by
    session.add(report)
    audit.record(
        session,
        actor=by,
        at=now,
        action="follow_up.review_number",
        entity="reviewreport",
        entity_id=report.id,
        directive_id=directive_id,
        after={"number": entry.number, "report_date": report_date},
    )
    events: list[Event] = [ReviewDrafted(directive_id=directive_id, at=now, period_id=period_id)]
    record(session, events)
    session.commit()
    return ReviewSaved(report, events)
