"""A unit's periodic report (issue 12, item 2): through its personal link /r/{token} the unit
saves drafts, submits, corrects until the due date, and attaches its signed report; the
drafting body's officer enters a report received on paper, returns one for more ("yêu cầu
bổ sung", with a reason), exempts a unit for a period, or re-issues its link.

The link's token is hashed on UnitReport as an invitation's is (models/tokens.py). Figures
are stored per (report, indicator code) in ReportFigure; on time or late is judged by the
first submission (models/statuses.report_state).
"""

import math
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field
from sqlmodel import Session, col, select

from models import audit
from models.clock import at_local, local_date
from models.commands.follow_up import queue_report_request
from models.commands.replies import ReceivedFile
from models.errors import DomainError, Invalid, NotFound
from models.event_log import record
from models.events import Event, ReportReturned, ReportSubmitted
from models.ids import id_of
from models.outbox import enqueue
from models.queries.follow_up import current_plan, period_plan, report_by_token
from models.queries.records import get
from models.statuses import PeriodPurpose, PeriodStatus, ReportSource, ReportStatus
from models.tables import Directive, Unit
from models.tables.follow_up import (
    ReportFigure,
    ReportFile,
    ReportPeriod,
    UnitReport,
)
from models.text import clean, clean_line, parse_date, short_date, short_datetime
from models.tokens import Links

BAD_REPORT_LINK = (
    "Liên kết báo cáo không hợp lệ, đã được thay bằng liên kết mới hoặc kỳ báo cáo đã kết thúc."
    " Vui lòng liên hệ cơ quan theo dõi để được cấp lại liên kết."
)
MAX_NARRATIVE_CHARS = 20_000
MAX_NUMBER_CHARS = 30
MAX_FIGURE = 1e12
MAX_REASON_CHARS = 2000
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
NOT_A_NUMBER = "“{}” không phải là một số (ví dụ: 12 hoặc 3,5)."


# --- input (the page and its /api/v1 twin share it) ---


def _figure(value: Any) -> Any:
    """A figure as the offices type it: "1.234" or "1 234" (thousands), "3,5" (decimal
    comma); blank means not reported."""
    if value is None or isinstance(value, bool):
        return None if value is None else _not_a_number(value)
    if isinstance(value, int | float):
        return float(value)
    if not isinstance(value, str):
        _not_a_number(value)
    text = value.strip().replace("\u00a0", " ")
    if not text:
        return None
    sign, digits = (-1.0, text[1:].strip()) if text.startswith("-") else (1.0, text)
    grouped = re.fullmatch(r"(\d{1,3}(?:[. ]\d{3})+|\d+)(?:,(\d+))?", digits)
    if grouped:
        whole = re.sub(r"[. ]", "", grouped.group(1))
        return sign * float(f"{whole}.{grouped.group(2) or 0}")
    if re.fullmatch(r"\d+\.\d+", digits):  # a decimal point, as an API client sends it
        return sign * float(digits)
    return _not_a_number(value)


def _not_a_number(value: Any) -> Any:
    raise ValueError(NOT_A_NUMBER.format(str(value)[:40]))


def _figure_range(value: float | None) -> float | None:
    if value is None:
        return None
    if math.isnan(value) or math.isinf(value):
        raise ValueError(NOT_A_NUMBER.format(value))
    if value < 0:
        raise ValueError("Số liệu không được âm.")
    if value > MAX_FIGURE:
        raise ValueError("Số liệu quá lớn.")
    return value


def _no_control(value: str) -> str:
    if _CONTROL.search(value.replace("\n", "").replace("\r", "").replace("\t", "")):
        raise ValueError("Văn bản chứa ký tự điều khiển không hợp lệ.")
    return value


def _day(value: Any) -> Any:
    if isinstance(value, str):
        if not value.strip():
            return None
        try:
            return parse_date(value)
        except ValueError as exc:
            raise ValueError("Ngày không hợp lệ (nhập theo dạng dd/mm/yyyy).") from exc
    return value


Figure = Annotated[float | None, BeforeValidator(_figure), AfterValidator(_figure_range)]
Code = Annotated[str, Field(min_length=1, max_length=40)]
Narrative = Annotated[str, Field(max_length=MAX_NARRATIVE_CHARS), AfterValidator(_no_control)]
Day = Annotated[date, Field(ge=date(1990, 1, 1), le=date(2200, 1, 1))]
ReportDay = Annotated[Day | None, BeforeValidator(_day)]


