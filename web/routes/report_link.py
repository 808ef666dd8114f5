"""The unit's periodic report behind its personal link (/r/{token}) and its API twin
(/api/v1/r/{token}): no account, the token is the key, with the invitation link's
protections (no-store, no-referrer, noindex; CSRF on the forms; LimitedRoute bounds the
bodies). A revoked or forged token, or a period not open, answers 404.

The routes that take a file are not LimitedRoute (it refuses a body over 1 MB): the app's
body limit bounds them and the file is judged by its content (web/uploads)."""

from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Path, Request, UploadFile
from fastapi.responses import FileResponse, RedirectResponse, Response
from pydantic import BaseModel, ConfigDict
from sqlmodel import Session

from documents.replies import discard, reply_path
from models.clock import local_date
from models.commands import unit_reports as ur
from models.commands.unit_reports import ReportAccess, ReportIn
from models.errors import DomainError
from models.ids import id_of
from models.labels import REPORT_STATES
from models.queries.unit_reports import report_file_of, state_of
from models.settings import Settings
from models.tables.follow_up import ReportFile
from web.api_auth import ERRORS
from web.csrf import check_csrf, csrf_token
from web.deps import get_now, get_session, get_settings
from web.forms import FormErrors, form_values
from web.guard import public
from web.limited_route import LimitedRoute
from web.report_form import report_checked
from web.routes.replies import received_file
from web.routes.unit_pages import PRIVATE_HEADERS
from web.schemas import MAX_ID
from web.uploads import FIELD

WHY = "the unit's report link: its token authorises"
TAG = "Đơn vị báo cáo (theo liên kết)"
# The file routes sit on `router` itself; the others on `limited`, mounted into it below.
router = APIRouter(dependencies=[public(WHY)])
limited = APIRouter(route_class=LimitedRoute)
Token = Annotated[str, Path(min_length=1, max_length=200, description="Mã trong liên kết /r/…")]
FileId = Annotated[int, Path(ge=1, le=MAX_ID, description="Mã tệp báo cáo")]
FORM = "unit/period-report.html"


@dataclass
class RCtx:
    token: str
    request: Request
    session: Session
    settings: Settings
    now: datetime

    def access(self) -> ReportAccess:
        return ur.report_access(self.session, self.token, now=self.now)


async def report_ctx(token: str, request: Request, session: Session = Depends(get_session)) -> RCtx:
    return RCtx(token, request, session, get_settings(request), get_now(request))


Ctx = Annotated[RCtx, Depends(report_ctx)]


def _render(
    ctx: RCtx,
    acc: ReportAccess,
    *,
    status: int = 200,
    errors: dict[str, str] | None = None,
    values: dict[str, str] | None = None,
    notice: str = "",
) -> Response:
    report, period = acc.report, acc.period
    context = {
        "acc": acc,
        "report": report,
        "period": period,
        "unit": acc.unit,
        "directive": acc.directive,
        "state": state_of(report, period, local_date(ctx.now)),
        "states": REPORT_STATES,
        "files": ur.files_of_report(ctx.session, id_of(report)),
        "base": f"/r/{ctx.token}",
        "csrf": csrf_token(ctx.request),
        "errors": errors or {},
        "values": values,
        "notice": notice,
        "title": f"Báo cáo {period.label} — {acc.unit.name}",
    }
    response = ctx.request.app.state.templates.TemplateResponse(
        ctx.request, FORM, context, status_code=status
    )
    response.headers.update(PRIVATE_HEADERS)
    return response


NOTICES = {"saved": "Đã lưu bản nháp.", "submitted": "", "file": "Đã đính kèm tệp báo cáo."}


@limited.get("/r/{token}", include_in_schema=False)
def report_page(ctx: Ctx, done: str = "") -> Response:
    acc = ur.report_opened(ctx.session, ctx.token, now=ctx.now)
    return _render(ctx, acc, notice=NOTICES.get(done, ""))


def _failed(ctx: RCtx, exc: DomainError, values: dict[str, str]) -> Response:
    ctx.session.rollback()
    errors = exc.errors if isinstance(exc, FormErrors) else {exc.field or "": exc.message}
    return _render(ctx, ctx.access(), status=422, errors=errors, values=values)


@limited.post("/r/{token}", include_in_schema=False, dependencies=[Depends(check_csrf)])
async def report_post(ctx: Ctx) -> Response:
    """Save the draft (action=save) or submit (action=submit)."""
    values = form_values(await ctx.request.form())
    submit = values.get("action") == "submit"
    ctx.access()  # a dead link is refused before the form is judged
    try:
        data = report_checked(values, ReportIn)
        ur.report_save(ctx.session, ctx.token, data, now=ctx.now, submit=submit)
    except DomainError as exc:
        return _failed(ctx, exc, values)
    done = "submitted" if submit else "saved"
    return RedirectResponse(f"/r/{ctx.token}?done={done}#report", status_code=303)


async def _attach(ctx: RCtx, upload: Any) -> ReportFile:
    """The one path of the page and the API: the link checked, the file checked and
    stored, then the command; a refusal leaves no file behind."""
    acc = ctx.access()
    stored = await received_file(upload, ctx.settings, acc.period.directive_id)
    try:
        return ur.report_file_add(ctx.session, ctx.token, stored, now=ctx.now)
    except DomainError:
        discard(ctx.settings.data_dir, stored)
        raise


