"""The password rule everywhere a password is set (command, CLI, pages, API), and an
administrator's forced reset: the user must set a new password at the next sign-in."""

import os

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func
from sqlmodel import select
from typer.testing import CliRunner

from duthao.cli import app as cli
from models.commands.users import user_create
from models.errors import Invalid
from models.tables import ApiToken, AuditEvent, User
from tests.conftest import T0
from tests.web.officer_kit import PASSWORD, Site, csrf_of, make_site, post

NEW = "sen-tim-mua-xuan-47"


def _users(site: Site) -> int:
    return site.one(select(func.count()).select_from(User))


def _id(site: Site, username: str) -> int:
    return site.one(select(User.id).where(User.username == username))


@pytest.mark.parametrize(
    ("password", "why"),
    [
        ("12345678", "ít nhất 12 ký tự"),
        ("123456789012", "mật khẩu phổ biến"),
        ("tuan.anh.2023", "tên đăng nhập"),
        ("Nguyen-Tuan-Anh", "họ tên"),
        ("duthao@2023!", "tên hệ thống"),
    ],
)
def test_user_create_refuses_weak_passwords(engine, session, password, why):
    with pytest.raises(Invalid) as refused:
        user_create(
            session,
            username="tuan.anh",
            password=password,
            full_name="Nguyễn Tuấn Anh",
            by="test",
            now=T0,
        )
    assert refused.value.field == "password" and why in refused.value.message
    session.rollback()
    assert session.exec(select(User)).all() == []


def _cli_env(monkeypatch, engine, settings) -> None:
    monkeypatch.setenv("DUTHAO_DATABASE_URL", engine.url.render_as_string(hide_password=False))
    monkeypatch.setenv("DUTHAO_DATA_DIR", str(settings.data_dir))
    monkeypatch.setenv("PREFECT_HOME", os.environ.get("PREFECT_HOME", str(settings.prefect_home)))
    for name, value in {
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "PREFECT_LOGGING_LEVEL": "WARNING",
        "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "90",
    }.items():
        monkeypatch.setenv(name, os.environ.get(name, value))


def test_the_cli_refuses_a_weak_password_and_resets_and_deactivates(
    engine, session, settings, monkeypatch
):
    site = make_site(engine, session, settings)
    _cli_env(monkeypatch, engine, settings)
    runner = CliRunner()
    weak = runner.invoke(cli, ["user", "create", "tuan.anh", "--password", "12345678"])
    assert weak.exit_code == 1 and "ít nhất 12 ký tự" in weak.output
    assert site.all(select(User).where(User.username == "tuan.anh")) == []
    ok = runner.invoke(cli, ["user", "create", "tuan.anh", "--password", NEW])
    assert ok.exit_code == 0, ok.output
    reset = runner.invoke(cli, ["user", "reset", "hoa"])
    assert reset.exit_code == 0, reset.output
    assert site.get(User, _id(site, "hoa")).must_change_password
    temporary = runner.invoke(
        cli, ["user", "reset", "lanh", "--set-password"], input="1234\n1234\n"
    )
    assert temporary.exit_code == 1 and "ít nhất 12 ký tự" in temporary.output
    assert not site.get(User, _id(site, "lanh")).must_change_password  # nothing changed
    off = runner.invoke(cli, ["user", "deactivate", "khac"])
    assert off.exit_code == 0 and not site.get(User, _id(site, "khac")).active


def test_the_password_page_explains_a_refusal_at_its_field(engine, session, settings):
    site = make_site(engine, session, settings)
    hoa = site.client("hoa")
    form = {"current_password": PASSWORD, "new_password": "12345678", "confirm_password": "1"}
    r = post(hoa, "/account/password", form)
    assert r.status_code == 422
    assert 'id="new_password-error">Mật khẩu phải có ít nhất 12 ký tự.' in r.text
    assert PASSWORD not in r.text  # passwords are never sent back
    r = post(hoa, "/account/password", {**form, "new_password": NEW, "confirm_password": "x"})
    assert r.status_code == 422 and "không khớp" in r.text
    r = post(hoa, "/account/password", {**form, "current_password": "sai-roi-nhe-123"})
    assert r.status_code == 422 and "Mật khẩu hiện tại không đúng." in r.text
    assert site.all(select(AuditEvent).where(AuditEvent.action == "login.failed"))
    # Nothing changed: the old password still signs in.
    site.client("hoa")
    assert not site.all(select(AuditEvent).where(AuditEvent.action == "user.password_change"))


