"""Replies kept as records: a unit attaches its signed reply letter through its link; an
officer enters a reply received on paper or by e-office for a unit of a written round (page +
API twin, one command and one schema); the reply files download only to those who may see the
directive (another body's officer: 404).

The routes that take a file are not LimitedRoute (which refuses any body that is not UTF-8
and over 1 MB): the app's body limit (web/body_limit.py) bounds them, and the file itself is
judged by its content (web/uploads.reply_file_kind)."""

from pathlib import Path as FsPath
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, Path, UploadFile
from fastapi.responses import FileResponse, Response
from sqlmodel import Session

from documents.replies import discard, reply_path, store_reply
from models.commands.replies import ReceivedFile, reply_attach, reply_enter
from models.errors import DomainError, Invalid
from models.labels import POSITIONS
from models.queries.records import get
from models.queries.replies import files_of_invitation, reply_file_of
from models.settings import Settings
from models.tables import Invitation, ReplyFile, Round, Unit
from models.text import short_date
from web.api_auth import ERRORS, Officer
from web.csrf import check_csrf
from web.forms import FormErrors, parse_model
from web.guard import api, public
from web.guard import page as page_of
from web.page import Page
from web.routes.unit_pages import Ctx, UnitCtx, _done, _invalid, unit_ctx
from web.schemas import MAX_ID, InvitationOut, ReplyEntryIn, ReplyFileOut, ReplyIn
from web.uploads import FIELD, UploadLimits, read_reply_file

router = APIRouter()
FORM = "round/reply.html"
SOURCES = [("paper", "Bản giấy"), ("e-office", "Hệ thống điện tử (e-office)")]
InvitationId = Annotated[int, Path(ge=1, le=MAX_ID, description="Mã lời mời góp ý")]
FileId = Annotated[int, Path(ge=1, le=MAX_ID, description="Mã tệp công văn trả lời")]


NO_FILE = "Vui lòng chọn tệp công văn trả lời (PDF, DOCX hoặc ảnh chụp)."


async def received_file(form_file: Any, settings: Settings, directive_id: int) -> ReceivedFile:
    """A posted reply file checked by its content and stored by a generated name; Invalid
    at the file field (nothing stored) when it is missing or refused."""
    if form_file is None or isinstance(form_file, str) or not form_file.filename:
        raise Invalid(NO_FILE, field=FIELD)
    data, kind = await read_reply_file(form_file, UploadLimits.of(settings))
    return store_reply(settings.data_dir, directive_id, data, kind, form_file.filename)


async def attach_reply(ctx: Ctx, body: ReplyIn, upload: Any) -> ReplyFile:
    """The one path of the unit's page and API: the link checked, the file checked and
    stored, then the command; a refusal leaves no file behind."""
    acc = ctx.access()
    stored = await received_file(upload, ctx.settings, acc.round.directive_id)
    try:
        return ctx.run(reply_attach, file=stored, **body.model_dump())
    except DomainError:
        discard(ctx.settings.data_dir, stored)
        raise


@router.post(
    "/u/{token}/reply-files",
    include_in_schema=False,
    dependencies=[public("the unit's personal link: its token authorises"), Depends(check_csrf)],
)
async def reply_file_add(ctx: UnitCtx) -> Response:
    """The unit's signed reply letter, attached to its answer with its number and date."""
    form = await ctx.request.form()
    values = {k: v for k, v in form.items() if isinstance(v, str)}
    ctx.access()  # a dead link is refused before the form is judged
    data, errors = parse_model(ReplyIn, values)
    if data is None:
        return _invalid(ctx, partial="answer", errors=errors, values=values)
    try:
        await attach_reply(ctx, data, form.get(FIELD))
    except DomainError as exc:
        return _invalid(ctx, partial="answer", errors={exc.field or "": exc.message}, values=values)
    return _done(ctx, partial="answer", anchor="reply-files")


@router.post(
    "/api/v1/u/{token}/reply-files",
    status_code=201,
    tags=["Đơn vị góp ý (theo liên kết)"],
    responses={k: v for k, v in ERRORS.items() if k != 401},
    dependencies=[public("the unit's personal link: its token authorises")],
    summary="Đính kèm công văn trả lời đã ký (PDF, DOCX, JPEG, PNG) với số và ngày",
)
async def reply_file_api_add(
    token: Annotated[str, Path(min_length=1, max_length=200)],
    file: Annotated[UploadFile, File(description="PDF, DOCX, JPEG hoặc PNG")],
    reply_number: Annotated[str, Form()] = "",
    reply_date: Annotated[str, Form(description="dd/mm/yyyy hoặc yyyy-mm-dd")] = "",
    ctx: Ctx = Depends(unit_ctx),
) -> ReplyFileOut:
    body, errors = parse_model(ReplyIn, {"reply_number": reply_number, "reply_date": reply_date})
    if body is None:
        raise FormErrors(errors)
    return ReplyFileOut.model_validate(await attach_reply(ctx, body, file))


