"""API twin of the unit pages: a unit's own e-office system answers with the link's token."""

from typing import Annotated

from fastapi import APIRouter, Depends, Header, Path

from models.commands import answers, grassroots
from models.queries.invitation import invitation_view
from models.queries.links import Access
from web.api_auth import ERRORS
from web.guard import public
from web.limited_route import LimitedRoute
from web.routes.unit_pages import Ctx, unit_ctx
from web.schemas import (
    MAX_ID,
    CommentIn,
    CommentOut,
    InvitationOut,
    OkOut,
    ReplyIn,
    ReportIn,
    ReportOut,
    RoundOut,
    UnitInvitationOut,
)

router = APIRouter(
    prefix="/api/v1/u/{token}",
    tags=["Đơn vị góp ý (theo liên kết)"],
    route_class=LimitedRoute,
    responses={k: v for k, v in ERRORS.items() if k != 401},
    dependencies=[public("the unit's personal link: its token authorises")],
)
Token = Annotated[str, Path(min_length=1, max_length=200, description="Mã trong liên kết /u/…")]
CommentId = Annotated[int, Path(ge=1, le=MAX_ID, description="Mã ý kiến")]
IdempotencyKey = Annotated[
    str | None,
    Header(
        alias="Idempotency-Key",
        description="Mã do hệ thống gửi tự sinh cho mỗi ý kiến (ví dụ một UUID), tối đa 100 ký"
        " tự: gửi lại cùng yêu cầu với cùng mã (khi mất kết nối, bấm hai lần) không tạo ý kiến"
        " thứ hai mà trả lại ý kiến đã tạo.",
    ),
]


def view(ctx: Ctx, acc: Access) -> UnitInvitationOut:
    seen = invitation_view(ctx.session, acc)
    return UnitInvitationOut.model_validate(
        {
            "invitation": InvitationOut.model_validate(
                {**acc.invitation.model_dump(), "unit_name": acc.unit.name}
            ),
            "round": RoundOut.model_validate(acc.round),
            "directive_title": seen.directive.title,
            "unit_name": acc.unit.name,
            "writable": acc.writable,
            "reason": acc.reason,
            "sections": seen.sections,
            "comments": [CommentOut.model_validate(c) for c in seen.comments],
            "report": ReportOut.model_validate(seen.report) if seen.report else None,
        }
    )


@router.get("", summary="Lời mời góp ý của đơn vị: công văn, dự thảo, hạn, ý kiến đã có")
def invitation_get(token: Token, ctx: Ctx = Depends(unit_ctx)) -> UnitInvitationOut:
    return view(ctx, ctx.run(answers.invitation_opened))


@router.post("/comments", status_code=201, summary="Thêm ý kiến (bản nháp đến khi gửi)")
def comment_add(
    token: Token,
    body: CommentIn,
    ctx: Ctx = Depends(unit_ctx),
    idempotency_key: IdempotencyKey = None,
) -> CommentOut:
    saved = ctx.run(answers.comment_save, request_key=idempotency_key, **body.model_dump())
    return CommentOut.model_validate(saved)


@router.put(
    "/comments/{comment_id}", summary="Sửa ý kiến (đến hết hạn; gửi lại y nguyên: không đổi gì)"
)
def comment_edit(
    token: Token, comment_id: CommentId, body: CommentIn, ctx: Ctx = Depends(unit_ctx)
) -> CommentOut:
    saved = ctx.run(answers.comment_save, comment_id=comment_id, **body.model_dump())
    return CommentOut.model_validate(saved)


@router.delete("/comments/{comment_id}", summary="Xóa ý kiến")
def comment_remove(token: Token, comment_id: CommentId, ctx: Ctx = Depends(unit_ctx)) -> OkOut:
    ctx.run(answers.comment_delete, comment_id=comment_id)
    return OkOut(message="Đã xóa ý kiến.")


@router.post("/submit", summary="Gửi ý kiến (một lần; gửi lại khi có nội dung mới)")
def submit(token: Token, body: ReplyIn, ctx: Ctx = Depends(unit_ctx)) -> UnitInvitationOut:
    ctx.run(answers.answer_submit, **body.model_dump())
    return view(ctx, ctx.access())


@router.post("/no-comments", summary="Thống nhất với dự thảo, không có ý kiến thêm")
def no_comments(token: Token, body: ReplyIn, ctx: Ctx = Depends(unit_ctx)) -> UnitInvitationOut:
    ctx.run(answers.answer_no_comments, **body.model_dump())
    return view(ctx, ctx.access())


@router.put("/report", summary="Báo cáo lấy ý kiến cơ sở: hội nghị theo cấp, đại biểu, tổng hợp")
def report(token: Token, body: ReportIn, ctx: Ctx = Depends(unit_ctx)) -> ReportOut:
    return ReportOut.model_validate(ctx.run(grassroots.report_submit, **body.model_dump()))
