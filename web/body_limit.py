"""A ceiling on every request body, before any route reads it.

Starlette spools a multipart file to disk however large it is, and a route reading it would
then hold all of it: an upload is refused here instead, from its declared Content-Length
at once (nothing read), or as soon as a streamed body passes the ceiling.
"""

from fastapi import HTTPException
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from web.errors import render_error


def too_large_message(max_bytes: int) -> str:
    return f"Dữ liệu gửi lên quá lớn (tối đa {max_bytes / (1024 * 1024):g} MB)."


class BodyTooLarge(HTTPException):
    """Raised from receive(): FastAPI and the app's error handler answer it with a 413."""

    def __init__(self, max_bytes: int) -> None:
        super().__init__(413, detail=too_large_message(max_bytes))


class BodyLimit:
    def __init__(self, app: ASGIApp, *, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.max_bytes):
            response = render_error(Request(scope), 413, too_large_message(self.max_bytes))
            await response(scope, receive, send)
            return
        received = 0

        async def limited() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise BodyTooLarge(self.max_bytes)
            return message

        await self.app(scope, limited, send)
