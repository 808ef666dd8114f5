"""The officer's reporting periods (issue 12, item 2): the card listing a directive's
periods, the period page (each unit × its state, dates, number, figures) with its actions —
enter a report received on paper, return a report for more with a reason, exempt a unit,
re-issue its link — and their /api/v1 twins, each calling the same command.

Reading uses directive.view, acting follow_up.manage; a report or period of another
directive than the path's is a missing one, another body's directive answers 404 (guard)."""

from datetime import date, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path
from fastapi.responses import FileResponse, Response
from pydantic import BaseModel
from sqlmodel import Session

from documents.replies import discard, reply_path
from models.clock import local_date
from models.commands import unit_reports as ur
from models.commands.follow_up import close_period, open_period
from models.commands.replies import ReceivedFile
from models.commands.unit_reports import PaperReportIn, ReasonIn
from models.errors import DomainError, NotFound
from models.ids import id_of
from models.labels import REPORT_STATES
from models.queries.follow_up import periods_of
from models.queries.records import get
from models.queries.unit_reports import (
    ReportRow,
    period_of,
    period_rows,
    report_file_of,
    state_counts,
)
from models.settings import Settings
from models.tables import Unit
from models.tables.follow_up import ReportPeriod, UnitReport
from web.api_auth import ERRORS, Officer
from web.csrf import check_csrf
from web.deps import get_links
from web.guard import api, page
from web.page import Page
from web.report_form import report_checked
from web.routes.replies import received_file
from web.schemas import MAX_ID
from web.uploads import FIELD

router = APIRouter()
csrf = [Depends(check_csrf)]
PAGE = "directive/follow-up-period.html"
PAPER = "directive/follow-up-paper.html"
TAG = "Theo dõi thực hiện"
DirectiveId = Annotated[int, Path(ge=1, le=MAX_ID, description="Mã chỉ thị")]
PeriodId = Annotated[int, Path(ge=1, le=MAX_ID, description="Mã kỳ báo cáo")]
ReportId = Annotated[int, Path(ge=1, le=MAX_ID, description="Mã báo cáo của đơn vị")]


def _report_in(
    session: Session, directive_id: int, report_id: int
) -> tuple[UnitReport, ReportPeriod]:
    report = get(session, UnitReport, report_id)
    period = get(session, ReportPeriod, report.period_id)
    if period.directive_id != directive_id:
        raise NotFound("Không tìm thấy báo cáo này.")
    return report, period


def _period_context(p: Page, directive_id: int, period_id: int) -> dict[str, Any]:
    directive = p.viewable(directive_id)
    period = period_of(p.session, directive_id, period_id)
    rows = period_rows(p.session, period, p.today)
    indicators, sections = ur.asked_of(p.session, period)
    return {
        "directive": directive,
        "period": period,
        "rows": rows,
        "counts": state_counts(rows),
        "states": REPORT_STATES,
        "indicators": indicators,
        "sections": sections,
        "manage": p.can("follow_up.manage", directive),
        "failed_report": None,
        "today": p.today,
        "title": f"{period.label} — {directive.title}",
    }


@router.get(
    "/directives/{directive_id:id}/follow-up/periods/{period_id:id}", include_in_schema=False
)
def period_page(directive_id: int, period_id: int, p: Page = page("directive.view")) -> Response:
    return p.render(PAGE, _period_context(p, directive_id, period_id))


@router.get("/directives/{directive_id:id}/follow-up/cards/periods", include_in_schema=False)
def periods_card(directive_id: int, p: Page = page("directive.view")) -> Response:
    """The HTMX card of the follow-up overview: each period, its dates and its counts."""
    directive = p.viewable(directive_id)
    periods = periods_of(p.session, directive_id)
    summary = [
        (period, state_counts(period_rows(p.session, period, p.today))) for period in periods
    ]
    return p.render(
        "directive/follow-up-periods-card.html",
        {"directive": directive, "summary": summary, "states": REPORT_STATES},
    )


PERIOD_PATH = "/directives/{directive_id:id}/follow-up/periods/{period_id:id}"


