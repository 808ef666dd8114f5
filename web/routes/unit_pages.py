"""The pages behind a unit's personal link (/u/{token}): no account, the token is the key.

Every action calls the same command as its /api/v1/u twin; a plain form post is answered with
a redirect (post/redirect/get), an HTMX post with the #answer or #report partial.
"""

from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Request
from fastapi.responses import FileResponse, RedirectResponse, Response
from pydantic import BaseModel
from sqlmodel import Session

from documents.replies import reply_path
from models.commands import answers, grassroots
from models.errors import Invalid
from models.queries.links import Access, access
from models.queries.replies import reply_file_of
from models.settings import Settings
from web.csrf import check_csrf
from web.deps import get_now, get_session, get_settings, is_htmx
from web.forms import parse_model
from web.guard import public
from web.limited_route import LimitedRoute
from web.schemas import MAX_ID, CommentIn, ReplyIn, ReportIn
from web.unit_view import page_context

router = APIRouter(
    prefix="/u",
    route_class=LimitedRoute,
    include_in_schema=False,
    dependencies=[public("the unit's personal link: its token authorises")],
)
csrf = [Depends(check_csrf)]
CommentId = Annotated[int, Path(ge=1, le=MAX_ID)]
FileId = Annotated[int, Path(ge=1, le=MAX_ID)]

# The link is a secret: no caching, no Referer leaking it to links on the page, no indexing.
PRIVATE_HEADERS = {
    "Cache-Control": "no-store",
    "Referrer-Policy": "no-referrer",
    "X-Robots-Tag": "noindex, nofollow",
}


@dataclass
class Ctx:
    token: str
    request: Request
    session: Session
    settings: Settings
    now: datetime

    def access(self) -> Access:
        return access(
            self.session, self.token, now=self.now, grace_days=self.settings.token_grace_days
        )

    def run(self, command: Any, **kwargs: Any) -> Any:
        """A unit command with this link, this clock and the grace period."""
        return command(
            self.session,
            raw_token=self.token,
            now=self.now,
            grace_days=self.settings.token_grace_days,
            **kwargs,
        )


async def unit_ctx(token: str, request: Request, session: Session = Depends(get_session)) -> Ctx:
    # async, and the settings and clock read in place: each sync dependency would be a hop
    # through the thread pool on the hottest path (a unit saving a comment).
    return Ctx(token, request, session, get_settings(request), get_now(request))


def render(
    ctx: Ctx, acc: Access, *, partial: str | None = None, status: int = 200, **extra: Any
) -> Response:
    """The full page, or only `partial` (an HTMX swap target) when HTMX asked."""
    request = ctx.request
    context = page_context(request, ctx.session, acc) | extra
    name = f"unit/{partial}.html" if partial and is_htmx(request) else "unit/invitation.html"
    response = request.app.state.templates.TemplateResponse(
        request, name, context, status_code=status
    )
    response.headers.update(PRIVATE_HEADERS)
    return response


def _done(ctx: Ctx, *, partial: str, anchor: str, receipt: bool = False) -> Response:
    if not is_htmx(ctx.request):
        query = "?receipt=1" if receipt else ""
        return RedirectResponse(f"/u/{ctx.token}{query}#{anchor}", status_code=303)
    return render(ctx, ctx.access(), partial=partial, receipt=receipt)


def _invalid(
    ctx: Ctx,
    *,
    partial: str,
    errors: dict[str, str],
    values: dict[str, Any],
    editing: int | None = None,
) -> Response:
    """Re-show the form with what was typed and the message next to each field."""
    ctx.session.rollback()
    # HTMX swaps only 2xx answers; the plain page says 422.
    status = 200 if is_htmx(ctx.request) else 422
    return render(
        ctx,
        ctx.access(),
        partial=partial,
        status=status,
        errors=errors,
        values=values,
        editing=editing,
    )


