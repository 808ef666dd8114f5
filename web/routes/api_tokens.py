"""API: exchange a username and password for a bearer token (limited like the login page)."""

from datetime import datetime

from fastapi import APIRouter, Depends, HTTPException, Request
from sqlmodel import Session

from models.commands.users import MAX_FAILURES, api_token_create, login_check, recent_failures
from web.api_auth import ERRORS
from web.deps import get_now, get_session
from web.guard import public
from web.routes.unit_common import LimitedRoute
from web.schemas import ErrorOut, TokenOut, TokenRequest

router = APIRouter(
    prefix="/api/v1",
    tags=["Xác thực"],
    route_class=LimitedRoute,
    responses={**ERRORS, 429: {"model": ErrorOut, "description": "Thử sai quá nhiều lần"}},
)
TOO_MANY = "Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau 15 phút."
WRONG = "Tên đăng nhập hoặc mật khẩu không đúng."


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
    # The same per-username limit as the login page; a 429 says so before any password check.
    if recent_failures(session, body.username, now) >= MAX_FAILURES:
        raise HTTPException(429, TOO_MANY, headers={"Retry-After": "900"})
    ip = request.client.host if request.client else ""
    user = login_check(session, username=body.username, password=body.password, ip=ip, now=now)
    if user is None:
        raise HTTPException(401, WRONG, headers={"WWW-Authenticate": "Bearer"})
    token, raw = api_token_create(
        session,
        user_id=user.id,
        name=body.name or "API",
        by=user.username,
        now=now,  # type: ignore[arg-type]
    )
    return TokenOut(token=raw, token_id=token.id)  # type: ignore[arg-type]