async def enter_reply(
    session: Session,
    settings: Settings,
    *,
    invitation_id: int,
    body: ReplyEntryIn,
    upload: Any,
    by: str,
    now: Any,
) -> Invitation:
    """The one path of the page and the API: the file checked and stored, then the command;
    a refusal leaves no file behind."""
    inv = get(session, Invitation, invitation_id)
    rnd = get(session, Round, inv.round_id)
    has_file = upload is not None and not isinstance(upload, str) and bool(upload.filename)
    stored = await received_file(upload, settings, rnd.directive_id) if has_file else None
    try:
        return reply_enter(
            session, invitation_id=invitation_id, file=stored, by=by, now=now, **body.model_dump()
        )
    except DomainError:
        if stored is not None:
            discard(settings.data_dir, stored)
        raise


def _form_context(p: Page, invitation_id: int) -> dict[str, Any]:
    inv = get(p.session, Invitation, invitation_id)
    rnd = get(p.session, Round, inv.round_id)
    return {
        "inv": inv,
        "rnd": rnd,
        "unit": get(p.session, Unit, inv.unit_id),
        "files": files_of_invitation(p.session, invitation_id),
        "sources": SOURCES,
        "positions": list(POSITIONS.items()),
    }


@router.get("/invitations/{invitation_id:id}/reply", include_in_schema=False)
def reply_form(invitation_id: int, p: Page = page_of("reply.enter")) -> Response:
    ctx = _form_context(p, invitation_id)
    inv = ctx["inv"]
    values = {
        "source": "paper",
        "reply_number": inv.reply_number,
        "reply_date": short_date(inv.reply_date) if inv.reply_date else "",
        "position": "agree",
    }
    return p.render(FORM, {**ctx, "values": values})


@router.post(
    "/invitations/{invitation_id:id}/reply",
    include_in_schema=False,
    dependencies=[Depends(check_csrf)],
)
async def reply_post(invitation_id: int, p: Page = page_of("reply.enter")) -> Response:
    posted = await p.posted()
    try:
        body = posted.valid(ReplyEntryIn)
        inv = await enter_reply(
            p.session,
            p.settings,
            invitation_id=invitation_id,
            body=body,
            upload=posted.form.get(FIELD),
            by=p.by,
            now=p.now,
        )
    except DomainError as exc:
        return p.failed(FORM, lambda: _form_context(p, invitation_id), exc, posted.values)
    unit = get(p.session, Unit, inv.unit_id)
    message = f"Đã ghi nhận công văn số {inv.reply_number} của {unit.name}."
    return p.redirect(f"/rounds/{inv.round_id}#invitation-{inv.id}", message=message)


def _download(settings: Settings, session: Session, invitation_id: int, file_id: int) -> Response:
    found = reply_file_of(session, invitation_id, file_id)
    path: FsPath = reply_path(settings.data_dir, found.stored_path)
    return FileResponse(path, media_type=found.mime, filename=found.original_name)


@router.get("/invitations/{invitation_id:id}/reply-files/{file_id:id}", include_in_schema=False)
def reply_file_page(
    invitation_id: int, file_id: int, p: Page = page_of("directive.view")
) -> Response:
    return _download(p.settings, p.session, invitation_id, file_id)


# --- API twin ---

API_TAGS: list[str | Any] = ["Công văn trả lời"]


@router.post(
    "/api/v1/invitations/{invitation_id}/reply",
    tags=API_TAGS,
    responses=ERRORS,
    summary="Nhập công văn trả lời nhận bằng giấy hoặc qua e-office (đợt góp ý bằng văn bản)",
)
async def reply_api(
    invitation_id: InvitationId,
    reply_number: Annotated[str, Form()],
    reply_date: Annotated[str, Form(description="dd/mm/yyyy hoặc yyyy-mm-dd")],
    source: Annotated[str, Form()] = "paper",
    position: Annotated[str, Form()] = "agree",
    text: Annotated[str, Form()] = "",
    file: Annotated[UploadFile | None, File(description="PDF, DOCX, JPEG hoặc PNG")] = None,
    o: Officer = api("reply.enter"),
) -> InvitationOut:
    fields = {"reply_number": reply_number, "reply_date": reply_date, "source": source}
    fields |= {"position": position, "text": text}
    body, errors = parse_model(ReplyEntryIn, fields)
    if body is None:
        raise FormErrors(errors)
    inv = await enter_reply(
        o.session,
        o.request.app.state.settings,
        invitation_id=invitation_id,
        body=body,
        upload=file,
        by=o.user.username,
        now=o.now,
    )
    unit = get(o.session, Unit, inv.unit_id)
    return InvitationOut.model_validate({**inv.model_dump(), "unit_name": unit.name})


@router.get(
    "/api/v1/invitations/{invitation_id}/reply-files",
    tags=API_TAGS,
    responses=ERRORS,
    summary="Các tệp công văn trả lời của một đơn vị",
)
def reply_files_api(
    invitation_id: InvitationId, o: Officer = api("directive.view")
) -> list[ReplyFileOut]:
    return [ReplyFileOut.model_validate(f) for f in files_of_invitation(o.session, invitation_id)]


@router.get(
    "/api/v1/invitations/{invitation_id}/reply-files/{file_id}",
    tags=API_TAGS,
    responses=ERRORS,
    summary="Tải một tệp công văn trả lời",
    response_class=FileResponse,
)
def reply_file_api(
    invitation_id: InvitationId, file_id: FileId, o: Officer = api("directive.view")
) -> Response:
    return _download(o.request.app.state.settings, o.session, invitation_id, file_id)