class ReportIn(BaseModel):
    """A unit's report: figures by indicator code (numbers ≥ 0; blank: not reported),
    narrative by section key, the unit's report number ("12-BC/HU") and date."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    figures: dict[Code, Figure] = Field(default_factory=dict, max_length=200)
    narrative: dict[Code, Narrative] = Field(default_factory=dict, max_length=200)
    number: Annotated[str, Field(max_length=MAX_NUMBER_CHARS), AfterValidator(_no_control)] = ""
    report_date: ReportDay = None


class PaperReportIn(ReportIn):
    """A report received on paper, entered by an officer: the day it was received decides
    on time or late."""

    received_on: ReportDay = None


class ReasonIn(BaseModel):
    """Why a report is returned, or a unit exempted."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    reason: Annotated[
        str, Field(min_length=1, max_length=MAX_REASON_CHARS), AfterValidator(_no_control)
    ]


# --- the link ---


@dataclass
class ReportAccess:
    """A resolved report link: the report, its period, unit, directive and plan; what the
    form asks for; whether the unit may still write, and why not."""

    report: UnitReport
    period: ReportPeriod
    unit: Unit
    directive: Directive
    indicators: list[dict[str, Any]]
    sections: list[dict[str, Any]]
    writable: bool
    reason: str  # why read-only, in Vietnamese ("" when writable)
    figures: dict[str, float] = field(default_factory=dict)


