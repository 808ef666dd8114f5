"""Login and logout of officers, leaders and administrators (argon2, rate limited)."""

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response
from sqlmodel import Session

from models.commands.users import MAX_FAILURES, login_check, recent_failures
from models.errors import Invalid
from web.auth import current_user_optional, sign_in, sign_out
from web.csrf import check_csrf
from web.deps import get_now, get_session
from web.guard import public
from web.views import form_failed, form_values, render

router = APIRouter(include_in_schema=False, dependencies=[public("signing in and out")])
TEMPLATE = "auth/login.html"
WRONG = "Tên đăng nhập hoặc mật khẩu không đúng."
LIMITED = "Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau 15 phút."


def _safe_next(value: str) -> str:
    """Only a path on this site: never an open redirect."""
    return value if value.startswith("/") and not value.startswith("//") else "/"


@router.get("/login")
def login_page(request: Request, next: str = "/", user=Depends(current_user_optional)) -> Response:  # type: ignore[no-untyped-def]
    if user is not None:
        return RedirectResponse(_safe_next(next), status_code=303)
    return render(request, TEMPLATE, {"next": _safe_next(next), "values": {}, "errors": {}})


@router.post("/login", dependencies=[Depends(check_csrf)])
async def login(request: Request, session: Session = Depends(get_session)) -> Response:
    values = form_values(await request.form())
    target = _safe_next(values.get("next", "/"))
    ctx = {"next": target}
    username, password = values.get("username", ""), values.get("password", "")
    now = get_now(request)
    if not username.strip() or not password:
        return form_failed(
            request, TEMPLATE, ctx, Invalid("Vui lòng nhập tên đăng nhập và mật khẩu."), values
        )
    if recent_failures(session, username, now) >= MAX_FAILURES:
        exc = Invalid(LIMITED)
        exc.status_code = 429
        return form_failed(request, TEMPLATE, ctx, exc, values)
    ip = request.client.host if request.client else ""
    user = login_check(session, username=username, password=password, ip=ip, now=now)
    if user is None:
        return form_failed(request, TEMPLATE, ctx, Invalid(WRONG, field="password"), values)
    sign_in(request, user)
    return RedirectResponse(target, status_code=303)


@router.post("/logout", dependencies=[Depends(check_csrf)])
def logout(request: Request) -> Response:
    sign_out(request)
    return RedirectResponse("/login", status_code=303)
