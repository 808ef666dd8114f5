"""One place turns errors into a Vietnamese answer: JSON (API), a partial (HTMX) or a page."""

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from sqlalchemy.exc import OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from starlette.exceptions import HTTPException as StarletteHTTPException

from models.errors import DomainError
from models.tokens import mask_secret_paths
from web.admission import Busy
from web.causes import links_for
from web.deps import is_htmx, wants_json
from web.forms import vi_message

log = logging.getLogger("duthao.web")

HTTP_MESSAGES = {
    400: "Yêu cầu không hợp lệ.",
    401: "Vui lòng đăng nhập.",
    403: "Bạn không có quyền thực hiện thao tác này.",
    404: "Không tìm thấy trang hoặc dữ liệu được yêu cầu.",
    405: "Thao tác không được hỗ trợ.",
    413: "Dữ liệu gửi lên quá lớn.",
    422: "Dữ liệu nhập chưa hợp lệ.",
    429: "Quá nhiều lần thử. Vui lòng đợi ít phút rồi thử lại.",
    500: "Đã có lỗi hệ thống. Thao tác chưa được thực hiện; vui lòng thử lại.",
    503: "Hệ thống đang bận vì có nhiều người dùng cùng lúc. Thao tác chưa được thực hiện;"
    " vui lòng thử lại sau ít giây.",
}
RETRY_AFTER_SECONDS = 5
PATH_MESSAGE = "Đường dẫn không hợp lệ."


def _is_busy(exc: Exception) -> bool:
    """No connection came free in time (admission, or the pool itself when something
    bypasses admission), or SQLite's write lock stayed taken past the busy timeout."""
    if isinstance(exc, Busy | PoolTimeout):
        return True
    return isinstance(exc, OperationalError) and "database is locked" in str(exc.orig)


def render_error(
    request: Request,
    status: int,
    message: str,
    *,
    field: str | None = None,
    errors: list[dict[str, str]] | None = None,
    causes: list[dict[str, Any]] | None = None,
    details: dict[str, Any] | None = None,
) -> Response:
    if wants_json(request):
        body: dict[str, object] = {"error": message}
        if field:
            body["field"] = field
        if errors:
            body["errors"] = errors
        if causes:
            body["causes"] = causes
        body.update(details or {})
        return JSONResponse(body, status_code=status)
    templates = request.app.state.templates
    name = "errors/message.html" if is_htmx(request) else "errors/page.html"
    response = templates.TemplateResponse(
        request,
        name,
        {"message": message, "status": status, "errors": errors or [], "causes": causes or []},
        status_code=status,
    )
    if is_htmx(request):
        # Errors go to the page's message area, whatever the element asked for.
        response.headers["HX-Retarget"] = "#messages"
        response.headers["HX-Reswap"] = "innerHTML"
    return response


def install(app: FastAPI) -> None:
    @app.exception_handler(DomainError)
    async def domain_error(request: Request, exc: DomainError) -> Response:
        response = render_error(
            request,
            exc.status_code,
            exc.message,
            field=exc.field,
            causes=links_for(request, exc),
            details=exc.details(),
        )
        retry_after = getattr(exc, "retry_after", None)  # a refusal that says when to retry
        if retry_after is not None:
            response.headers["Retry-After"] = str(retry_after)
        return response

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> Response:
        errors = [
            {
                "field": ".".join(str(p) for p in e.get("loc", [])[1:]),
                # A body or query field: the pages' message (web/forms.py); a path: no field.
                "message": PATH_MESSAGE if e.get("loc", ("",))[0] == "path" else vi_message(e),
            }
            for e in exc.errors()
        ]
        return render_error(request, 422, HTTP_MESSAGES[422], errors=errors)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        message = HTTP_MESSAGES.get(exc.status_code, HTTP_MESSAGES[400])
        if isinstance(exc.detail, str) and exc.detail and not exc.detail.isascii():
            message = exc.detail  # a Vietnamese detail raised on purpose
        response = render_error(request, exc.status_code, message)
        for k, v in (exc.headers or {}).items():
            response.headers[k] = v
        return response

    async def busy(request: Request, exc: Exception) -> Response:
        if not _is_busy(exc):
            return await unexpected(request, exc)
        # Overload, not a defect: the transaction was rolled back; the client may retry.
        log.warning("busy (%s) on %s", type(exc).__name__, request.method)
        response = render_error(request, 503, HTTP_MESSAGES[503])
        response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response

    for cls in (Busy, PoolTimeout, OperationalError):
        app.add_exception_handler(cls, busy)

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> Response:
        # Masked here too: an app built without the composition root's log masking (tests,
        # another ASGI server) must not log a unit's secret token either.
        log.exception(
            "unhandled error on %s %s", request.method, mask_secret_paths(request.url.path)
        )
        return render_error(request, 500, HTTP_MESSAGES[500])