def _moved(p: Page, directive_id: int, period_id: int, move: Any, message: str) -> Response:
    """Open or close a period now; refused, the page again with the reason."""
    period = period_of(p.session, directive_id, period_id)
    try:
        move(period)
    except DomainError as exc:
        return p.failed(PAGE, lambda: _period_context(p, directive_id, period_id), exc, {})
    return p.redirect(f"/directives/{directive_id}/follow-up/periods/{period_id}", message=message)


@router.post(f"{PERIOD_PATH}/open", include_in_schema=False, dependencies=csrf)
def open_post(directive_id: int, period_id: int, p: Page = page("follow_up.manage")) -> Response:
    def move(period: ReportPeriod) -> None:
        open_period(p.session, id_of(period), now=p.now, links=p.links, by=p.by)

    return _moved(p, directive_id, period_id, move, "Đã mở kỳ báo cáo; thư đã gửi các đơn vị.")


@router.post(f"{PERIOD_PATH}/close", include_in_schema=False, dependencies=csrf)
def close_post(directive_id: int, period_id: int, p: Page = page("follow_up.manage")) -> Response:
    def move(period: ReportPeriod) -> None:
        close_period(p.session, id_of(period), by=p.by, now=p.now)

    message = "Đã kết thúc kỳ báo cáo; liên kết của các đơn vị không còn dùng được."
    return _moved(p, directive_id, period_id, move, message)


REPORT_PATH = "/directives/{directive_id:id}/follow-up/reports/{report_id:id}"


def _back(period: ReportPeriod, report: UnitReport) -> str:
    return f"/directives/{period.directive_id}/follow-up/periods/{period.id}#report-{report.id}"


async def _reasoned(
    p: Page, directive_id: int, report_id: int, command: Any, message: str
) -> Response:
    posted = await p.posted()
    report, period = _report_in(p.session, directive_id, report_id)
    unit = get(p.session, Unit, report.unit_id)
    try:
        body = posted.valid(ReasonIn)
        command(p.session, report_id, body.reason, by=p.by, now=p.now)
    except DomainError as exc:

        def context() -> dict[str, Any]:
            return _period_context(p, directive_id, id_of(period)) | {"failed_report": report_id}

        return p.failed(PAGE, context, exc, posted.values)
    return p.redirect(_back(period, report), message=message.format(unit=unit.name))


@router.post(f"{REPORT_PATH}/return", include_in_schema=False, dependencies=csrf)
async def return_post(
    directive_id: int, report_id: int, p: Page = page("follow_up.manage")
) -> Response:
    message = "Đã trả lại báo cáo của {unit}, yêu cầu bổ sung; đơn vị sẽ nhận thư nêu lý do."
    return await _reasoned(p, directive_id, report_id, ur.report_return, message)


@router.post(f"{REPORT_PATH}/exempt", include_in_schema=False, dependencies=csrf)
async def exempt_post(
    directive_id: int, report_id: int, p: Page = page("follow_up.manage")
) -> Response:
    message = "Đã miễn báo cáo kỳ này cho {unit}."
    return await _reasoned(p, directive_id, report_id, ur.report_exempt, message)


@router.post(f"{REPORT_PATH}/reissue", include_in_schema=False, dependencies=csrf)
def reissue_post(directive_id: int, report_id: int, p: Page = page("follow_up.manage")) -> Response:
    report, period = _report_in(p.session, directive_id, report_id)
    unit = get(p.session, Unit, report.unit_id)
    ur.report_reissue(p.session, report_id, by=p.by, now=p.now, links=p.links)
    to = f" tới {unit.email}" if unit.email else ""
    message = f"Đã cấp lại liên kết báo cáo cho {unit.name}{to}; liên kết cũ không còn dùng được."
    return p.redirect(_back(period, report), message=message)


