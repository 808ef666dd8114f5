"""API tokens expire (a setting), record their last use without a write per call, and can be
listed and revoked by their owner (page and API) or by an administrator (anyone's); the CLI
prints the expiry."""

import os
import re
from datetime import datetime, timedelta

from fastapi.testclient import TestClient
from sqlmodel import select
from typer.testing import CliRunner

from duthao.cli import app as cli
from models.tables import ApiToken, User
from tests.expect import group
from tests.web.officer_kit import NOW, PASSWORD, Site, make_site, post

# What the CLI sets when missing (flows/runtime.py), set here so the test undoes it.
PREFECT_VARIABLES = {
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "PREFECT_LOGGING_LEVEL": "WARNING",
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "90",
}
_RAW = re.compile(r"(dt_[A-Za-z0-9_-]{40,})")


def _issue(client: TestClient, username: str = "hoa") -> tuple[str, dict]:
    r = client.post("/api/v1/auth/token", json={"username": username, "password": PASSWORD})
    assert r.status_code == 201, r.text
    return r.json()["token"], r.json()


def _auth(raw: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {raw}"}


def _token(site: Site, token_id: int) -> ApiToken:
    return site.get(ApiToken, token_id)


def test_tokens_expire_after_the_configured_days(engine, session, settings):
    settings = settings.model_copy(update={"api_token_days": 30})
    site = make_site(engine, session, settings)
    client = site.client(None)
    raw, body = _issue(client)
    assert datetime.fromisoformat(body["expires_at"]) == NOW + timedelta(days=30)
    site.set_now(NOW + timedelta(days=30) - timedelta(minutes=1))
    assert client.get("/api/v1/directives", headers=_auth(raw)).status_code == 200
    site.set_now(NOW + timedelta(days=30))
    r = client.get("/api/v1/directives", headers=_auth(raw))
    assert r.status_code == 401 and "hết hạn" in r.json()["error"]
    assert r.headers["www-authenticate"] == "Bearer"


def test_the_default_lifetime_is_90_days(engine, session, settings):
    site = make_site(engine, session, settings)
    _, body = _issue(site.client(None))
    assert datetime.fromisoformat(body["expires_at"]) == NOW + timedelta(days=90)


def test_last_use_is_recorded_at_most_every_few_minutes(engine, session, settings):
    site = make_site(engine, session, settings)
    client = site.client(None)
    raw, body = _issue(client)
    assert _token(site, body["token_id"]).last_used_at is None
    assert client.get("/api/v1/directives", headers=_auth(raw)).status_code == 200
    assert _token(site, body["token_id"]).last_used_at == NOW
    site.set_now(NOW + timedelta(minutes=2))
    client.get("/api/v1/directives", headers=_auth(raw))
    client.post("/api/v1/directives", headers=_auth(raw), json={})  # a write request too
    assert _token(site, body["token_id"]).last_used_at == NOW  # no write on every call
    site.set_now(NOW + timedelta(minutes=6))
    client.get("/api/v1/directives", headers=_auth(raw))
    assert _token(site, body["token_id"]).last_used_at == NOW + timedelta(minutes=6)


def test_owners_list_and_revoke_their_own_tokens_through_the_api(engine, session, settings):
    site = make_site(engine, session, settings)
    client = site.client(None)
    mine, first = _issue(client, "hoa")
    spare, second = _issue(client, "hoa")
    theirs, third = _issue(client, "khac")
    listed = client.get("/api/v1/auth/tokens", headers=_auth(mine))
    assert listed.status_code == 200
    assert {t["id"] for t in listed.json()} == {first["token_id"], second["token_id"]}
    assert {t["status"] for t in listed.json()} == {"active"}
    assert listed.json()[0]["expires_at"]
    # Another user's token is not there for an officer: 404, and it keeps working.
    r = client.delete(f"/api/v1/auth/tokens/{third['token_id']}", headers=_auth(mine))
    assert r.status_code == 404
    assert client.get("/api/v1/directives", headers=_auth(theirs)).status_code == 200
    # Revoking one's own: 204, then refused with its reason.
    r = client.delete(f"/api/v1/auth/tokens/{second['token_id']}", headers=_auth(mine))
    assert r.status_code == 204
    refused = client.get("/api/v1/directives", headers=_auth(spare))
    assert refused.status_code == 401 and "thu hồi" in refused.json()["error"]
    statuses = {
        t["id"]: t["status"] for t in client.get("/api/v1/auth/tokens", headers=_auth(mine)).json()
    }
    assert statuses[second["token_id"]] == "revoked"
    # Only administrators see everyone's.
    assert client.get("/api/v1/admin/tokens", headers=_auth(mine)).status_code == 403


def test_an_administrator_lists_and_revokes_anyones_token(engine, session, settings):
    site = make_site(engine, session, settings)
    client = site.client(None)
    admin, _ = _issue(client, "quantri")
    theirs, body = _issue(client, "hoa")
    everyone = client.get("/api/v1/admin/tokens", headers=_auth(admin))
    assert everyone.status_code == 200
    assert {t["username"] for t in everyone.json()} == {"quantri", "hoa"}
    only = client.get("/api/v1/admin/tokens?username=hoa", headers=_auth(admin)).json()
    assert [t["id"] for t in only] == [body["token_id"]]
    r = client.delete(f"/api/v1/auth/tokens/{body['token_id']}", headers=_auth(admin))
    assert r.status_code == 204
    assert client.get("/api/v1/directives", headers=_auth(theirs)).status_code == 401
    missing = client.delete("/api/v1/auth/tokens/99999", headers=_auth(admin))
    assert missing.status_code == 404


def test_the_tokens_page_creates_once_lists_and_revokes(engine, session, settings):
    site = make_site(engine, session, settings)
    hoa = site.client("hoa")
    created = post(hoa, "/account/tokens", {"name": "Văn phòng điện tử"})
    assert created.status_code == 200 and created.headers["cache-control"] == "no-store"
    raw = group(_RAW, created.text)
    assert "chỉ hiện một lần" in created.text
    api = TestClient(site.app)
    assert api.get("/api/v1/directives", headers=_auth(raw)).status_code == 200
    page = hoa.get("/account/tokens")
    assert "Văn phòng điện tử" in page.text and raw not in page.text  # shown once only
    assert "Còn hiệu lực" in page.text
    token_id = site.one(select(ApiToken.id).where(ApiToken.name == "Văn phòng điện tử"))
    # Another officer cannot revoke it (404), an administrator can see it.
    assert post(site.client("khac"), f"/account/tokens/{token_id}/revoke").status_code == 404
    assert api.get("/api/v1/directives", headers=_auth(raw)).status_code == 200
    admin = site.client("quantri")
    assert "Văn phòng điện tử" in admin.get("/admin/tokens").text
    assert site.client("khac").get("/admin/tokens").status_code == 403
    r = post(hoa, f"/account/tokens/{token_id}/revoke")
    assert r.status_code == 303
    assert api.get("/api/v1/directives", headers=_auth(raw)).status_code == 401
    assert "Đã thu hồi" in hoa.get("/account/tokens").text


def test_an_administrator_revokes_from_the_page(engine, session, settings):
    site = make_site(engine, session, settings)
    raw, body = _issue(site.client(None), "hoa")
    admin = site.client("quantri")
    assert post(admin, f"/admin/tokens/{body['token_id']}/revoke").status_code == 303
    assert TestClient(site.app).get("/api/v1/directives", headers=_auth(raw)).status_code == 401


def test_the_cli_prints_the_token_and_its_expiry(engine, session, settings, monkeypatch):
    site = make_site(engine, session, settings)
    monkeypatch.setenv("DUTHAO_DATABASE_URL", engine.url.render_as_string(hide_password=False))
    monkeypatch.setenv("DUTHAO_DATA_DIR", str(settings.data_dir))
    monkeypatch.setenv("DUTHAO_API_TOKEN_DAYS", "10")
    monkeypatch.setenv("PREFECT_HOME", os.environ.get("PREFECT_HOME", str(settings.prefect_home)))
    for name, value in PREFECT_VARIABLES.items():
        monkeypatch.setenv(name, os.environ.get(name, value))
    result = CliRunner().invoke(cli, ["user", "token", "hoa", "--name", "kịch bản"])
    assert result.exit_code == 0, result.output
    raw = result.stdout.strip()
    assert _RAW.fullmatch(raw)  # stdout holds the token alone
    assert "Hết hạn:" in result.stderr and "sau 10 ngày" in result.stderr
    token = site.one(select(ApiToken).where(ApiToken.name == "kịch bản"))
    assert timedelta(days=9, hours=23) < token.expires_at - token.created_at <= timedelta(days=10)
    listed = CliRunner().invoke(cli, ["user", "tokens", "hoa"])
    assert listed.exit_code == 0 and "kịch bản" in listed.stdout and "active" in listed.stdout
    revoked = CliRunner().invoke(cli, ["user", "revoke-token", str(token.id)])
    assert revoked.exit_code == 0
    assert site.get(ApiToken, token.id).revoked_at is not None
    missing = CliRunner().invoke(cli, ["user", "token", "khong-co"])
    assert missing.exit_code == 1 and "Không có tài khoản" in missing.output
    assert site.one(select(User.id).where(User.username == "hoa"))