@router.post("/r/{token}/files", include_in_schema=False, dependencies=[Depends(check_csrf)])
async def report_file_post(ctx: Ctx) -> Response:
    form = await ctx.request.form()
    values = form_values(form)
    ctx.access()
    try:
        await _attach(ctx, form.get(FIELD))
    except DomainError as exc:
        return _failed(ctx, exc, values)
    return RedirectResponse(f"/r/{ctx.token}?done=file#files", status_code=303)


def _download(ctx: RCtx, file_id: int) -> Response:
    acc = ctx.access()
    found = report_file_of(ctx.session, id_of(acc.report), file_id)
    path = reply_path(ctx.settings.data_dir, found.stored_path)
    response = FileResponse(path, media_type=found.mime, filename=found.original_name)
    response.headers.update(PRIVATE_HEADERS)
    return response


@limited.get("/r/{token}/files/{file_id}", include_in_schema=False)
def report_file_get(file_id: FileId, ctx: Ctx) -> Response:
    return _download(ctx, file_id)


# --- API twin ---


class ReportFileOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    original_name: str
    mime: str
    size: int
    sha256: str
    uploaded_at: datetime
    uploaded_by: str


class LinkReportOut(BaseModel):
    """What the unit's form shows: the period, what it asks, what is saved, its state."""

    report_id: int
    unit_name: str
    directive_title: str
    period: str
    period_key: str
    due_on: str
    cutoff_on: str
    state: str
    state_label: str
    status: str
    writable: bool
    reason: str
    indicators: list[dict[str, Any]]
    sections: list[dict[str, Any]]
    figures: dict[str, float]
    narrative: dict[str, str]
    number: str
    report_date: str | None
    submitted_at: datetime | None
    first_submitted_at: datetime | None
    returns: int
    return_reason: str
    files: list[ReportFileOut]


def link_view(ctx: RCtx, acc: ReportAccess) -> LinkReportOut:
    report, period = acc.report, acc.period
    state = state_of(report, period, local_date(ctx.now))
    return LinkReportOut(
        report_id=id_of(report),
        unit_name=acc.unit.name,
        directive_title=acc.directive.title,
        period=period.label,
        period_key=period.key,
        due_on=period.due_on.isoformat(),
        cutoff_on=period.cutoff_on.isoformat(),
        state=str(state),
        state_label=REPORT_STATES[state],
        status=str(report.status),
        writable=acc.writable,
        reason=acc.reason,
        indicators=acc.indicators,
        sections=acc.sections,
        figures=acc.figures,
        narrative=dict(report.narrative),
        number=report.number,
        report_date=report.report_date.isoformat() if report.report_date else None,
        submitted_at=report.submitted_at,
        first_submitted_at=report.first_submitted_at,
        returns=report.returns,
        return_reason=report.return_reason,
        files=[
            ReportFileOut.model_validate(f) for f in ur.files_of_report(ctx.session, id_of(report))
        ],
    )


def private(response: Response) -> None:
    """The API's answers carry the link's protections too (the pages set them themselves)."""
    response.headers.update(PRIVATE_HEADERS)


API = "/api/v1/r/{token}"
API_ERRORS: dict[int | str, dict[str, Any]] = {k: v for k, v in ERRORS.items() if k != 401}


@limited.get(
    API,
    tags=[TAG],
    responses=API_ERRORS,
    dependencies=[Depends(private)],
    summary="Báo cáo định kỳ của đơn vị: kỳ, chỉ tiêu, nội dung đã lưu, trạng thái",
)
def api_report_get(token: Token, ctx: Ctx) -> LinkReportOut:
    return link_view(ctx, ur.report_opened(ctx.session, ctx.token, now=ctx.now))


@limited.put(
    API,
    tags=[TAG],
    responses=API_ERRORS,
    dependencies=[Depends(private)],
    summary="Lưu bản nháp báo cáo (chưa gửi)",
)
def api_report_save(token: Token, body: ReportIn, ctx: Ctx) -> LinkReportOut:
    ur.report_save(ctx.session, ctx.token, body, now=ctx.now, submit=False)
    return link_view(ctx, ctx.access())


@limited.post(
    f"{API}/submit",
    tags=[TAG],
    responses=API_ERRORS,
    dependencies=[Depends(private)],
    summary="Gửi báo cáo (sửa và gửi lại được đến hạn; sau khi bị trả lại: gửi lại)",
)
def api_report_submit(token: Token, body: ReportIn, ctx: Ctx) -> LinkReportOut:
    ur.report_save(ctx.session, ctx.token, body, now=ctx.now, submit=True)
    return link_view(ctx, ctx.access())


@router.post(
    f"{API}/files",
    status_code=201,
    tags=[TAG],
    responses=API_ERRORS,
    dependencies=[Depends(private)],
    summary="Đính kèm báo cáo đã ký (PDF, DOCX, JPEG, PNG)",
)
async def api_report_file(
    token: Token,
    file: Annotated[UploadFile, File(description="PDF, DOCX, JPEG hoặc PNG")],
    ctx: Ctx,
) -> ReportFileOut:
    return ReportFileOut.model_validate(await _attach(ctx, file))


@limited.get(
    f"{API}/files/{{file_id}}",
    tags=[TAG],
    responses=API_ERRORS,
    dependencies=[Depends(private)],
    summary="Tải tệp báo cáo đã đính kèm",
    response_class=FileResponse,
)
def api_report_file_get(token: Token, file_id: FileId, ctx: Ctx) -> Response:
    return _download(ctx, file_id)


router.include_router(limited)
