"""Mail pages: the local mailbox of `make run` (what the development SMTP sink received,
read-only, for administrators only: the messages of every body carry the units' personal
links, so whoever reads them can answer as the unit), and a directive's undeliverable
messages, whose address an officer fixes before resending (the page and its /api/v1 twin
call the same command).
"""

from collections.abc import Callable
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Path, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import BaseModel, Field

from models.commands.mail import outbox_resend, user_set_mail_mode
from models.errors import DomainError
from models.ids import id_of
from models.queries.mail import undeliverable
from models.queries.records import get
from models.tables import OutboxMessage
from notifications.sink import MailSink, Received
from web import guard
from web.api_auth import ERRORS, Officer
from web.csrf import check_csrf
from web.limited_route import LimitedRoute
from web.page import Page
from web.schemas import MAX_ID

router = APIRouter()
# The JSON twins, with the API's body limits and error models; mounted through `router`.
api = APIRouter(prefix="/api/v1", tags=["Thư điện tử"], route_class=LimitedRoute, responses=ERRORS)
SHOWN = 200
DirectiveId = Annotated[int, Path(ge=1, le=MAX_ID, description="Mã dự thảo")]
MessageId = Annotated[int, Path(ge=1, le=MAX_ID, description="Mã thư trong hàng đợi")]


def _sink(request: Request) -> MailSink | None:
    return getattr(request.app.state, "mail_sink", None)


def _view(n: int, got: Received) -> dict[str, object]:
    return {
        "n": n,
        "subject": got.subject,
        "to": got.to,
        "received_at": got.received_at,
        "text": got.text,
        "files": [p.get_filename() or "" for p in got.message.iter_attachments()],
    }


@router.get("/mail", response_class=HTMLResponse, include_in_schema=False)
def mailbox(page: Page = guard.page("mail.sink.view")) -> Response:
    sink = _sink(page.request)
    received = list(enumerate(sink.messages, 1))[-SHOWN:] if sink else []
    return page.render(
        "mailbox/index.html",
        {
            "enabled": sink is not None,
            "total": len(sink.messages) if sink else 0,
            "messages": [_view(n, got) for n, got in reversed(received)],
        },
    )


@router.get("/mail/{n}.eml", include_in_schema=False)
def raw_message(
    n: Annotated[int, Path(ge=1, le=MAX_ID)], page: Page = guard.page("mail.sink.view")
) -> Response:
    sink = _sink(page.request)
    if sink is None or not 1 <= n <= len(sink.messages):
        raise HTTPException(404, detail=f"Không có thư số {n} trong hộp thư thử nghiệm.")
    return Response(
        sink.messages[n - 1].data,
        media_type="message/rfc822",
        headers={"Content-Disposition": f'attachment; filename="thu-{n:04d}.eml"'},
    )


# --- Undeliverable messages of a directive: fix the address and resend (page and API) ---


def _failed_context(page: Page, directive_id: int) -> dict[str, object]:
    directive = page.viewable(directive_id)
    return {"directive": directive, "failed": undeliverable(page.session, directive_id)}


@router.get("/directives/{directive_id}/mail", response_class=HTMLResponse, include_in_schema=False)
def failed_page(directive_id: DirectiveId, page: Page = guard.page("directive.view")) -> Response:
    return page.render("mailbox/failed.html", _failed_context(page, directive_id))


@router.post(
    "/outbox/{message_id}/resend", dependencies=[Depends(check_csrf)], include_in_schema=False
)
async def resend_form(message_id: MessageId, page: Page = guard.page("mail.resend")) -> Response:
    posted = await page.posted()
    row = get(page.session, OutboxMessage, message_id)
    directive_id = row.directive_id
    if directive_id is not None:
        page.actionable(directive_id)
    try:
        body = posted.valid(ResendIn)
        outbox_resend(
            page.session,
            message_id=message_id,
            to_email=body.to_email or None,
            by=page.by,
            now=page.now,
        )
    except DomainError as exc:
        context: dict[str, object] | Callable[[], dict[str, object]] = (
            (lambda: _failed_context(page, directive_id)) if directive_id else {}
        )
        return page.failed("mailbox/failed.html", context, exc, posted.values)
    back = f"/directives/{directive_id}/mail" if directive_id else "/"
    return page.redirect(back, message="Đã đưa thư vào hàng đợi gửi lại.")


class ResendIn(BaseModel):
    to_email: str | None = Field(
        default=None, max_length=320, description="Địa chỉ đã sửa (bỏ trống: gửi lại như cũ)"
    )


class OutboxOut(BaseModel):
    id: int
    template: str
    to_email: str
    to_name: str
    status: str
    attempts: int
    last_error: str


def _out(row: OutboxMessage) -> OutboxOut:
    return OutboxOut.model_validate(row, from_attributes=True)


@api.get("/directives/{directive_id}/undeliverable", summary="Thư không gửi được của một dự thảo")
def failed_api(
    directive_id: DirectiveId, o: Officer = guard.api("directive.view")
) -> list[OutboxOut]:
    o.view(directive_id)
    return [_out(r) for r in undeliverable(o.session, directive_id)]


@api.post("/outbox/{message_id}/resend", summary="Sửa địa chỉ và gửi lại một thư")
def resend_api(
    message_id: MessageId, body: ResendIn, o: Officer = guard.api("mail.resend")
) -> OutboxOut:
    row = get(o.session, OutboxMessage, message_id)
    if row.directive_id is not None:
        o.act(row.directive_id)
    row = outbox_resend(
        o.session, message_id=message_id, to_email=body.to_email, by=o.by, now=o.now
    )
    return _out(row)


# --- Each officer's choice: every message as it happens, or one daily digest ---


@router.get("/mail/preferences", response_class=HTMLResponse, include_in_schema=False)
def mail_mode_page(page: Page = guard.page("account.manage")) -> Response:
    return page.render("mailbox/preferences.html")


@router.post("/mail/preferences", dependencies=[Depends(check_csrf)], include_in_schema=False)
async def mail_mode_form(page: Page = guard.page("account.manage")) -> Response:
    # The form's radio buttons say mode=digest|each; the schema's flag is `digest`.
    posted = await page.posted()
    digest = posted.valid(MailModeIn, digest=posted.text("mode") == "digest").digest
    user = id_of(page.user)
    user_set_mail_mode(page.session, user_id=user, digest=digest, by=page.by, now=page.now)
    told = "một thư tổng hợp mỗi ngày" if digest else "từng thư ngay khi có việc"
    return page.redirect("/mail/preferences", message=f"Từ nay bạn nhận {told}.")


class MailModeIn(BaseModel):
    digest: bool = Field(description="true: một thư tổng hợp mỗi ngày; false: từng thư")


class MailModeOut(BaseModel):
    username: str
    digest: bool


@api.put("/me/mail-mode", summary="Nhận từng thư hay thư tổng hợp hằng ngày")
def mail_mode_api(body: MailModeIn, o: Officer = guard.api("account.manage")) -> MailModeOut:
    user = user_set_mail_mode(
        o.session,
        user_id=id_of(o.user),
        digest=body.digest,
        by=o.by,
        now=o.now,
    )
    return MailModeOut(username=user.username, digest=user.digest)


router.include_router(api)
