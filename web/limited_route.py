"""The API's and the unit pages' route class: a bounded, UTF-8-only request body, refused
with a clean Vietnamese 4xx before FastAPI parses it."""

from collections.abc import Callable, Coroutine
from typing import Any
from urllib.parse import unquote_to_bytes

from fastapi import HTTPException, Request, Response
from fastapi.routing import APIRoute

MAX_BODY = 1024 * 1024  # a 20,000-character comment percent-encoded is ~180 KB
NOT_UTF8 = "Dữ liệu gửi lên không đúng bảng mã UTF-8."


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
