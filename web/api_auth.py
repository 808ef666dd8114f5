"""Bearer tokens for the JSON API (e-office systems): `Authorization: Bearer dt_…`.

Cookies play no part here, so the API needs no CSRF token; a missing or bad token is a 401
in Vietnamese. What a user may see or do is decided by the policy table: each route declares
its action with `api(...)` (web/guard.py), which builds the `Officer` below.
"""

import logging
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from fastapi import Depends, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session

from models.access import Target, directive_of
from models.commands.users import TokenRefused, api_token_check, api_token_touch, touch_due
from models.db import session_scope
from models.errors import NotFound
from models.ids import id_of
from models.queries.records import get
from models.tables import Directive, Round, User
from web.deps import get_now, get_session
from web.schemas import MAX_ID, ErrorOut

bearer = HTTPBearer(
    auto_error=False,
    scheme_name="api_token",
    description="Mã truy cập API (dt_…), cấp qua POST /api/v1/auth/token hoặc dòng lệnh.",
)
MISSING = "Thiếu mã truy cập API (Authorization: Bearer dt_…)."
log = logging.getLogger("duthao.web")

ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": ErrorOut, "description": text}
    for code, text in {
        400: "Yêu cầu không hợp lệ",
        401: "Thiếu hoặc sai mã truy cập",
        403: "Không có quyền",
        404: "Không tìm thấy",
        409: "Quy tắc nghiệp vụ từ chối thao tác",
        413: "Dữ liệu quá lớn",
        422: "Dữ liệu không hợp lệ",
    }.items()
}


def api_user(
    request: Request,
    creds: HTTPAuthorizationCredentials | None = Depends(bearer),
    now: datetime = Depends(get_now),
) -> User:
    """The token's user. Checked in a short read-only session of its own, and its last use
    written (at most every few minutes) in another, both before the request's session takes
    any lock: on SQLite a POST's session holds the write lock from its first query."""
    challenge = {"WWW-Authenticate": "Bearer"}
    if creds is None:
        raise HTTPException(401, MISSING, headers=challenge)
    engine = request.app.state.engine
    with session_scope(engine, read_only=True) as s:
        try:
            user, token = api_token_check(s, creds.credentials, now=now)
        except TokenRefused as exc:
            raise HTTPException(401, exc.message, headers=challenge) from None
    if touch_due(token, now):
        try:
            with session_scope(engine) as s:
                api_token_touch(s, token_id=id_of(token), now=now)
        except SQLAlchemyError:  # best effort: a busy database must not refuse the call
            log.warning("could not record the last use of API token #%s", token.id)
    return user


@dataclass
class Officer:
    """The caller of an officer endpoint: who, with which session, at what time, doing the
    action its route declared (already checked on what the path names: `target`)."""

    user: User
    session: Session
    request: Request
    now: datetime
    action: str = "directive.list"
    target: Target = field(default_factory=Target)

    @property
    def by(self) -> str:
        return self.user.username

    def view(self, directive_id: int) -> Directive:
        """The directive, if this user may see it (404 as for a missing one otherwise)."""
        return directive_of(self.session, self.user, "directive.view", directive_id)

    def act(self, directive_id: int) -> Directive:
        """The directive, if the route's declared action is allowed on it."""
        return directive_of(self.session, self.user, self.action, directive_id)

    def round(self, round_id: int, *, act: bool = False) -> Round:
        rnd = get(self.session, Round, round_id)
        (self.act if act else self.view)(rnd.directive_id)
        return rnd


def officer(
    request: Request,
    user: User = Depends(api_user),
    session: Session = Depends(get_session),
    now: datetime = Depends(get_now),
) -> Officer:
    """A bearer-token caller with no declared action: not a declaration (web/guard.py's
    `api` is), so a route using it alone fails tests/web/test_route_policy.py."""
    _ids_in_range(request)
    return Officer(user, session, request, now)


def _ids_in_range(request: Request) -> None:
    """An id beyond the database's integer range names no record: 404 before any query
    (the drivers would raise instead), for every route behind `officer`, bounded or not."""
    for name, value in request.path_params.items():
        if name.endswith("_id") and str(value).lstrip("-").isdigit():
            if not 1 <= int(value) <= MAX_ID:
                raise NotFound(f"Không tìm thấy dữ liệu #{value}.")