def asked_of(
    session: Session, period: ReportPeriod
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(indicators, sections) a period's report carries: the plan's indicators; the
    directive's sections, or the review round's outline."""
    plan = period_plan(session, period)
    indicators = list(plan.indicators) if plan else []
    if period.purpose != PeriodPurpose.PERIODIC and period.outline:
        sections = list(period.outline)
    else:
        sections = list(plan.sections) if plan else []
    return indicators, sections


def figures_of(session: Session, report_id: int) -> dict[str, float]:
    rows = session.exec(select(ReportFigure).where(ReportFigure.report_id == report_id)).all()
    return {r.code: r.value for r in rows}


def _locked_reason(report: UnitReport, period: ReportPeriod, today: date) -> str:
    if report.status == ReportStatus.EXEMPT:
        reason = f" ({report.exempt_reason})" if report.exempt_reason else ""
        return f"Đơn vị được miễn báo cáo kỳ này{reason}."
    if report.status == ReportStatus.SUBMITTED and today > period.due_on:
        return (
            f"Báo cáo đã gửi và đã quá hạn sửa ({short_date(period.due_on)}): báo cáo đã khóa."
            " Nếu cần bổ sung, đề nghị cơ quan theo dõi trả lại báo cáo."
        )
    return ""


def resolve_report(session: Session, raw_token: str) -> UnitReport | None:
    """The report a raw token names (None: unknown or revoked)."""
    report = report_by_token(session, raw_token)
    if report is None or report.revoked_at is not None:
        return None
    return report


def report_access(session: Session, raw_token: str, *, now: datetime) -> ReportAccess:
    """Resolve a unit's report link; unknown, revoked, or a period not open: NotFound with
    a Vietnamese message (a page shows it as 404, saying nothing of what exists)."""
    report = resolve_report(session, raw_token)
    if report is None:
        raise NotFound(BAD_REPORT_LINK)
    period = get(session, ReportPeriod, report.period_id)
    if period.status != PeriodStatus.OPEN:
        raise NotFound(BAD_REPORT_LINK)
    unit = get(session, Unit, report.unit_id)
    directive = get(session, Directive, period.directive_id)
    indicators, sections = asked_of(session, period)
    reason = _locked_reason(report, period, local_date(now))
    return ReportAccess(
        report=report,
        period=period,
        unit=unit,
        directive=directive,
        indicators=indicators,
        sections=sections,
        writable=not reason,
        reason=reason,
        figures=figures_of(session, id_of(report)),
    )


def report_opened(session: Session, raw_token: str, *, now: datetime) -> ReportAccess:
    """The link opened: recorded once (best-effort, as an invitation's opening)."""
    acc = report_access(session, raw_token, now=now)
    if acc.report.opened_at is None:
        acc.report.opened_at = now
        session.add(acc.report)
        session.commit()
    return acc


def _writable(session: Session, raw_token: str, now: datetime) -> ReportAccess:
    acc = report_access(session, raw_token, now=now)
    if not acc.writable:
        raise DomainError(acc.reason)
    # Lock the report row: two tabs submitting at once are serialised.
    session.exec(
        select(UnitReport)
        .where(UnitReport.id == acc.report.id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    return acc


# --- writing a report (the unit by link, the officer from paper) ---


def _checked(
    data: ReportIn,
    indicators: list[dict[str, Any]],
    sections: list[dict[str, Any]],
    *,
    complete: bool,
) -> tuple[dict[str, float], dict[str, str], str]:
    """Figures, narrative and number against what the period asks; a submission needs every
    figure and the report's number and date."""
    codes = [str(i["code"]) for i in indicators]
    keys = [str(s["key"]) for s in sections]
    for code in data.figures:
        if code not in codes:
            raise Invalid("Chỉ tiêu này không có trong kế hoạch theo dõi.", field=f"figures.{code}")
    for key in data.narrative:
        if key not in keys:
            raise Invalid("Phần này không có trong báo cáo của kỳ.", field=f"narrative.{key}")
    figures = {c: v for c, v in data.figures.items() if v is not None}
    narrative = {k: t for k, v in data.narrative.items() if (t := clean(v).strip())}
    number = clean_line(data.number)
    if complete:
        for code in codes:
            if code not in figures:
                raise Invalid("Vui lòng nhập số liệu này trước khi gửi.", field=f"figures.{code}")
        if not number:
            raise Invalid("Vui lòng nhập số báo cáo (ví dụ 12-BC/HU).", field="number")
        if data.report_date is None:
            raise Invalid("Vui lòng nhập ngày báo cáo.", field="report_date")
    return figures, narrative, number


def _write(
    session: Session,
    report: UnitReport,
    figures: dict[str, float],
    narrative: dict[str, str],
    number: str,
    report_date: date | None,
) -> None:
    rid = id_of(report)
    kept = {
        r.code: r for r in session.exec(select(ReportFigure).where(ReportFigure.report_id == rid))
    }
    for code, row in kept.items():
        if code not in figures:
            session.delete(row)
    for code, value in figures.items():
        row = kept.get(code) or ReportFigure(report_id=rid, code=code, value=value)
        row.value = value
        session.add(row)
    report.narrative = narrative
    report.number = number
    report.report_date = report_date


@dataclass
class SavedReport:
    report: UnitReport
    events: list[Event]


def _receipt(session: Session, acc: ReportAccess, now: datetime, first: bool) -> None:
    report, period = acc.report, acc.period
    enqueue(
        session,
        key=f"report_receipt:{report.id}:{now.isoformat()}",
        template="report_receipt",
        to_email=acc.unit.email,
        to_name=acc.unit.name,
        now=now,
        directive_id=period.directive_id,
        context={
            "report_id": id_of(report),
            "unit": acc.unit.name,
            "directive_title": acc.directive.title,
            "period": period.label,
            "number": report.number,
            "submitted_at": short_datetime(now),
            "correction": not first,
            "editable_until": short_date(period.due_on) if local_date(now) <= period.due_on else "",
        },
    )


def report_save(
    session: Session, raw_token: str, data: ReportIn, *, now: datetime, submit: bool
) -> SavedReport:
    """Save the unit's draft, or submit it (a correction until the due date; again after a
    return). A submitted report is not taken back to a draft: its corrections are submitted."""
    acc = _writable(session, raw_token, now)
    report = acc.report
    if not submit and report.status == ReportStatus.SUBMITTED:
        raise DomainError(
            "Báo cáo đã gửi; muốn sửa, hãy sửa nội dung rồi bấm “Gửi bản sửa”.", field="submit"
        )
    figures, narrative, number = _checked(data, acc.indicators, acc.sections, complete=submit)
    before = {"status": str(report.status), "figures": acc.figures, "number": report.number}
    _write(session, report, figures, narrative, number, data.report_date)
    events: list[Event] = []
    if submit:
        first = report.first_submitted_at is None
        was = report.status
        report.status = ReportStatus.SUBMITTED
        report.submitted_at = now
        report.first_submitted_at = report.first_submitted_at or now
        report.source = ReportSource.LINK
        audit.record(
            session,
            actor=f"unit:{acc.unit.id}",
            at=now,
            action="report.submit" if first else "report.correct",
            entity="unitreport",
            entity_id=report.id,
            directive_id=acc.period.directive_id,
            before=None if first else before,
            after={"figures": figures, "number": number, "after_return": was == "returned"},
        )
        _receipt(session, acc, now, first)
        events.append(
            ReportSubmitted(acc.period.directive_id, now, id_of(acc.period), id_of(report))
        )
        record(session, events)
    else:
        if report.status == ReportStatus.PENDING:
            report.status = ReportStatus.DRAFT
        report.saved_at = now
    session.add(report)
    session.commit()
    return SavedReport(report, events)


def report_file_add(
    session: Session, raw_token: str, file: ReceivedFile, *, now: datetime
) -> ReportFile:
    """The unit's signed report file (stored by the caller: documents/replies.store_reply),
    through its link while it may write."""
    acc = _writable(session, raw_token, now)
    row = ReportFile(
        report_id=id_of(acc.report),
        stored_path=file.stored_path,
        original_name=file.original_name,
        mime=file.mime,
        size=file.size,
        sha256=file.sha256,
        uploaded_at=now,
        uploaded_by="unit",
    )
    session.add(row)
    session.flush()
    audit.record(
        session,
        actor=f"unit:{acc.unit.id}",
        at=now,
        action="report.file",
        entity="unitreport",
        entity_id=acc.report.id,
        directive_id=acc.period.directive_id,
        after={"file": file.original_name, "sha256": file.sha256},
    )
    session.commit()
    return row


def files_of_report(session: Session, report_id: int) -> list[ReportFile]:
    return list(
        session.exec(
            select(ReportFile).where(ReportFile.report_id == report_id).order_by(col(ReportFile.id))
        ).all()
    )


# --- the officer's side ---


def _officer_report(session: Session, report_id: int) -> tuple[UnitReport, ReportPeriod, Unit]:
    report = get(session, UnitReport, report_id, lock=True)
    period = get(session, ReportPeriod, report.period_id)
    if period.status == PeriodStatus.SCHEDULED:
        raise DomainError(f"Kỳ báo cáo {period.label} chưa mở.")
    return report, period, get(session, Unit, report.unit_id)


def _open_only(period: ReportPeriod, what: str) -> None:
    if period.status != PeriodStatus.OPEN:
        raise DomainError(f"Kỳ báo cáo {period.label} đã kết thúc: không thể {what}.")


def report_enter_paper(
    session: Session,
    report_id: int,
    data: PaperReportIn,
    *,
    by: str,
    now: datetime,
    file: ReceivedFile | None = None,
) -> SavedReport:
    """A report received on paper, entered by an officer for the unit: figures, narrative,
    number and date, the day received (on time or late is judged on it), its scanned file."""
    report, period, unit = _officer_report(session, report_id)
    if report.status == ReportStatus.EXEMPT:
        raise DomainError(f"{unit.name} được miễn báo cáo kỳ này.")
    indicators, sections = asked_of(session, period)
    figures, narrative, number = _checked(data, indicators, sections, complete=True)
    received = data.received_on or local_date(now)
    if received > local_date(now):
        raise Invalid("Ngày nhận không thể sau hôm nay.", field="received_on")
    before = {"status": str(report.status), "number": report.number}
    _write(session, report, figures, narrative, number, data.report_date)
    moment = at_local(received)
    report.status = ReportStatus.SUBMITTED
    report.submitted_at = moment
    report.first_submitted_at = report.first_submitted_at or moment
    report.source = ReportSource.PAPER
    report.entered_by = by
    session.add(report)
    if file is not None:
        session.add(
            ReportFile(
                report_id=id_of(report),
                stored_path=file.stored_path,
                original_name=file.original_name,
                mime=file.mime,
                size=file.size,
                sha256=file.sha256,
                uploaded_at=now,
                uploaded_by=by,
            )
        )
    audit.record(
        session,
        actor=by,
        at=now,
        action="report.paper",
        entity="unitreport",
        entity_id=report.id,
        directive_id=period.directive_id,
        before=before,
        after={"figures": figures, "number": number, "received_on": received.isoformat()},
    )
    events: list[Event] = [ReportSubmitted(period.directive_id, now, id_of(period), id_of(report))]
    record(session, events)
    session.commit()
    return SavedReport(report, events)


def _reason(reason: str, field_name: str = "reason") -> str:
    text = clean(reason).strip()
    if not text:
        raise Invalid("Vui lòng nhập lý do.", field=field_name)
    if len(text) > MAX_REASON_CHARS:
        raise Invalid(f"Lý do quá dài (tối đa {MAX_REASON_CHARS} ký tự).", field=field_name)
    return text


def report_return(
    session: Session, report_id: int, reason: str, *, by: str, now: datetime
) -> SavedReport:
    """Return a submitted report for more ("trả lại, yêu cầu bổ sung"): the unit is told why
    by mail, corrects it and submits again while the period is open."""
    text = _reason(reason)
    report, period, unit = _officer_report(session, report_id)
    _open_only(period, "trả lại báo cáo")
    if report.status != ReportStatus.SUBMITTED:
        raise DomainError("Chỉ trả lại được báo cáo đơn vị đã gửi.")
    report.status = ReportStatus.RETURNED
    report.returned_at = now
    report.return_reason = text
    report.returns += 1
    session.add(report)
    directive = get(session, Directive, period.directive_id)
    enqueue(
        session,
        key=f"report_returned:{report.id}:{report.returns}",
        template="report_returned",
        to_email=unit.email,
        to_name=unit.name,
        now=now,
        directive_id=period.directive_id,
        context={
            "report_id": id_of(report),
            "unit": unit.name,
            "directive_title": directive.title,
            "period": period.label,
            "number": report.number,
            "reason": text,
            "returned_at": short_datetime(now),
        },
    )
    audit.record(
        session,
        actor=by,
        at=now,
        action="report.return",
        entity="unitreport",
        entity_id=report.id,
        directive_id=period.directive_id,
        after={"reason": text, "returns": report.returns},
    )
    events: list[Event] = [ReportReturned(period.directive_id, now, id_of(period), id_of(report))]
    record(session, events)
    session.commit()
    return SavedReport(report, events)


def report_exempt(
    session: Session, report_id: int, reason: str, *, by: str, now: datetime
) -> UnitReport:
    """Exempt a unit from one period's report (miễn), with the reason."""
    text = _reason(reason)
    report, period, unit = _officer_report(session, report_id)
    if report.status == ReportStatus.SUBMITTED:
        raise DomainError(f"{unit.name} đã gửi báo cáo kỳ này: không thể miễn.")
    before = str(report.status)
    report.status = ReportStatus.EXEMPT
    report.exempt_reason = text
    session.add(report)
    audit.record(
        session,
        actor=by,
        at=now,
        action="report.exempt",
        entity="unitreport",
        entity_id=report.id,
        directive_id=period.directive_id,
        before={"status": before},
        after={"reason": text},
    )
    session.commit()
    return report


def report_reissue(
    session: Session, report_id: int, *, by: str, now: datetime, links: Links
) -> tuple[UnitReport, str]:
    """A new link for the unit (lost or forwarded mail): the old one is refused from now on;
    the new one goes to the unit's current address."""
    report, period, unit = _officer_report(session, report_id)
    _open_only(period, "cấp lại liên kết")
    nonce, raw, hashed = links.issue_report()
    report.token_nonce, report.token_hash = nonce, hashed
    report.revoked_at = None
    report.sent_to = None
    session.add(report)
    directive = get(session, Directive, period.directive_id)
    plan = current_plan(session, period.directive_id)
    if plan is None:  # a period exists only under a plan: a broken record, not user input
        raise DomainError("Chỉ thị chưa có kế hoạch theo dõi thực hiện.")
    queue_report_request(session, directive, period, plan, unit, report, now=now)
    audit.record(
        session,
        actor=by,
        at=now,
        action="report.reissue",
        entity="unitreport",
        entity_id=report.id,
        directive_id=period.directive_id,
        after={"to_email": unit.email},
    )
    session.commit()
    return report, raw
