"""Account pages: one's own API tokens (list, create, revoke), and for administrators every
account (force a password reset, deactivate) and every token. The API twins are in
web/routes/api_tokens.py; both call the commands of models/commands/users.py."""

from datetime import timedelta

from fastapi import APIRouter, Depends
from fastapi.responses import HTMLResponse, Response

from models.commands.users import (
    ROLES,
    api_token_create,
    api_token_revoke,
    token_status,
    user_create,
    user_password_reset,
    user_set_active,
    user_update,
)
from models.errors import DomainError
from models.ids import id_of
from models.queries.people import api_tokens_list, users_list
from models.statuses import TokenStatus
from web.csrf import check_csrf
from web.guard import page
from web.page import Page
from web.routes.units import tree
from web.schemas import ActiveIn, ResetIn, TokenNameIn, UserEdit, UserIn

router = APIRouter(include_in_schema=False)
TOKENS = "account/tokens.html"
USERS = "account/users.html"
ALL_TOKENS = "account/all-tokens.html"
STATUS = {
    TokenStatus.ACTIVE: "Còn hiệu lực",
    TokenStatus.EXPIRED: "Đã hết hạn",
    TokenStatus.REVOKED: "Đã thu hồi",
}


def admin_page(p: Page = page("account.admin")) -> Page:
    """An administrator's page: every account, every token."""
    return p


def _tokens_context(page: Page, *, everyone: bool = False) -> dict[str, object]:
    rows = api_tokens_list(page.session, user_id=None if everyone else page.user.id)
    return {
        "tokens": [(t, u, token_status(t, page.now)) for t, u in rows],
        "status_labels": STATUS,
        "days": page.settings.api_token_days,
    }


@router.get("/account/tokens", response_class=HTMLResponse)
def tokens_page(page: Page = page("account.manage")) -> Response:
    return page.render(TOKENS, _tokens_context(page))


@router.post("/account/tokens", dependencies=[Depends(check_csrf)])
async def token_create(page: Page = page("account.manage")) -> Response:
    """The raw token is shown once, in this answer only (never in the flash or a cookie)."""
    body = (await page.posted()).valid(TokenNameIn)
    token, raw = api_token_create(
        page.session,
        user_id=id_of(page.user),
        name=body.name or "API",
        by=page.by,
        now=page.now,
        lifetime=timedelta(days=page.settings.api_token_days),
    )
    response = page.render(TOKENS, {**_tokens_context(page), "new_token": raw, "new": token})
    response.headers["Cache-Control"] = "no-store"
    return response


@router.post("/account/tokens/{token_id:id}/revoke", dependencies=[Depends(check_csrf)])
def token_revoke(token_id: int, page: Page = page("account.manage")) -> Response:
    # Someone else's token answers 404, as if it did not exist.
    api_token_revoke(
        page.session, token_id=token_id, by=page.by, now=page.now, owner_id=page.user.id
    )
    return page.redirect("/account/tokens", message=f"Đã thu hồi mã truy cập #{token_id}.")


@router.get("/admin/tokens", response_class=HTMLResponse)
def all_tokens_page(page: Page = Depends(admin_page)) -> Response:
    return page.render(ALL_TOKENS, _tokens_context(page, everyone=True))


@router.post("/admin/tokens/{token_id:id}/revoke", dependencies=[Depends(check_csrf)])
def any_token_revoke(token_id: int, page: Page = Depends(admin_page)) -> Response:
    api_token_revoke(page.session, token_id=token_id, by=page.by, now=page.now)
    return page.redirect("/admin/tokens", message=f"Đã thu hồi mã truy cập #{token_id}.")


def _users_context(page: Page) -> dict[str, object]:
    return {"users": users_list(page.session), "roles": ROLES, "units": tree(page.session)}


@router.get("/admin/users", response_class=HTMLResponse)
def users_page(page: Page = Depends(admin_page)) -> Response:
    return page.render(USERS, _users_context(page))


@router.post("/admin/users/{user_id:id}/reset", dependencies=[Depends(check_csrf)])
async def user_reset(user_id: int, page: Page = Depends(admin_page)) -> Response:
    posted = await page.posted()
    try:
        body = posted.valid(ResetIn, renames={"password": f"password-{user_id}"})
        user = user_password_reset(
            page.session,
            user_id=user_id,
            password=body.password or None,
            by=page.by,
            admin_id=page.user.id,
            now=page.now,
        )
    except DomainError as exc:
        # The error beside the row's password field (which is not sent back).
        exc.field = f"password-{user_id}" if exc.field == "password" else exc.field
        return page.failed(USERS, lambda: _users_context(page), exc, {})
    return page.redirect(
        "/admin/users",
        message=f"Đã buộc {user.username} đặt lại mật khẩu ở lần đăng nhập tới; mọi phiên và "
        "mã truy cập API của tài khoản đã kết thúc.",
    )


@router.post("/admin/users/{user_id:id}/active", dependencies=[Depends(check_csrf)])
async def user_active(user_id: int, page: Page = Depends(admin_page)) -> Response:
    active = (await page.posted()).valid(ActiveIn).active
    try:
        user = user_set_active(
            page.session,
            user_id=user_id,
            active=active,
            by=page.by,
            admin_id=page.user.id,
            now=page.now,
        )
    except DomainError as exc:
        return page.failed(USERS, lambda: _users_context(page), exc, {})
    told = "kích hoạt lại" if active else "vô hiệu hóa (mọi phiên đã kết thúc)"
    return page.redirect("/admin/users", message=f"Đã {told} tài khoản {user.username}.")


@router.post("/admin/users", dependencies=[Depends(check_csrf)])
async def user_add(page: Page = Depends(admin_page)) -> Response:
    posted = await page.posted()
    kept = {k: v for k, v in posted.values.items() if k != "password"}  # never sent back
    try:
        body = posted.valid(UserIn)
        user = user_create(
            page.session,
            **body.model_dump(exclude={"password"}),
            password=posted.text("password"),  # as typed: a secret is never stripped
            by=page.by,
            now=page.now,
        )
    except DomainError as exc:
        return page.failed(USERS, lambda: _users_context(page), exc, kept)
    return page.redirect(
        "/admin/users", message=f"Đã tạo tài khoản {user.username} ({ROLES[user.role]})."
    )


@router.post("/admin/users/{user_id:id}", dependencies=[Depends(check_csrf)])
async def user_change(user_id: int, page: Page = Depends(admin_page)) -> Response:
    """The row's role and drafting body (a blank body: none)."""
    posted = await page.posted()
    try:
        body = posted.valid(
            UserEdit,
            unit_id=posted.text("unit_id") or None,
            renames={"role": f"role-{user_id}", "unit_id": f"unit_id-{user_id}"},
        )
        user = user_update(
            page.session,
            user_id=user_id,
            **body.model_dump(exclude_unset=True),
            by=page.by,
            admin_id=page.user.id,
            now=page.now,
        )
    except DomainError as exc:
        exc.field = f"{exc.field}-{user_id}" if exc.field else None
        return page.failed(USERS, lambda: _users_context(page), exc, {})
    return page.redirect("/admin/users", message=f"Đã lưu tài khoản {user.username}.")
