"""/api/docs: Swagger UI from the app's own static files (an office may have no internet).

The assets are swagger-ui-dist, pinned in package-lock.json and copied by the Makefile to
web/static/vendor/swagger-ui/. FastAPI's page starts Swagger UI with one inline script; the
page's Content-Security-Policy allows exactly that script by its hash and nothing else.
Off (DUTHAO_API_DOCS=false) neither /api/docs nor /openapi.json exists.
"""

import re

from fastapi import FastAPI
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse

from web.guard import public
from web.headers import content_security_policy, script_hash

DOCS_URL = "/api/docs"
VENDOR = "/static/vendor/swagger-ui"
_INLINE = re.compile(r"<script>(.*?)</script>", re.DOTALL)


def docs_page(openapi_url: str, title: str, *, https: bool) -> tuple[str, str]:
    """The page and its Content-Security-Policy."""
    page = get_swagger_ui_html(
        openapi_url=openapi_url,
        title=title,
        swagger_js_url=f"{VENDOR}/swagger-ui-bundle.js",
        swagger_css_url=f"{VENDOR}/swagger-ui.css",
        swagger_favicon_url="/static/favicon.svg",
        # No badge asking validator.swagger.io about our schema.
        swagger_ui_parameters={"validatorUrl": None},
    )
    body = bytes(page.body).decode("utf-8")
    hashes = [script_hash(s) for s in _INLINE.findall(body)]
    return body, content_security_policy(https=https, script_hashes=hashes)


def install(app: FastAPI, *, https: bool) -> None:
    if app.openapi_url is None:
        return
    body, csp = docs_page(app.openapi_url, f"{app.title} — API", https=https)

    @app.get(DOCS_URL, include_in_schema=False, dependencies=[public("the API's documentation")])
    async def api_docs() -> HTMLResponse:
        return HTMLResponse(body, headers={"Content-Security-Policy": csp})
