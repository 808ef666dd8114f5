"""Shared by the unit pages and the API: a bounded, UTF-8-only request body and Vietnamese
validation messages for form and JSON fields. (No `router` here: nothing is mounted.)"""

from collections.abc import Callable, Coroutine
from typing import Any, TypeVar
from urllib.parse import unquote_to_bytes

from fastapi import HTTPException, Request, Response
from fastapi.routing import APIRoute
from pydantic import BaseModel, ValidationError

MAX_BODY = 1024 * 1024  # a 20,000-character comment percent-encoded is ~180 KB
M = TypeVar("M", bound=BaseModel)
NOT_UTF8 = "Dữ liệu gửi lên không đúng bảng mã UTF-8."

_MESSAGES = {
    "missing": "Vui lòng nhập trường này.",
    "string_too_short": "Không được để trống.",
    "string_too_long": "Quá dài (tối đa {max_length} ký tự).",
    "too_long": "Quá nhiều mục (tối đa {max_length}).",
    "int_parsing": "Phải là một số nguyên.",
    "int_type": "Phải là một số nguyên.",
    "int_from_float": "Phải là một số nguyên.",
    "greater_than_equal": "Phải lớn hơn hoặc bằng {ge}.",
    "less_than_equal": "Phải nhỏ hơn hoặc bằng {le}.",
    "literal_error": "Vui lòng chọn một giá trị trong danh sách.",
    "enum": "Vui lòng chọn một giá trị trong danh sách.",
    "date_parsing": "Ngày không hợp lệ (nhập theo dạng dd/mm/yyyy).",
    "date_from_datetime_parsing": "Ngày không hợp lệ (nhập theo dạng dd/mm/yyyy).",
    "date_type": "Ngày không hợp lệ (nhập theo dạng dd/mm/yyyy).",
    "datetime_parsing": "Thời gian không hợp lệ.",
    "extra_forbidden": "Trường này không được hỗ trợ.",
}


def vi_message(error: dict[str, Any]) -> str:
    ctx = error.get("ctx") or {}
    if error["type"] == "value_error" and "error" in ctx:
        return str(ctx["error"])  # our validators raise Vietnamese messages
    template = _MESSAGES.get(error["type"], "Giá trị không hợp lệ.")
    try:
        return template.format(**{k: v for k, v in ctx.items() if isinstance(v, int | str)})
    except (KeyError, IndexError):
        return "Giá trị không hợp lệ."


def field_errors(exc: ValidationError) -> dict[str, str]:
    """The first Vietnamese message per top-level field, to show next to that field."""
    out: dict[str, str] = {}
    for e in exc.errors():
        name = str(e["loc"][0]) if e["loc"] else ""
        out.setdefault(name, vi_message(e))  # type: ignore[arg-type]
    return out


def parse_model(model: type[M], data: dict[str, Any]) -> tuple[M | None, dict[str, str]]:
    """(model, {}) or (None, {field: message}); unknown keys are ignored (csrf_token …)."""
    known = {k: v for k, v in data.items() if k in model.model_fields}
    try:
        return model.model_validate(known), {}
    except ValidationError as exc:
        return None, field_errors(exc)


def _check_utf8(body: bytes, content_type: str) -> None:
    try:
        body.decode("utf-8")
        if content_type.startswith("application/x-www-form-urlencoded"):
            unquote_to_bytes(body.replace(b"+", b" ")).decode("utf-8")
    except UnicodeDecodeError as exc:
        raise HTTPException(400, NOT_UTF8) from exc


class LimitedRoute(APIRoute):
    """Reads the body once, refusing more than MAX_BODY bytes (413) and non-UTF-8 text
    (400), before FastAPI parses it: huge or garbled posts get a clean Vietnamese 4xx."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def limited(request: Request) -> Response:
            if request.method in ("POST", "PUT", "PATCH", "DELETE"):
                length = request.headers.get("content-length", "")
                if length and (not length.isdigit() or int(length) > MAX_BODY):
                    raise HTTPException(413)
                chunks, size = [], 0
                async for chunk in request.stream():
                    size += len(chunk)
                    if size > MAX_BODY:
                        raise HTTPException(413)
                    chunks.append(chunk)
                request._body = b"".join(chunks)  # FastAPI and request.form() reuse it
                _check_utf8(request._body, request.headers.get("content-type", ""))
            return await handler(request)

        return limited
