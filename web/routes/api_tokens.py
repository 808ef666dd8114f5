"""API: bearer tokens (issue with a password, list, revoke), the password change, and the
administrators' account actions. The same commands as the account pages (web/routes/account.py).
"""

from datetime import datetime, timedelta
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request, Response
from pydantic import Field
from sqlmodel import Session

from models.access import may
from models.commands.users import (
    api_token_create,
    api_token_revoke,
    login_check,
    token_status,
    user_create,
    user_password_change,
    user_password_reset,
    user_set_active,
    user_update,
)
from models.ids import id_of
from models.login_throttle import LoginLimits
from models.queries.people import api_tokens_list, user_by_name, users_list
from models.statuses import TokenStatus
from models.tables import ApiToken, User
from web.api_auth import ERRORS, Officer, api_user
from web.deps import get_now, get_session
from web.guard import api, public
from web.limited_route import LimitedRoute
from web.routes.auth import WRONG, client_address
from web.schemas import (
    MAX_ID,
    ActiveIn,
    ErrorOut,
    Out,
    PasswordChangeIn,
    ResetIn,
    TokenOut,
    TokenRequest,
    UserEdit,
    UserIn,
)

router = APIRouter(
    prefix="/api/v1",
    tags=["Xác thực"],
    route_class=LimitedRoute,
    responses={**ERRORS, 429: {"model": ErrorOut, "description": "Thử sai quá nhiều lần"}},
)
MUST_CHANGE = (
    "Tài khoản cần đặt mật khẩu mới trước (trang Đổi mật khẩu hoặc POST /api/v1/auth/password)."
)
ADMIN_ONLY = "Chỉ quản trị viên được thực hiện thao tác này."
TokenId = Annotated[int, Path(ge=1, le=MAX_ID, description="Mã số của mã truy cập")]
UserId = Annotated[int, Path(ge=1, le=MAX_ID, description="Mã tài khoản")]


def _limits(request: Request) -> LoginLimits:
    return LoginLimits.of(request.app.state.settings)


def api_admin(o: Officer = api("account.admin")) -> User:
    """An administrator's account action: the policy table's account.admin."""
    return o.user


@router.post(
    "/auth/token",
    status_code=201,
    summary="Cấp mã truy cập API bằng tài khoản",
    dependencies=[public("a username and password are the credentials")],
)
def token_issue(
    body: TokenRequest,
    request: Request,
    session: Session = Depends(get_session),
    now: datetime = Depends(get_now),
) -> TokenOut:
    # The login page's rule: throttled per (username, address) and per address (a 429 with
    # Retry-After from the one error path, web/errors.py).
    user = login_check(
        session,
        username=body.username,
        password=body.password,
        ip=client_address(request),
        now=now,
        limits=_limits(request),
    )
    if user is None:
        raise HTTPException(401, WRONG, headers={"WWW-Authenticate": "Bearer"})
    if user.must_change_password:
        raise HTTPException(403, MUST_CHANGE)
    token, raw = api_token_create(
        session,
        user_id=id_of(user),
        name=body.name or "API",
        by=user.username,
        now=now,
        lifetime=timedelta(days=request.app.state.settings.api_token_days),
    )
    return TokenOut(token=raw, token_id=id_of(token), expires_at=token.expires_at)


class TokenInfo(Out):
    id: int
    username: str
    name: str
    created_at: datetime
    expires_at: datetime
    last_used_at: datetime | None = Field(description="Lần dùng gần nhất (chính xác tới vài phút)")
    revoked_at: datetime | None
    status: TokenStatus


def _info(token: ApiToken, user: User, now: datetime) -> TokenInfo:
    return TokenInfo(
        id=id_of(token),
        username=user.username,
        name=token.name,
        created_at=token.created_at,
        expires_at=token.expires_at,
        last_used_at=token.last_used_at,
        revoked_at=token.revoked_at,
        status=token_status(token, now),
    )


@router.get(
    "/auth/tokens", summary="Các mã truy cập API của tôi", dependencies=[api("account.manage")]
)
def my_tokens(
    user: User = Depends(api_user),
    session: Session = Depends(get_session),
    now: datetime = Depends(get_now),
) -> list[TokenInfo]:
    return [_info(t, u, now) for t, u in api_tokens_list(session, user_id=user.id)]