async def posted(request: Request) -> dict[str, Any]:
    """The form's text fields, read in the event loop so the handler can run in a thread
    (the commands block on the database; the loop keeps serving other units)."""
    form = await request.form()
    values: dict[str, Any] = {k: v for k, v in form.items() if isinstance(v, str)}
    levels = [v for v in form.getlist("level") if isinstance(v, str)]
    counts = [v for v in form.getlist("count") if isinstance(v, str)]
    if levels:  # the grassroots report: one count per level row
        pairs = zip(levels, counts, strict=False)
        values["meetings"] = {lvl: c.strip() for lvl, c in pairs if c.strip()}
    return values


Posted = Annotated[dict[str, Any], Depends(posted)]
UnitCtx = Annotated[Ctx, Depends(unit_ctx)]


def _act(
    ctx: Ctx,
    values: dict[str, Any],
    model: type[BaseModel],
    command: Any,
    *,
    partial: str,
    anchor: str,
    editing: int | None = None,
    receipt: bool = False,
    **kwargs: Any,
) -> Response:
    """Validate the form, run the command; an invalid field is shown next to the field."""
    data, errors = parse_model(model, values)
    if data is None:
        return _invalid(ctx, partial=partial, errors=errors, values=values, editing=editing)
    try:
        ctx.run(command, **data.model_dump(), **kwargs)
    except Invalid as exc:
        errors = {exc.field or "": exc.message}
        return _invalid(ctx, partial=partial, errors=errors, values=values, editing=editing)
    return _done(ctx, partial=partial, anchor=anchor, receipt=receipt)


@router.get("/{token}")
def invitation_page(ctx: UnitCtx, receipt: bool = False) -> Response:
    acc = ctx.run(answers.invitation_opened)
    return render(ctx, acc, receipt=receipt)


@router.post("/{token}/comments", dependencies=csrf)
def comment_add(ctx: UnitCtx, values: Posted) -> Response:
    # The form's own token (unit_view.form_key): a double click or a resent form is one comment.
    key = values.get("request_key") or None
    return _act(
        ctx,
        values,
        CommentIn,
        answers.comment_save,
        partial="answer",
        anchor="my-comments",
        request_key=key,
    )


@router.post("/{token}/comments/{comment_id}", dependencies=csrf)
def comment_edit(comment_id: CommentId, ctx: UnitCtx, values: Posted) -> Response:
    return _act(
        ctx,
        values,
        CommentIn,
        answers.comment_save,
        partial="answer",
        anchor="my-comments",
        editing=comment_id,
        comment_id=comment_id,
    )


@router.post("/{token}/comments/{comment_id}/delete", dependencies=csrf)
def comment_delete(comment_id: CommentId, ctx: UnitCtx) -> Response:
    ctx.run(answers.comment_delete, comment_id=comment_id)
    return _done(ctx, partial="answer", anchor="my-comments")


@router.post("/{token}/submit", dependencies=csrf)
def answer_submit(ctx: UnitCtx, values: Posted) -> Response:
    return _act(
        ctx, values, ReplyIn, answers.answer_submit, partial="answer", anchor="answer", receipt=True
    )


@router.post("/{token}/no-comments", dependencies=csrf)
def answer_no_comments(ctx: UnitCtx, values: Posted) -> Response:
    command = answers.answer_no_comments
    return _act(ctx, values, ReplyIn, command, partial="answer", anchor="answer", receipt=True)


@router.post("/{token}/report", dependencies=csrf)
def report_submit(ctx: UnitCtx, values: Posted) -> Response:
    values.setdefault("meetings", {})
    command = grassroots.report_submit
    return _act(ctx, values, ReportIn, command, partial="report", anchor="report", receipt=True)


@router.get("/{token}/reply-files/{file_id}")
def reply_file_download(file_id: FileId, ctx: UnitCtx) -> Response:
    """The unit's own reply file, through its link while the link is valid."""
    acc = ctx.access()
    found = reply_file_of(ctx.session, acc.invitation.id or 0, file_id)
    path = reply_path(ctx.settings.data_dir, found.stored_path)
    response = FileResponse(path, media_type=found.mime, filename=found.original_name)
    response.headers.update(PRIVATE_HEADERS)
    return response
