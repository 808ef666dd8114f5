"""Session login for the pages: who is signed in, and the dependencies that require it.

The session cookie (SessionMiddleware: signed, HttpOnly, SameSite=Lax) holds the user id
only; the user row is read on every request so a deactivated account stops at once.
"""

from urllib.parse import quote

from fastapi import Depends, HTTPException, Request
from sqlmodel import Session

from models import policy
from models.access import directive_of
from models.errors import Forbidden
from models.tables import Directive, User
from web.csrf import SESSION_KEY as CSRF_KEY
from web.declared import Declared
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


class UserGuard(Declared):
    """A page that needs only the signed-in user and an action naming no record: declared
    like every route (web/guard.py), decided by the policy table."""

    def __call__(self, user: User = Depends(require_user)) -> User:
        action = self.fixed or ""
        if not policy.allows_somewhere(user.role, action):
            raise Forbidden(policy.refusal(user.role, action))
        return user


# Administrator-only pages (the mail sink, others' tokens …) until they name their own action.
require_admin = UserGuard("admin.area")


def sign_in(request: Request, user: User) -> None:
    """A fresh session (no fixation), with a new CSRF token."""
    request.session.clear()
    request.session[USER_KEY] = user.id


def sign_out(request: Request) -> None:
    request.session.pop(USER_KEY, None)
    request.session.pop(CSRF_KEY, None)


def viewable(session: Session, user: User, directive_id: int) -> Directive:
    """The directive if this user may see it (404 worded as a missing one otherwise)."""
    return directive_of(session, user, "directive.view", directive_id)


def actionable(session: Session, user: User, directive_id: int, action: str) -> Directive:
    """The directive if the policy table lets this user do `action` on it."""
    return directive_of(session, user, action, directive_id)
