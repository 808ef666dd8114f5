"""How every route declares what it does: one dependency naming its action in the policy
table (models/policy.py), or `public(...)` for a route that a link's token or nothing at all
authorises. Declaring a route is one line:

    def close(round_id: int, p: Page = page("round.manage")) -> Response:      # a page
    def close(round_id: RoundId, o: Officer = api("round.manage")) -> RoundOut: # /api/v1
    @router.get("/account/tokens", dependencies=[page("account.manage")])     # handler as is
    @router.get("/healthz", dependencies=[public("liveness probe")])            # public
    router = APIRouter(prefix="/u", dependencies=[public("the unit's link")])   # a whole router

(web.auth.require_admin is a declaration too: action admin.area, administrators only.) A
new action is one row of the table in models/policy.py.

The guard resolves the record the path names (directive, round, invitation, comment, draft,
outbox message, unit: models/access.py), works out the caller's relation to it and applies the
table before the handler runs and before the request body is validated (FastAPI solves
dependencies first; only the size and encoding checks of LimitedRoute and a JSON syntax error
come earlier, alike for every record): another body's record answers 404 worded as a missing
one, a role that may see but not act gets 403.
tests/web/test_route_policy.py walks `app.routes` and fails on any route without a
declaration, then calls every route as every role in every relation the table names.
"""

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from fastapi import Depends, Request
from fastapi.dependencies.models import Dependant
from sqlmodel import Session

from models.access import authorize
from models.tables import User
from web.api_auth import Officer, api_user
from web.auth import require_user
from web.causes import remember_viewer
from web.declared import Declared, Public
from web.deps import get_now, get_session
from web.page import Page

# Routes FastAPI and Starlette add themselves (no dependencies to carry a declaration):
# public on purpose. Anything else without a declaration fails tests/web/test_route_policy.py.
FRAMEWORK_ROUTES = {
    "/openapi.json": "the API's description",
    "/api/docs": "the API's documentation page",
    "/docs/oauth2-redirect": "Swagger UI's OAuth redirect",
    "/static": "stylesheets and scripts",
}


class PageGuard(Declared):
    """An officer page: the signed-in user, checked against the table."""

    def __call__(
        self,
        request: Request,
        session: Session = Depends(get_session),
        user: User = Depends(require_user),
    ) -> Page:
        action = self.action_for(request)
        remember_viewer(request, user)
        target = authorize(session, user, action, request.path_params)
        return Page(request, session, user, action=action, target=target)


class ApiGuard(Declared):
    """An /api/v1 route: the bearer token's user, checked against the table."""

    def __call__(
        self,
        request: Request,
        user: User = Depends(api_user),
        session: Session = Depends(get_session),
        now: datetime = Depends(get_now),
    ) -> Officer:
        action = self.action_for(request)
        remember_viewer(request, user)
        target = authorize(session, user, action, request.path_params)
        return Officer(user, session, request, now, action=action, target=target)


def page(actions: str | Mapping[str, str], *, param: str | None = None) -> Any:
    """`p: Page = page("round.manage")`; `page({"submit": "directive.submit"}, param="action")`
    when a path parameter picks the action."""
    return Depends(PageGuard(actions, param=param))


def api(actions: str | Mapping[str, str], *, param: str | None = None) -> Any:
    """`o: Officer = api("round.manage")` for a bearer-token route."""
    return Depends(ApiGuard(actions, param=param))


def public(why: str) -> Any:
    """`dependencies=[public("why")]` on a route or a router: declared open on purpose."""
    return Depends(Public(why))


def declarations(dependant: Dependant) -> list[Declared]:
    """Every declaration in a route's dependency tree (route, router and parameter level)."""
    found = [dependant.call] if isinstance(dependant.call, Declared) else []
    for sub in dependant.dependencies:
        found += declarations(sub)
    return found


def declaration_of(route: Any) -> Declared | None:
    """The one declaration of a route, or of a context from fastapi.routing.
    iter_route_contexts (which carries the router-level dependencies); None: undeclared, or
    not a FastAPI route (see FRAMEWORK_ROUTES). Two different declarations are an error."""
    dependant = getattr(route, "dependant", None)
    if dependant is None:
        return None
    found = {id(d): d for d in declarations(dependant)}
    if len(found) > 1:
        raise ValueError(f"{route.path} declares {list(found.values())}: one only")
    return next(iter(found.values()), None)
