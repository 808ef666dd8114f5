"""Sessions end for real: a cookie copied before logout, a password change, an
administrator's reset or a deactivation is refused afterwards; idle and absolute limits
follow the settings and the app's clock."""

from datetime import timedelta

from fastapi.testclient import TestClient
from sqlmodel import select

from models.tables import AuditEvent, User
from tests.web.officer_kit import NOW, PASSWORD, Site, csrf_of, login, make_site, post

COOKIE = "duthao_session"
NEW_PASSWORD = "sen-tim-mua-xuan-47"


def _copy(site: Site, client: TestClient) -> TestClient:
    """Another browser holding the same cookie (as an attacker who saved it would)."""
    return TestClient(site.app, follow_redirects=False, cookies={COOKIE: client.cookies[COOKIE]})


def _signed_in(client: TestClient) -> bool:
    return client.get("/").status_code == 200


def _refused(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 303 and page.headers["location"].startswith("/login")
    # An unsafe request with the old CSRF token is refused too, and changes nothing.
    r = client.post("/mail/preferences", data={"mode": "digest", "csrf_token": "x"})
    assert r.status_code in (401, 403)


def test_a_cookie_copied_before_logout_is_refused_after(engine, session, settings):
    site = make_site(engine, session, settings)
    browser = site.client("hoa")
    other_device = site.client("hoa")  # a second session of the same user
    value = browser.cookies[COOKIE]
    saved = _copy(site, browser)
    assert _signed_in(saved) and _signed_in(other_device)
    assert post(browser, "/logout").status_code == 303
    _refused(saved)
    _refused(other_device)  # logout ends every session of the user
    assert not _signed_in(browser)
    # The login page says why the old session stopped.
    again = TestClient(site.app, follow_redirects=False, cookies={COOKIE: value})
    assert "Phiên đăng nhập đã kết thúc" in again.get("/login").text
    assert site.all(select(AuditEvent).where(AuditEvent.action == "user.logout"))
    login(browser, "hoa")  # signing in again works
    assert _signed_in(browser)


def test_a_password_change_ends_every_other_session(engine, session, settings):
    site = make_site(engine, session, settings)
    browser = site.client("hoa")
    saved = _copy(site, browser)
    r = post(
        browser,
        "/account/password",
        {
            "current_password": PASSWORD,
            "new_password": NEW_PASSWORD,
            "confirm_password": NEW_PASSWORD,
        },
    )
    assert r.status_code == 303
    assert _signed_in(browser)  # the session that changed it goes on
    _refused(saved)
    fresh = site.client(None)
    token = csrf_of(fresh)
    old = fresh.post("/login", data={"username": "hoa", "password": PASSWORD, "csrf_token": token})
    assert old.status_code == 422
    login(fresh, "hoa", NEW_PASSWORD)


def test_deactivation_and_reset_end_sessions_and_reactivation_revives_none(
    engine, session, settings
):
    site = make_site(engine, session, settings)
    hoa_id = site.one(select(User.id).where(User.username == "hoa"))
    admin = site.client("quantri")
    browser = site.client("hoa")
    saved = _copy(site, browser)
    assert post(admin, f"/admin/users/{hoa_id}/active", {"active": "0"}).status_code == 303
    _refused(saved)
    assert post(admin, f"/admin/users/{hoa_id}/active", {"active": "1"}).status_code == 303
    _refused(saved)  # the old cookie stays dead after reactivation
    browser = site.client("hoa")
    saved = _copy(site, browser)
    assert post(admin, f"/admin/users/{hoa_id}/reset").status_code == 303
    _refused(saved)
    _refused(browser)


def test_idle_and_absolute_limits_follow_the_settings_and_the_clock(engine, session, settings):
    settings = settings.model_copy(update={"session_idle_minutes": 30, "session_max_hours": 2})
    site = make_site(engine, session, settings)
    browser = site.client("hoa")
    site.set_now(NOW + timedelta(minutes=29))
    assert _signed_in(browser)  # and this request moves the idle limit
    site.set_now(NOW + timedelta(minutes=58))
    assert _signed_in(browser)
    site.set_now(NOW + timedelta(minutes=58 + 30))
    page = browser.get("/")
    assert page.status_code == 303
    assert "lâu không thao tác" in browser.get("/login").text

    site.set_now(NOW)
    browser = site.client("hoa")
    for minutes in range(25, 120, 25):  # active all along, never idle for 30 minutes
        site.set_now(NOW + timedelta(minutes=minutes))
        assert _signed_in(browser), minutes
    site.set_now(NOW + timedelta(hours=2))
    assert not _signed_in(browser)
    assert "quá thời hạn" in browser.get("/login").text


def test_the_cookie_max_age_is_the_absolute_limit(engine, session, settings):
    settings = settings.model_copy(update={"session_max_hours": 3})
    site = make_site(engine, session, settings)
    client = site.client(None)
    token = csrf_of(client)
    r = client.post("/login", data={"username": "hoa", "password": PASSWORD, "csrf_token": token})
    assert "max-age=10800" in r.headers["set-cookie"].lower()