def test_a_forced_reset_leads_to_the_new_password_form_first(engine, session, settings):
    site = make_site(engine, session, settings)
    hoa_id = _id(site, "hoa")
    api = TestClient(site.app)
    old_token = api.post("/api/v1/auth/token", json={"username": "hoa", "password": PASSWORD})
    admin = site.client("quantri")
    page = admin.get("/admin/users")
    assert page.status_code == 200 and "hoa" in page.text
    # A weak temporary password is refused beside its row; nothing changes.
    weak = post(admin, f"/admin/users/{hoa_id}/reset", {"password": "abc"})
    assert weak.status_code == 422 and "ít nhất 12 ký tự" in weak.text
    assert not site.get(User, hoa_id).must_change_password
    assert post(admin, f"/admin/users/{hoa_id}/reset").status_code == 303
    assert site.get(User, hoa_id).must_change_password
    # Every API token of the account was revoked with the reset.
    assert site.get(ApiToken, old_token.json()["token_id"]).revoked_at is not None
    headers = {"Authorization": f"Bearer {old_token.json()['token']}"}
    assert api.get("/api/v1/directives", headers=headers).status_code == 401

    browser = site.client(None)
    token = csrf_of(browser)
    r = browser.post("/login", data={"username": "hoa", "password": PASSWORD, "csrf_token": token})
    assert r.status_code == 303 and r.headers["location"].startswith("/account/password")
    home = browser.get("/")
    assert home.status_code == 303 and home.headers["location"].startswith("/account/password")
    form = browser.get("/account/password")
    assert form.status_code == 200 and "Quản trị viên đã yêu cầu đặt lại mật khẩu" in form.text
    browser.csrf = csrf_of(browser, "/account/password")
    blocked = post(browser, "/mail/preferences", {"mode": "digest"})
    assert blocked.status_code == 403 and "mật khẩu mới" in blocked.text
    exchange = api.post("/api/v1/auth/token", json={"username": "hoa", "password": PASSWORD})
    assert exchange.status_code == 403 and "mật khẩu mới" in exchange.json()["error"]
    done = post(
        browser,
        "/account/password",
        {"current_password": PASSWORD, "new_password": NEW, "confirm_password": NEW},
    )
    assert done.status_code == 303
    assert browser.get("/").status_code == 200
    assert not site.get(User, hoa_id).must_change_password


def test_the_api_twins_reset_change_and_deactivate(engine, session, settings):
    site = make_site(engine, session, settings)
    api = TestClient(site.app)

    def bearer(username: str, password: str = PASSWORD) -> dict[str, str]:
        r = api.post("/api/v1/auth/token", json={"username": username, "password": password})
        assert r.status_code == 201, r.text
        return {"Authorization": f"Bearer {r.json()['token']}"}

    admin, officer = bearer("quantri"), bearer("hoa")
    hoa_id, admin_id = _id(site, "hoa"), _id(site, "quantri")
    assert api.get("/api/v1/admin/users", headers=officer).status_code == 403
    listed = api.get("/api/v1/admin/users", headers=admin).json()
    assert {u["username"] for u in listed} >= {"hoa", "quantri"}
    own = api.post(f"/api/v1/admin/users/{admin_id}/password-reset", headers=admin, json={})
    assert own.status_code == 409  # an administrator changes their own password instead
    weak = api.post(
        f"/api/v1/admin/users/{hoa_id}/password-reset", headers=admin, json={"password": "x"}
    )
    assert weak.status_code == 422 and "12 ký tự" in weak.json()["error"]
    r = api.post(
        f"/api/v1/admin/users/{hoa_id}/password-reset", headers=admin, json={"password": NEW}
    )
    assert r.status_code == 200 and r.json()["must_change_password"] is True
    assert api.get("/api/v1/directives", headers=officer).status_code == 401
    changed = api.post(
        "/api/v1/auth/password",
        json={"username": "hoa", "current_password": NEW, "new_password": "12345678"},
    )
    assert changed.status_code == 422 and changed.json()["field"] == "new_password"
    changed = api.post(
        "/api/v1/auth/password",
        json={"username": "hoa", "current_password": NEW, "new_password": "que-huong-lua-88"},
    )
    assert changed.status_code == 204
    officer = bearer("hoa", "que-huong-lua-88")
    off = api.put(f"/api/v1/admin/users/{hoa_id}/active", headers=admin, json={"active": False})
    assert off.status_code == 200 and off.json()["active"] is False
    assert api.get("/api/v1/directives", headers=officer).status_code == 401
    self_off = api.put(
        f"/api/v1/admin/users/{admin_id}/active", headers=admin, json={"active": False}
    )
    assert self_off.status_code == 409
