"""Security headers on every response, from one middleware.

The Content-Security-Policy allows scripts, styles, fonts and requests from the app's own
origin only: no inline script or style attribute (htmx's indicator style is turned off in
its meta config and lives in app.css; page behaviour is in /static/app.js), no eval (htmx's
allowEval is off), no framing (clickjacking), no plugins, no <base> rewriting. A route that
must run one known inline script (Swagger UI's start-up, web/api_docs.py) sets its own
policy with that script's hash; the middleware leaves such a header as it is.
"""

import base64
import hashlib
from collections.abc import Iterable

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

CSP = "content-security-policy"
# A year, as browsers' preload lists ask; sent only when the app is reached over https.
HSTS = "max-age=31536000"


def script_hash(source: str) -> str:
    """The CSP source that allows exactly this inline script."""
    digest = hashlib.sha256(source.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def content_security_policy(*, https: bool = False, script_hashes: Iterable[str] = ()) -> str:
    scripts = " ".join(["'self'", *script_hashes])
    directives = [
        "default-src 'self'",
        f"script-src {scripts}",
        "style-src 'self'",
        "img-src 'self' data:",  # Swagger UI's icons are data: SVGs in its stylesheet
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
    if https:
        directives.append("upgrade-insecure-requests")
    return "; ".join(directives)


def security_headers(*, https: bool) -> dict[str, str]:
    headers = {
        "Content-Security-Policy": content_security_policy(https=https),
        "X-Content-Type-Options": "nosniff",
        "X-Frame-Options": "DENY",  # frame-ancestors for browsers that predate it
        # Same-origin requests keep Origin and Referer; other sites learn nothing of a path.
        # The unit pages send no-referrer themselves (their path is a secret).
        "Referrer-Policy": "same-origin",
        "Cross-Origin-Opener-Policy": "same-origin",
        "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=()",
    }
    if https:
        headers["Strict-Transport-Security"] = HSTS
    return headers


class SecurityHeaders:
    """Adds the headers to every HTTP response, keeping any a route set itself."""

    def __init__(self, app: ASGIApp, *, https: bool) -> None:
        self.app = app
        self.headers = security_headers(https=https)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in self.headers.items():
                    if name not in headers:
                        headers[name] = value
            await send(message)

        await self.app(scope, receive, with_headers)
