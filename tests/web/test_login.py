"""Login with argon2 passwords, session cookie flags, logout, and the rate limit."""

from sqlmodel import select

from models.tables import LoginAttempt
from tests.web.officer_kit import PASSWORD, csrf_of, make_site


def test_login_logout_and_cookie_flags(engine, session, settings):  # type: ignore[no-untyped-def]
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


def test_open_redirect_refused(engine, session, settings):  # type: ignore[no-untyped-def]
    site = make_site(engine, session, settings)
    client = site.client(None)
    token = csrf_of(client)
    r = client.post(
        "/login",
        data={"username": "hoa", "password": PASSWORD, "csrf_token": token, "next": "//evil.test"},
    )
    assert r.headers["location"] == "/"


def test_rate_limit_blocks_even_the_right_password(engine, session, settings):  # type: ignore[no-untyped-def]
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


def test_login_without_csrf_is_refused(engine, session, settings):  # type: ignore[no-untyped-def]
    site = make_site(engine, session, settings)
    client = site.client(None)
    client.get("/login")
    r = client.post("/login", data={"username": "hoa", "password": PASSWORD})
    assert r.status_code == 403
    assert client.get("/").status_code == 303