def _paper_context(p: Page, directive_id: int, report_id: int) -> dict[str, Any]:
    report, period = _report_in(p.session, directive_id, report_id)
    indicators, sections = ur.asked_of(p.session, period)
    return {
        "directive": p.viewable(directive_id),
        "period": period,
        "report": report,
        "unit": get(p.session, Unit, report.unit_id),
        "indicators": indicators,
        "sections": sections,
        "figures": ur.figures_of(p.session, report_id),
        "files": ur.files_of_report(p.session, report_id),
    }


@router.get(f"{REPORT_PATH}/paper", include_in_schema=False)
def paper_form(directive_id: int, report_id: int, p: Page = page("follow_up.manage")) -> Response:
    ctx = _paper_context(p, directive_id, report_id)
    return p.render(PAPER, {**ctx, "values": None})


async def enter_paper(
    session: Session,
    settings: Settings,
    *,
    report_id: int,
    body: PaperReportIn,
    upload: Any,
    by: str,
    now: datetime,
) -> UnitReport:
    """The one path of the page and the API: the scan checked and stored, then the
    command; a refusal leaves no file behind."""
    report = get(session, UnitReport, report_id)
    period = get(session, ReportPeriod, report.period_id)
    has_file = upload is not None and not isinstance(upload, str) and bool(upload.filename)
    stored: ReceivedFile | None = None
    if has_file:
        stored = await received_file(upload, settings, period.directive_id)
    try:
        saved = ur.report_enter_paper(session, report_id, body, by=by, now=now, file=stored)
    except DomainError:
        if stored is not None:
            discard(settings.data_dir, stored)
        raise
    return saved.report


@router.post(f"{REPORT_PATH}/paper", include_in_schema=False, dependencies=csrf)
async def paper_post(
    directive_id: int, report_id: int, p: Page = page("follow_up.manage")
) -> Response:
    posted = await p.posted()
    report, period = _report_in(p.session, directive_id, report_id)
    try:
        body = report_checked(posted.values, PaperReportIn)
        await enter_paper(
            p.session,
            p.settings,
            report_id=report_id,
            body=body,
            upload=posted.form.get(FIELD),
            by=p.by,
            now=p.now,
        )
    except DomainError as exc:
        return p.failed(
            PAPER, lambda: _paper_context(p, directive_id, report_id), exc, posted.values
        )
    unit = get(p.session, Unit, report.unit_id)
    return p.redirect(_back(period, report), message=f"Đã nhập báo cáo giấy của {unit.name}.")


@router.get(f"{REPORT_PATH}/files/{{file_id:id}}", include_in_schema=False)
def report_file_page(
    directive_id: int, report_id: int, file_id: int, p: Page = page("directive.view")
) -> Response:
    _report_in(p.session, directive_id, report_id)
    found = report_file_of(p.session, report_id, file_id)
    path = reply_path(p.settings.data_dir, found.stored_path)
    return FileResponse(path, media_type=found.mime, filename=found.original_name)


# --- API twin ---


class PeriodOut(BaseModel):
    id: int
    key: str
    kind: str
    purpose: str
    label: str
    year: int
    starts_on: date
    cutoff_on: date
    opens_on: date
    due_on: date
    status: str
    counts: dict[str, int]


class UnitReportOut(BaseModel):
    id: int
    period_id: int
    unit_id: int
    unit_name: str
    state: str
    state_label: str
    status: str
    source: str
    number: str
    report_date: date | None
    submitted_at: datetime | None
    first_submitted_at: datetime | None
    returned_at: datetime | None
    return_reason: str
    returns: int
    exempt_reason: str
    figures: dict[str, float]
    narrative: dict[str, str]
    files: int


class PeriodReportsOut(PeriodOut):
    reports: list[UnitReportOut]


class ReissuedOut(BaseModel):
    report: UnitReportOut
    message: str


def _period_out(period: ReportPeriod, rows: list[ReportRow]) -> dict[str, Any]:
    counts = {str(k): v for k, v in state_counts(rows).items()}
    return {
        **period.model_dump(),
        "status": str(period.status),
        "purpose": str(period.purpose),
        "counts": counts,
    }


