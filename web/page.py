"""What every officer route needs, as one dependency: the request, its session, the
signed-in user, the action the route declared (web/guard.py) and what it names, the app's
clock, with the render / redirect / form helpers bound to them."""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from fastapi import Depends, Request
from fastapi.responses import Response
from sqlmodel import Session
from starlette.convertors import Convertor, register_url_convertor

from models.access import Target, directive_of, may_in
from models.clock import local_date
from models.errors import DomainError
from models.settings import Settings
from models.tables import Directive, Unit, User
from models.tokens import Links
from web.auth import require_user
from web.causes import cause_links
from web.deps import get_links, get_now, get_session, is_htmx
from web.forms import Posted, read_posted
from web.views import form_failed, redirect, render


class IdConvertor(Convertor[int]):
    """Record ids in page paths: at most 9 digits, so an absurd id is a 404, never an
    integer overflow in SQLite or PostgreSQL (int4)."""

    regex = "[0-9]{1,9}"

    def convert(self, value: str) -> int:
        return int(value)

    def to_string(self, value: int) -> str:
        return str(value)


register_url_convertor("id", IdConvertor())


@dataclass
class Page:
    request: Request
    session: Session
    user: User
    action: str = "dashboard.view"  # what the route declared; the guard checked it
    target: Target = field(default_factory=Target)

    @property
    def now(self) -> datetime:
        return get_now(self.request)

    @property
    def today(self) -> date:
        return local_date(self.now)

    @property
    def by(self) -> str:
        return self.user.username

    @property
    def htmx(self) -> bool:
        return is_htmx(self.request)

    @property
    def links(self) -> Links:
        return get_links(self.request)

    @property
    def settings(self) -> Settings:
        return self.request.app.state.settings

    def viewable(self, directive_id: int) -> Directive:
        """The directive, if this user may see it (404 as for a missing one otherwise)."""
        return directive_of(self.session, self.user, "directive.view", directive_id)

    def actionable(self, directive_id: int) -> Directive:
        """The directive, if the route's declared action is allowed on it."""
        return directive_of(self.session, self.user, self.action, directive_id)

    def can(self, action: str, record: Directive | Unit | None = None) -> bool:
        """Whether to offer an action (a button, a link): the policy table decides."""
        return may_in(self.session, self.user, action, record)

    async def posted(self) -> Posted:
        """The posted form; `.valid(Schema)` checks it with the API twin's schema."""
        return await read_posted(self.request)

    def render(
        self,
        template: str,
        context: dict[str, Any] | None = None,
        *,
        status: int = 200,
        trigger: str | None = None,
    ) -> Response:
        ctx = {"user": self.user, "can": self.can, "values": {}, "errors": {}, **(context or {})}
        return render(self.request, template, ctx, status=status, trigger=trigger)

    def failed(
        self,
        template: str,
        context: dict[str, Any] | Callable[[], dict[str, Any]],
        exc: DomainError,
        values: dict[str, str],
    ) -> Response:
        """The form again with the error beside its field. The command's work is rolled back
        first; a callable context is gathered after that, in a clean transaction."""
        self.session.rollback()
        ctx = context() if callable(context) else context
        ctx = {"user": self.user, "can": self.can, **ctx}
        links = cause_links(self.session, self.user, exc.causes)
        return form_failed(self.request, template, ctx, exc, values, links)

    def redirect(
        self, url: str, *, message: str | None = None, trigger: str | None = None
    ) -> Response:
        return redirect(self.request, url, message=message, trigger=trigger)


def officer_page(
    request: Request, session: Session = Depends(get_session), user: User = Depends(require_user)
) -> Page:
    """A signed-in user with no declared action: not a declaration (web/guard.py's `page`
    is); kept for helpers that build a Page outside a route."""
    return Page(request, session, user)
