"""Login with argon2 passwords, session cookie flags, logout, and the rate limit."""

from datetime import timedelta

from fastapi.testclient import TestClient
from sqlmodel import select

from models.tables import AuditEvent, LoginAttempt
from tests.web.officer_kit import NOW, PASSWORD, csrf_of, make_site


def test_login_logout_and_cookie_flags(engine, session, settings):
    site = make_site(engine, session, settings)
    client = site.client(None)
    first = client.get("/")
    assert first.status_code == 303 and first.headers["location"].startswith("/login?next=")
    token = csrf_of(client)
    wrong = client.post(
        "/login", data={"username": "hoa", "password": "sai-mat-khau", "csrf_token": token}
    )
    assert wrong.status_code == 422
    assert "Tên đăng nhập hoặc mật khẩu không đúng." in wrong.text
    assert 'value="hoa"' in wrong.text  # what was typed is kept (not the password)
    ok = client.post(
        "/login",
        data={"username": "hoa", "password": PASSWORD, "csrf_token": token, "next": "/units"},
    )
    assert ok.status_code == 303 and ok.headers["location"] == "/units"
    cookie = ok.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie
    assert client.get("/").status_code == 200
    token = csrf_of(client, "/")
    assert client.post("/logout", data={"csrf_token": token}).status_code == 303
    assert client.get("/").status_code == 303


def test_open_redirect_refused(engine, session, settings):
    site = make_site(engine, session, settings)
    client = site.client(None)
    token = csrf_of(client)
    r = client.post(
        "/login",
        data={"username": "hoa", "password": PASSWORD, "csrf_token": token, "next": "//evil.test"},
    )
    assert r.headers["location"] == "/"


def test_rate_limit_blocks_even_the_right_password(engine, session, settings):
    site = make_site(engine, session, settings)
    client = site.client(None)
    token = csrf_of(client)
    for _ in range(5):
        client.post("/login", data={"username": "hoa", "password": "x" * 9, "csrf_token": token})
    assert len(session.exec(select(LoginAttempt)).all()) == 5
    session.rollback()  # SQLite: release the read transaction before the app writes
    r = client.post("/login", data={"username": "hoa", "password": PASSWORD, "csrf_token": token})
    assert r.status_code == 429
    assert "quá nhiều lần" in r.text
    assert client.get("/").status_code == 303  # still not signed in


def test_login_without_csrf_is_refused(engine, session, settings):
    site = make_site(engine, session, settings)
    client = site.client(None)
    client.get("/login")
    r = client.post("/login", data={"username": "hoa", "password": PASSWORD})
    assert r.status_code == 403
    assert client.get("/").status_code == 303


def _from(site, address: str) -> TestClient:
    """A browser at another client address."""
    return TestClient(site.app, follow_redirects=False, client=(address, 50000))


def _web_login(client: TestClient, username: str, password: str) -> int:
    token = csrf_of(client)
    r = client.post(
        "/login", data={"username": username, "password": password, "csrf_token": token}
    )
    return r.status_code


def test_an_attacker_elsewhere_cannot_lock_the_real_user_out(engine, session, settings):
    site = make_site(engine, session, settings)
    attacker, user = _from(site, "203.0.113.66"), _from(site, "10.1.2.3")
    for _ in range(5):
        assert _web_login(attacker, "hoa", "doan-bua-1234") == 422
    for _ in range(2):
        r = attacker.post("/api/v1/auth/token", json={"username": "hoa", "password": "sai-roi"})
        assert r.status_code == 429 and "quá nhiều lần" in r.json()["error"]
        assert int(r.headers["retry-after"]) > 0
    assert _web_login(attacker, "hoa", PASSWORD) == 429  # the pair is blocked
    # The real user, from their own address: page and API alike.
    assert _web_login(user, "hoa", PASSWORD) == 303
    assert user.get("/").status_code == 200
    api = user.post("/api/v1/auth/token", json={"username": "hoa", "password": PASSWORD})
    assert api.status_code == 201
    # Every failure is in the audit trail, with the address it came from.
    failed = site.all(select(AuditEvent).where(AuditEvent.action == "login.failed"))
    assert len(failed) == 5
    assert {e.after["ip"] for e in failed} == {"203.0.113.66"}
    assert all(e.after["username"] == "hoa" and e.entity_id for e in failed)
    # After the window, the attacker's address may try again.
    site.set_now(NOW + timedelta(minutes=16))
    assert _web_login(attacker, "hoa", "doan-bua-1234") == 422


def test_spraying_across_usernames_from_one_address_is_slowed(engine, session, settings):
    # Six rather than the default twenty: each wrong guess costs an argon2 verification.
    settings = settings.model_copy(update={"login_max_failures_per_address": 6})
    site = make_site(engine, session, settings)
    sprayer = _from(site, "198.51.100.9")
    for i in range(6):
        r = sprayer.post(
            "/api/v1/auth/token", json={"username": f"canbo{i}", "password": "Matkhau@2023"}
        )
        assert r.status_code == 401, i
    # The address is blocked for every username, even with a right password …
    assert _web_login(sprayer, "hoa", PASSWORD) == 429
    blocked = sprayer.post("/api/v1/auth/token", json={"username": "lanh", "password": PASSWORD})
    assert blocked.status_code == 429
    # … and nobody else is.
    assert _web_login(_from(site, "10.1.2.4"), "hoa", PASSWORD) == 303
    unknown = site.all(select(AuditEvent).where(AuditEvent.action == "login.failed"))
    assert len(unknown) == 6 and not any(e.after["known_user"] for e in unknown)


def test_the_limits_are_settings(engine, session, settings):
    settings = settings.model_copy(
        update={"login_max_failures": 2, "login_max_failures_per_address": 3}
    )
    site = make_site(engine, session, settings)
    client = _from(site, "192.0.2.1")
    assert _web_login(client, "hoa", "sai-mat-khau-1") == 422
    assert _web_login(client, "hoa", "sai-mat-khau-2") == 422
    assert _web_login(client, "hoa", PASSWORD) == 429
    assert _web_login(client, "lanh", "sai-mat-khau-3") == 422
    assert _web_login(client, "lanh", PASSWORD) == 429  # three from this address
