"""Security headers on every kind of answer, a CSP the templates can satisfy (no inline script,
style attribute or eval), HSTS and Secure cookies on https, and a warning when production
runs on plain http. The browser test (tests/browser) checks that pages really run under it."""

import logging
import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from models.settings import Settings
from tests.web.officer_kit import make_site, post
from tests.web.test_unit_support import running
from web.app import create_app
from web.headers import content_security_policy

TEMPLATES = Path(__file__).resolve().parents[2] / "web" / "templates"


def _csp(response) -> dict[str, str]:
    policy = response.headers["content-security-policy"]
    directives = (d.strip().split(" ", 1) for d in policy.split(";"))
    return {d[0]: d[1] if len(d) > 1 else "" for d in directives}


def _check(response, *, https: bool = False) -> None:
    csp = _csp(response)
    assert csp["default-src"] == "'self'" and csp["frame-ancestors"] == "'none'"
    assert csp["script-src"].startswith("'self'") and csp["style-src"] == "'self'"
    assert csp["object-src"] == "'none'" and csp["base-uri"] == "'none'"
    policy = response.headers["content-security-policy"]
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy and "*" not in policy
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["referrer-policy"] in ("same-origin", "no-referrer")
    assert ("strict-transport-security" in response.headers) is https


def test_every_kind_of_answer_carries_the_headers(engine, session, settings):
    site = make_site(engine, session, settings)
    hoa = site.client("hoa")
    answers = [
        hoa.get("/"),  # a page
        hoa.get("/units", headers={"HX-Request": "true"}),  # an htmx request
        hoa.get("/static/app.css"),  # a static file
        hoa.get("/khong-co-trang-nay"),  # a 404 page
        hoa.get("/api/v1/directives"),  # JSON, refused without a token
        post(hoa, "/units", {"name": ""}),  # a form refused
        site.client(None).get("/login"),
        hoa.get("/healthz"),
    ]
    for r in answers:
        _check(r)
    assert answers[0].headers["referrer-policy"] == "same-origin"


def test_unit_pages_keep_their_stricter_referrer_policy(engine, session, settings):
    with running(engine, session, settings) as (case, client):
        page = client.get(f"/u/{case.token()}")
        _check(page)
        assert page.headers["referrer-policy"] == "no-referrer"


def test_https_base_url_adds_hsts_and_a_secure_cookie(engine, tmp_path):
    settings = Settings(
        _env_file=None,
        data_dir=tmp_path,
        secret_key="test-secret",
        base_url="HTTPS://duthao.tinhuy.vn",
    )
    with TestClient(create_app(settings, engine=engine, run_sweep=False)) as client:
        login = client.get("/login")
        _check(login, https=True)
        assert login.headers["strict-transport-security"] == "max-age=31536000"
        assert "; secure" in login.headers["set-cookie"].lower()
        assert "upgrade-insecure-requests" in login.headers["content-security-policy"]
    http = Settings(_env_file=None, data_dir=tmp_path, secret_key="test-secret")
    with TestClient(create_app(http, engine=engine, run_sweep=False)) as client:
        login = client.get("/login")
        assert "secure" not in login.headers["set-cookie"].lower()


def test_production_on_plain_http_starts_with_a_clear_warning(engine, tmp_path, caplog):
    def start(base_url: str, api_docs: bool = True) -> list[str]:
        caplog.clear()
        settings = Settings(
            _env_file=None,
            data_dir=tmp_path,
            secret_key="k" * 40,
            production=True,
            base_url=base_url,
            api_docs=api_docs,
        )
        with caplog.at_level(logging.WARNING, logger="duthao.web"):
            create_app(settings, engine=engine, run_sweep=False)
        return [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]

    warned = start("http://duthao.tinhuy.vn")
    assert any("không dùng https" in w and "http://duthao.tinhuy.vn" in w for w in warned)
    assert any("DUTHAO_API_DOCS" in w for w in warned)
    assert start("https://duthao.tinhuy.vn", api_docs=False) == []


_INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
_STYLE_ATTR = re.compile(r"\sstyle\s*=", re.IGNORECASE)
_EVENT_ATTR = re.compile(r"\s(on[a-z]+|hx-on[:\w-]*)\s*=", re.IGNORECASE)


@pytest.mark.parametrize("path", sorted(TEMPLATES.rglob("*.html")), ids=lambda p: p.name)
def test_templates_need_no_unsafe_inline(path: Path) -> None:
    """What the CSP would block: inline scripts, style attributes and elements, event
    handler attributes (htmx's hx-on needs eval), javascript: links."""
    text = path.read_text(encoding="utf-8")
    assert not _INLINE_SCRIPT.search(text), "inline <script>"
    assert not _STYLE_ATTR.search(text) and "<style" not in text, "inline style"
    assert not _EVENT_ATTR.search(text), "event handler attribute"
    assert "javascript:" not in text


def test_htmx_injects_no_style_and_evaluates_nothing(engine, session, settings):
    site = make_site(engine, session, settings)
    page = site.client("hoa").get("/").text
    config = re.search(r"<meta name=\"htmx-config\" content='([^']+)'>", page)
    assert config
    assert '"includeIndicatorStyles": false' in config.group(1)
    assert '"allowEval": false' in config.group(1)
    css = site.client(None).get("/static/app.css").text
    assert ".htmx-indicator" in css and ".htmx-request .htmx-indicator" in css


def test_policy_text() -> None:
    assert content_security_policy(script_hashes=["'sha256-abc'"]).startswith(
        "default-src 'self'; script-src 'self' 'sha256-abc'; style-src 'self'"
    )
