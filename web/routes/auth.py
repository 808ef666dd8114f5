"""Login, logout and the new-password form of officers, leaders and administrators
(argon2; throttled per address and per username and address, models/login_throttle.py)."""

from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response
from sqlmodel import Session

from models.commands.users import login_check, user_password_change
from models.errors import DomainError, Invalid
from models.login_throttle import LoginLimits, TooManyAttempts
from models.passwords import MIN_LENGTH
from models.tables import User
from web.auth import (
    PASSWORD_PAGE,
    SETUP_PAGE,
    SignedInGuard,
    current_user_optional,
    needs_setup,
    require_signed_in,
    sign_in,
    sign_out,
)
from web.csrf import check_csrf
from web.deps import get_now, get_session
from web.forms import FormErrors, read_posted
from web.guard import public
from web.schemas import PasswordChangeIn, TokenRequest
from web.views import form_failed, redirect, render

router = APIRouter(include_in_schema=False)
TEMPLATE = "auth/login.html"
PASSWORD_TEMPLATE = "auth/password.html"
WRONG = "Tên đăng nhập hoặc mật khẩu không đúng."


def _safe_next(value: str) -> str:
    """Only a path on this site: never an open redirect."""
    return value if value.startswith("/") and not value.startswith("//") else "/"


def client_address(request: Request) -> str:
    """The address the throttle counts (behind a proxy: run uvicorn with proxy headers)."""
    return request.client.host if request.client else ""


def _throttled(
    request: Request,
    template: str,
    ctx: dict[str, Any],
    exc: TooManyAttempts,
    values: dict[str, str],
) -> Response:
    response = form_failed(request, template, ctx, exc, values)
    response.headers["Retry-After"] = str(exc.retry_after)
    return response


@router.get("/login", dependencies=[public("signing in")])
def login_page(
    request: Request,
    next: str = "/",
    user: User | None = Depends(current_user_optional),
    session: Session = Depends(get_session),
) -> Response:
    if user is not None:
        return RedirectResponse(_safe_next(next), status_code=303)
    if needs_setup(request, session):
        return RedirectResponse(SETUP_PAGE, status_code=303)
    return render(request, TEMPLATE, {"next": _safe_next(next), "values": {}, "errors": {}})


@router.post("/login", dependencies=[Depends(check_csrf), public("signing in")])
async def login(request: Request, session: Session = Depends(get_session)) -> Response:
    posted = await read_posted(request)
    values = posted.values
    # Where to go after signing in: a page concern, no schema field.
    target = _safe_next(posted.text("next", "/"))
    ctx = {"next": target}
    try:
        body = posted.valid(TokenRequest)  # the credentials of the API's token request
    except FormErrors as exc:
        return form_failed(request, TEMPLATE, ctx, exc, values)
    try:
        user = login_check(
            session,
            username=body.username,
            password=posted.text("password"),  # as typed: a secret is never stripped
            ip=client_address(request),
            now=get_now(request),
            limits=LoginLimits.of(request.app.state.settings),
        )
    except TooManyAttempts as exc:
        return _throttled(request, TEMPLATE, ctx, exc, values)
    if user is None:
        return form_failed(request, TEMPLATE, ctx, Invalid(WRONG, field="password"), values)
    sign_in(request, user)
    if user.must_change_password:
        return RedirectResponse(f"{PASSWORD_PAGE}?next={quote(target)}", status_code=303)
    return RedirectResponse(target, status_code=303)


@router.post("/logout", dependencies=[Depends(check_csrf), public("signing out")])
def logout(
    request: Request,
    session: Session = Depends(get_session),
    user: User | None = Depends(current_user_optional),
) -> Response:
    sign_out(request, session, user)
    return RedirectResponse("/login", status_code=303)


def _password_context(user: User, next: str) -> dict[str, object]:
    return {"user": user, "next": _safe_next(next), "min_length": MIN_LENGTH}


# Also for a password an administrator asked to replace (require_user would send it here).
NEW_PASSWORD = Depends(SignedInGuard("account.manage"))


@router.get(PASSWORD_PAGE, dependencies=[NEW_PASSWORD])
def password_page(
    request: Request, next: str = "/", user: User = Depends(require_signed_in)
) -> Response:
    ctx = {**_password_context(user, next), "values": {}, "errors": {}}
    return render(request, PASSWORD_TEMPLATE, ctx)


@router.post(PASSWORD_PAGE, dependencies=[Depends(check_csrf), NEW_PASSWORD])
async def password_change(
    request: Request,
    session: Session = Depends(get_session),
    user: User = Depends(require_signed_in),
) -> Response:
    """Every other session of the user ends; this one is signed in again at once."""
    posted = await read_posted(request)
    ctx = _password_context(user, posted.text("next", "/"))
    kept = {"next": posted.text("next", "/")}  # passwords are never sent back into the form
    try:
        posted.valid(PasswordChangeIn, username=user.username)  # the API twin's limits
        changed = user_password_change(
            session,
            username=user.username,
            # As typed (a secret is never stripped); the confirmation is the page's own.
            current=posted.text("current_password"),
            new=posted.text("new_password"),
            confirm=posted.text("confirm_password"),
            ip=client_address(request),
            now=get_now(request),
            limits=LoginLimits.of(request.app.state.settings),
        )
    except TooManyAttempts as exc:
        session.rollback()
        return _throttled(request, PASSWORD_TEMPLATE, ctx, exc, kept)
    except DomainError as exc:
        session.rollback()
        return form_failed(request, PASSWORD_TEMPLATE, ctx, exc, kept)
    sign_in(request, changed)
    return redirect(
        request, str(ctx["next"]), message="Đã đổi mật khẩu. Các phiên đăng nhập khác đã kết thúc."
    )
