"""The first run in the browser: /setup creates the first administrator of an empty install
and signs them in; once any account exists it answers 404, for good
(models/commands/setup.py). Until then every page leads here (web/auth.py)."""

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response
from sqlmodel import Session

from models.commands.setup import GONE, first_admin_create
from models.errors import DomainError, NotFound
from models.passwords import MIN_LENGTH
from web.auth import needs_setup, sign_in
from web.csrf import check_csrf
from web.deps import get_now, get_session
from web.forms import read_posted
from web.guard import public
from web.schemas import SetupIn
from web.views import FLASH, form_failed, render

router = APIRouter(include_in_schema=False)
TEMPLATE = "auth/setup.html"
SETUP = public("the first run: creates the first administrator, only while no user exists")


@router.get("/setup", dependencies=[SETUP])
def setup_page(request: Request, session: Session = Depends(get_session)) -> Response:
    if not needs_setup(request, session):
        raise NotFound(GONE)
    return render(request, TEMPLATE, {"values": {}, "errors": {}, "min_length": MIN_LENGTH})


@router.post("/setup", dependencies=[Depends(check_csrf), SETUP])
async def setup(request: Request, session: Session = Depends(get_session)) -> Response:
    if not needs_setup(request, session):
        raise NotFound(GONE)
    posted = await read_posted(request)
    # Passwords are never sent back into the form.
    kept = {k: v for k, v in posted.values.items() if "password" not in k}
    try:
        posted.valid(SetupIn)  # the limits; the values are passed as typed below
        user = first_admin_create(
            session,
            username=posted.text("username"),
            full_name=posted.text("full_name"),
            email=posted.text("email"),
            password=posted.text("password"),  # as typed: a secret is never stripped
            confirm=posted.text("confirm_password"),
            now=get_now(request),
        )
    except NotFound:
        raise
    except DomainError as exc:
        session.rollback()
        return form_failed(request, TEMPLATE, {"min_length": MIN_LENGTH}, exc, kept)
    request.app.state.installed = True
    sign_in(request, user)
    request.session[FLASH] = (
        f"Đã tạo tài khoản quản trị {user.username}. Bước tiếp theo: khai báo cơ quan, "
        "nhiệm kỳ và tài khoản cán bộ ở trang Quản trị."
    )
    return RedirectResponse("/admin", status_code=303)
