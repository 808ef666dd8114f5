"""The API documents itself: every operation's tag is described, in Vietnamese; Swagger UI
is served from the app's own files under its CSP, and can be turned off."""

import base64
import hashlib
import re

from fastapi.testclient import TestClient

from models.settings import Settings
from web.app import create_app


def test_every_tag_used_is_described(engine, settings):
    with TestClient(create_app(settings, engine=engine, run_sweep=False)) as client:
        spec = client.get("/openapi.json").json()
    described = {t["name"]: t["description"] for t in spec["tags"]}
    used = {
        tag for path in spec["paths"].values() for op in path.values() for tag in op.get("tags", [])
    }
    assert used and used <= set(described)
    assert all(not d.isascii() for d in described.values())
    assert any(p.startswith("/api/v1/directives") for p in spec["paths"])


def test_docs_page_loads_everything_from_the_app_itself(engine, settings):
    with TestClient(create_app(settings, engine=engine, run_sweep=False)) as client:
        page = client.get("/api/docs")
        assert page.status_code == 200 and "SwaggerUIBundle" in page.text
        urls = re.findall(r'(?:src|href)="([^"]*)"', page.text) + re.findall(
            r"url: '([^']*)'", page.text
        )
        assert urls and all(u.startswith("/") and not u.startswith("//") for u in urls), urls
        assert "http://" not in page.text and "https://" not in page.text  # no host at all
        assert '"validatorUrl": null' in page.text
        for url in urls:
            assert client.get(url).status_code == 200, url
        # The one inline start-up script is allowed by its hash, and nothing else is.
        (script,) = re.findall(r"<script>(.*?)</script>", page.text, re.DOTALL)
        digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
        policy = page.headers["content-security-policy"]
        assert f"script-src 'self' 'sha256-{digest}';" in policy
        assert "unsafe-inline" not in policy and "frame-ancestors 'none'" in policy


def test_docs_can_be_turned_off(engine, tmp_path):
    settings = Settings(_env_file=None, data_dir=tmp_path, secret_key="s", api_docs=False)
    with TestClient(create_app(settings, engine=engine, run_sweep=False)) as client:
        assert client.get("/api/docs").status_code == 404
        assert client.get("/openapi.json").status_code == 404
        assert client.get("/api/v1/directives").status_code == 401  # the API itself stays