@router.delete(
    "/auth/tokens/{token_id}",
    status_code=204,
    summary="Thu hồi một mã truy cập (của mình; quản trị viên: của bất kỳ ai)",
    dependencies=[api("account.manage")],
)
def token_revoke(
    token_id: TokenId,
    user: User = Depends(api_user),
    session: Session = Depends(get_session),
    now: datetime = Depends(get_now),
) -> Response:
    api_token_revoke(
        session,
        token_id=token_id,
        by=user.username,
        now=now,
        owner_id=None if may(user, "account.admin") else user.id,
    )
    return Response(status_code=204)


@router.get("/admin/tokens", summary="Mọi mã truy cập API (quản trị viên)")
def all_tokens(
    username: Annotated[str, Query(max_length=80, description="Chỉ của tài khoản này")] = "",
    admin: User = Depends(api_admin),
    session: Session = Depends(get_session),
    now: datetime = Depends(get_now),
) -> list[TokenInfo]:
    owner = user_by_name(session, username).id if username.strip() else None
    return [_info(t, u, now) for t, u in api_tokens_list(session, user_id=owner)]


@router.post(
    "/auth/password",
    status_code=204,
    summary="Đổi mật khẩu (cả khi quản trị viên yêu cầu đặt lại); mọi phiên khác kết thúc",
    dependencies=[public("the username and current password are the credentials")],
)
def password_change(
    body: PasswordChangeIn,
    request: Request,
    session: Session = Depends(get_session),
    now: datetime = Depends(get_now),
) -> Response:
    # By username and current password, not a bearer token: after an administrator's reset
    # the user has no token left.
    user_password_change(
        session,
        username=body.username,
        current=body.current_password,
        new=body.new_password,
        ip=client_address(request),
        now=now,
        limits=_limits(request),
    )
    return Response(status_code=204)


class UserInfo(Out):
    id: int
    username: str
    full_name: str
    role: str
    unit_id: int | None
    active: bool
    must_change_password: bool


@router.get("/admin/users", summary="Các tài khoản (quản trị viên)")
def accounts(
    admin: User = Depends(api_admin), session: Session = Depends(get_session)
) -> list[UserInfo]:
    return [UserInfo.model_validate(u) for u in users_list(session)]


@router.post(
    "/admin/users/{user_id}/password-reset",
    summary="Buộc đặt lại mật khẩu: mọi phiên kết thúc, mọi mã truy cập bị thu hồi",
)
def password_reset(
    user_id: UserId,
    body: ResetIn,
    admin: User = Depends(api_admin),
    session: Session = Depends(get_session),
    now: datetime = Depends(get_now),
) -> UserInfo:
    user = user_password_reset(
        session,
        user_id=user_id,
        password=body.password or None,
        by=admin.username,
        admin_id=admin.id,
        now=now,
    )
    return UserInfo.model_validate(user)


@router.put("/admin/users/{user_id}/active", summary="Kích hoạt hoặc vô hiệu hóa tài khoản")
def set_active(
    user_id: UserId,
    body: ActiveIn,
    admin: User = Depends(api_admin),
    session: Session = Depends(get_session),
    now: datetime = Depends(get_now),
) -> UserInfo:
    user = user_set_active(
        session, user_id=user_id, active=body.active, by=admin.username, admin_id=admin.id, now=now
    )
    return UserInfo.model_validate(user)


@router.post(
    "/admin/users", status_code=201, summary="Tạo tài khoản với vai trò, cơ quan soạn thảo"
)
def account_create(
    body: UserIn,
    admin: User = Depends(api_admin),
    session: Session = Depends(get_session),
    now: datetime = Depends(get_now),
) -> UserInfo:
    user = user_create(session, **body.model_dump(), by=admin.username, now=now)
    return UserInfo.model_validate(user)


@router.patch("/admin/users/{user_id}", summary="Đổi vai trò, cơ quan soạn thảo của tài khoản")
def account_change(
    user_id: UserId,
    body: UserEdit,
    admin: User = Depends(api_admin),
    session: Session = Depends(get_session),
    now: datetime = Depends(get_now),
) -> UserInfo:
    user = user_update(
        session,
        user_id=user_id,
        **body.model_dump(exclude_unset=True),
        by=admin.username,
        admin_id=admin.id,
        now=now,
    )
    return UserInfo.model_validate(user)
