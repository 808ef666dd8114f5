"""Session login for the pages: who is signed in, and the dependencies that require it.

The session cookie (SessionMiddleware: signed, HttpOnly, SameSite=Lax) holds the user id
only; the user row is read on every request so a deactivated account stops at once.
"""

from urllib.parse import quote

from fastapi import Depends, HTTPException, Request
from sqlmodel import Session

from models.access import require_act, require_view
from models.commands.common import get
from models.tables import Directive, User
from web.csrf import SESSION_KEY as CSRF_KEY
from web.deps import get_session, is_htmx

USER_KEY = "uid"


def current_user_optional(request: Request, session: Session = Depends(get_session)) -> User | None:
    uid = request.session.get(USER_KEY)
    if not isinstance(uid, int):
        return None
    user = session.get(User, uid)
    return user if user is not None and user.active else None


def require_user(request: Request, user: User | None = Depends(current_user_optional)) -> User:
    """A page needs a signed-in user: a plain GET is sent to the login page, others get 401."""
    if user is not None:
        return user
    if request.method == "GET" and not is_htmx(request):
        target = quote(
            str(request.url.path) + (f"?{request.url.query}" if request.url.query else "")
        )
        raise HTTPException(303, headers={"Location": f"/login?next={target}"})
    raise HTTPException(401, detail="Vui lòng đăng nhập.")


def require_admin(user: User = Depends(require_user)) -> User:
    if user.role != "admin":
        raise HTTPException(403, detail="Chỉ quản trị viên được thực hiện thao tác này.")
    return user


def sign_in(request: Request, user: User) -> None:
    """A fresh session (no fixation), with a new CSRF token."""
    request.session.clear()
    request.session[USER_KEY] = user.id


def sign_out(request: Request) -> None:
    request.session.pop(USER_KEY, None)
    request.session.pop(CSRF_KEY, None)


def viewable(session: Session, user: User, directive_id: int) -> Directive:
    """The directive if this user may see it (NotFound / Forbidden otherwise)."""
    directive = get(session, Directive, directive_id)
    require_view(user, directive)
    return directive


def actionable(session: Session, user: User, directive_id: int) -> Directive:
    directive = get(session, Directive, directive_id)
    require_act(user, directive)
    return directive
