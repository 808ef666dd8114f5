"""Session login for the pages: who is signed in, and the dependencies that require it.

The session cookie (SessionMiddleware: signed, HttpOnly, SameSite=Lax) holds the user id,
the user's session version and two times (models/session_rule.py says why a version and
not server-side rows). The user row is read on every request, so a deactivated account,
a logout elsewhere or a password change stops every other session at once.
"""

from datetime import timedelta
from urllib.parse import quote

from fastapi import Depends, HTTPException, Request
from sqlmodel import Session

from models import policy, session_rule
from models.access import directive_of
from models.commands.users import user_sessions_end
from models.errors import Forbidden
from models.ids import id_of
from models.queries.people import any_user
from models.session_rule import SessionLimits
from models.settings import Settings
from models.tables import Directive, User
from web.declared import Declared
from web.deps import get_now, get_session, is_htmx
from web.views import FLASH

USER_KEY = session_rule.USER
PASSWORD_PAGE = "/account/password"
MUST_CHANGE = "Bạn cần đặt mật khẩu mới trước khi tiếp tục."
SETUP_PAGE = "/setup"
NO_ACCOUNT = "Hệ thống chưa có tài khoản nào: hãy mở /setup để tạo quản trị viên đầu tiên."


def session_limits(settings: Settings) -> SessionLimits:
    return SessionLimits(
        idle=timedelta(minutes=settings.session_idle_minutes),
        absolute=timedelta(hours=settings.session_max_hours),
    )


def current_user_optional(request: Request, session: Session = Depends(get_session)) -> User | None:
    """The signed-in user, or None; an ended session is cleared and says why on the login
    page (idle, too old, or ended by a logout, password change or deactivation)."""
    uid = request.session.get(USER_KEY)
    if not isinstance(uid, int):
        return None
    user = session.get(User, uid)
    now = get_now(request)
    reason = session_rule.end_reason(
        request.session,
        version=user.session_version if user is not None and user.active else None,
        now=now,
        limits=session_limits(request.app.state.settings),
    )
    if reason is not None:
        request.session.clear()
        request.session[FLASH] = reason
        return None
    session_rule.touched(request.session, now)
    return user


def _to_login(request: Request, page: str, message: str) -> HTTPException:
    """A plain GET is sent to `page`, others get `message` (401 or 403)."""
    if request.method == "GET" and not is_htmx(request):
        target = quote(
            str(request.url.path) + (f"?{request.url.query}" if request.url.query else "")
        )
        return HTTPException(303, headers={"Location": f"{page}?next={target}"})
    return HTTPException(401 if page == "/login" else 403, detail=message)


def needs_setup(request: Request, session: Session) -> bool:
    """Whether the install has no account yet (the first run: /setup). Accounts are never
    deleted, so once one is seen the process stops asking the database."""
    if getattr(request.app.state, "installed", False):
        return False
    if any_user(session):
        request.app.state.installed = True
        return False
    return True


def require_signed_in(
    request: Request,
    user: User | None = Depends(current_user_optional),
    session: Session = Depends(get_session),
) -> User:
    """Signed in, even with a password an administrator asked to replace: only the
    new-password form and logout use this directly. On an install with no account yet,
    every page leads to the first run's setup instead of the login page."""
    if user is None:
        if needs_setup(request, session):
            if request.method == "GET" and not is_htmx(request):
                raise HTTPException(303, headers={"Location": SETUP_PAGE})
            raise HTTPException(401, detail=NO_ACCOUNT)
        raise _to_login(request, "/login", "Vui lòng đăng nhập.")
    return user


def require_user(request: Request, user: User = Depends(require_signed_in)) -> User:
    """A page needs a signed-in user: a plain GET is sent to the login page, others get 401.
    After an administrator's reset, every page leads to the new-password form first."""
    if user.must_change_password:
        raise _to_login(request, PASSWORD_PAGE, MUST_CHANGE)
    return user


class UserGuard(Declared):
    """A page that needs only the signed-in user and an action naming no record: declared
    like every route (web/guard.py), decided by the policy table."""

    def __call__(self, user: User = Depends(require_user)) -> User:
        action = self.fixed or ""
        if not policy.allows_somewhere(user.role, action):
            raise Forbidden(policy.refusal(user.role, action))
        return user


class SignedInGuard(UserGuard):
    """Signed in, even with a password an administrator asked to replace: the new-password
    form only (web/routes/auth.py)."""

    def __call__(self, user: User = Depends(require_signed_in)) -> User:
        return super().__call__(user)


# Administrator-only pages that name no action of their own yet.
require_admin = UserGuard("admin.area")


def sign_in(request: Request, user: User) -> None:
    """A fresh session (no fixation, a new CSRF token) bound to the user's session version."""
    request.session.clear()
    request.session.update(
        session_rule.new_session(id_of(user), user.session_version, get_now(request))
    )


def sign_out(request: Request, session: Session, user: User | None) -> None:
    """Logout ends every session of the user (all devices), not only this cookie."""
    if user is not None:
        user_sessions_end(session, user_id=id_of(user), by=user.username, now=get_now(request))
    request.session.clear()


def viewable(session: Session, user: User, directive_id: int) -> Directive:
    """The directive if this user may see it (404 worded as a missing one otherwise)."""
    return directive_of(session, user, "directive.view", directive_id)


def actionable(session: Session, user: User, directive_id: int, action: str) -> Directive:
    """The directive if the policy table lets this user do `action` on it."""
    return directive_of(session, user, action, directive_id)
