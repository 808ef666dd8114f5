"""Rendering helpers shared by the page routes: templates with the user and CSRF token,
forms that come back with what was typed and the error next to its field, and redirects
that work for plain posts and HTMX alike."""

from collections.abc import Sequence
from typing import Any

from fastapi import Request
from fastapi.responses import RedirectResponse, Response

from models.errors import DomainError
from web.csrf import csrf_token
from web.deps import is_htmx
from web.forms import FormErrors

FLASH = "flash"


def render(
    request: Request,
    template: str,
    context: dict[str, Any] | None = None,
    *,
    status: int = 200,
    trigger: str | None = None,
) -> Response:
    ctx = {"csrf": csrf_token(request), "flash": request.session.pop(FLASH, None)}
    ctx.update(context or {})
    response = request.app.state.templates.TemplateResponse(
        request, template, ctx, status_code=status
    )
    if trigger:
        response.headers["HX-Trigger"] = trigger
    return response


class FieldError(str):
    """A field's message and the links to what caused it (a number's holder, the comments
    still waiting): the form macros show them under the message (templates/macros.html)."""

    links: list[dict[str, Any]]

    def __new__(cls, message: str, links: list[dict[str, Any]]) -> "FieldError":
        self = super().__new__(cls, message)
        self.links = links
        return self


def form_failed(
    request: Request,
    template: str,
    context: dict[str, Any],
    exc: DomainError,
    values: dict[str, str],
    links: list[dict[str, Any]] | None = None,
) -> Response:
    """The same form again, the message next to its field (or on top) with the links to its
    causes, the input kept."""
    if isinstance(exc, FormErrors):
        errors: dict[str, str] = {f or "_form": m for f, m in exc.errors.items()}
    else:
        errors = {exc.field or "_form": FieldError(exc.message, links or [])}
    ctx = {**context, "values": values, "errors": errors}
    return render(request, template, ctx, status=exc.status_code)


def redirect(
    request: Request, url: str, *, message: str | None = None, trigger: str | None = None
) -> Response:
    """After a successful post: 303 for a plain form, HX-Redirect for HTMX."""
    if message:
        request.session[FLASH] = message
    if is_htmx(request):
        response: Response = Response(status_code=204, headers={"HX-Redirect": url})
    else:
        response = RedirectResponse(url, status_code=303)
    if trigger:
        response.headers["HX-Trigger"] = trigger
    return response


def field_error(field: str, message: str) -> DomainError:
    from models.errors import Invalid

    return Invalid(message, field=field)


def record_id(value: object) -> int | None:
    """An id typed or posted as text: ASCII digits, at most 9 (ids are int4); else None."""
    text = value.strip() if isinstance(value, str) else ""
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 9 else None


def record_ids(values: Sequence[object]) -> list[int]:
    return [i for i in (record_id(v) for v in values) if i is not None]