def _row_out(row: ReportRow) -> UnitReportOut:
    r = row.report
    return UnitReportOut(
        **r.model_dump(
            include=set(UnitReportOut.model_fields)
            - {"unit_name", "state", "state_label", "figures", "files", "status", "source"}
        ),
        unit_name=row.unit.name,
        state=str(row.state),
        state_label=row.label,
        status=str(r.status),
        source=str(r.source),
        figures=row.figures,
        files=len(row.files),
    )


def _one(session: Session, report_id: int, today: date) -> UnitReportOut:
    report = get(session, UnitReport, report_id)
    period = get(session, ReportPeriod, report.period_id)
    row = next(r for r in period_rows(session, period, today) if r.report.id == report_id)
    return _row_out(row)


@router.get(
    "/api/v1/directives/{directive_id}/follow-up/periods",
    tags=[TAG],
    responses=ERRORS,
    summary="Các kỳ báo cáo của chỉ thị, với số đơn vị theo trạng thái",
)
def periods_api(directive_id: DirectiveId, o: Officer = api("directive.view")) -> list[PeriodOut]:
    today = local_date(o.now)
    return [
        PeriodOut.model_validate(_period_out(period, period_rows(o.session, period, today)))
        for period in periods_of(o.session, directive_id)
    ]


@router.get(
    "/api/v1/directives/{directive_id}/follow-up/periods/{period_id}",
    tags=[TAG],
    responses=ERRORS,
    summary="Một kỳ báo cáo: từng đơn vị, trạng thái, ngày gửi, số báo cáo, số liệu",
)
def period_api(
    directive_id: DirectiveId, period_id: PeriodId, o: Officer = api("directive.view")
) -> PeriodReportsOut:
    period = period_of(o.session, directive_id, period_id)
    rows = period_rows(o.session, period, local_date(o.now))
    return PeriodReportsOut.model_validate(
        {**_period_out(period, rows), "reports": [_row_out(r) for r in rows]}
    )


REPORT_API = "/api/v1/follow-up/reports/{report_id}"


@router.post(
    f"{REPORT_API}/return",
    tags=[TAG],
    responses=ERRORS,
    summary="Trả lại báo cáo, yêu cầu bổ sung (đơn vị nhận thư nêu lý do)",
)
def return_api(
    report_id: ReportId, body: ReasonIn, o: Officer = api("follow_up.manage")
) -> UnitReportOut:
    ur.report_return(o.session, report_id, body.reason, by=o.by, now=o.now)
    return _one(o.session, report_id, local_date(o.now))


@router.post(
    f"{REPORT_API}/exempt", tags=[TAG], responses=ERRORS, summary="Miễn báo cáo kỳ này cho đơn vị"
)
def exempt_api(
    report_id: ReportId, body: ReasonIn, o: Officer = api("follow_up.manage")
) -> UnitReportOut:
    ur.report_exempt(o.session, report_id, body.reason, by=o.by, now=o.now)
    return _one(o.session, report_id, local_date(o.now))


@router.post(
    f"{REPORT_API}/reissue",
    tags=[TAG],
    responses=ERRORS,
    summary="Cấp lại liên kết báo cáo (liên kết cũ hết hiệu lực; thư mới gửi đơn vị)",
)
def reissue_api(report_id: ReportId, o: Officer = api("follow_up.manage")) -> ReissuedOut:
    ur.report_reissue(o.session, report_id, by=o.by, now=o.now, links=get_links(o.request))
    return ReissuedOut(
        report=_one(o.session, report_id, local_date(o.now)),
        message="Đã cấp lại liên kết; thư mới được gửi tới đơn vị.",
    )


@router.post(
    f"{REPORT_API}/paper",
    tags=[TAG],
    responses=ERRORS,
    summary="Nhập báo cáo đơn vị gửi bằng bản giấy (số liệu, nội dung, số, ngày, ngày nhận)",
)
def paper_api(
    report_id: ReportId, body: PaperReportIn, o: Officer = api("follow_up.manage")
) -> UnitReportOut:
    ur.report_enter_paper(o.session, report_id, body, by=o.by, now=o.now)
    return _one(o.session, report_id, local_date(o.now))
