"""The first run in the browser (issue 11, item 1): an empty install leads every page to
/setup, which creates the first administrator once; then it answers 404 for good."""

import threading

from fastapi.testclient import TestClient
from sqlmodel import Session, select

from models.commands.setup import first_admin_create
from models.errors import NotFound
from models.policy import Role
from models.tables import SetupMark, User
from tests.web.officer_kit import NOW, RecordingRunner, csrf_of
from web.app import create_app

STRONG = "ngựa-ô-phi-nước-kiệu-47"
FORM = {
    "username": "quantri",
    "full_name": "Trần Văn Quản",
    "email": "quantri@dangbo.test",
    "password": STRONG,
    "confirm_password": STRONG,
}


def _client(engine, settings) -> TestClient:
    app = create_app(settings, engine=engine, runner=RecordingRunner(), run_sweep=False)
    app.state.clock = lambda: NOW
    return TestClient(app, follow_redirects=False)


def _users(engine) -> list[User]:
    with Session(engine) as s:
        return list(s.exec(select(User)).all())


def test_setup_once_then_404(engine, settings):
    client = _client(engine, settings)
    for path in ("/", "/units", "/login", "/admin/users"):
        r = client.get(path)
        assert (r.status_code, r.headers["location"]) == (303, "/setup"), path
    page = client.get("/setup")
    assert page.status_code == 200 and "Cài đặt lần đầu" in page.text
    token = csrf_of(client, "/setup")
    # The confirmation does not match: said at the field, the typed name kept, no account.
    bad = client.post("/setup", data={**FORM, "confirm_password": "khác", "csrf_token": token})
    assert bad.status_code == 422
    assert "Hai lần nhập mật khẩu không khớp." in bad.text and 'value="quantri"' in bad.text
    assert STRONG not in bad.text
    # The password rule of every account applies.
    weak = client.post(
        "/setup",
        data={**FORM, "password": "12345678", "confirm_password": "12345678", "csrf_token": token},
    )
    assert weak.status_code == 422 and "ít nhất 12 ký tự" in weak.text
    assert _users(engine) == []
    ok = client.post("/setup", data={**FORM, "csrf_token": token})
    assert (ok.status_code, ok.headers["location"]) == (303, "/admin")
    [admin] = _users(engine)
    assert (admin.username, admin.role, admin.full_name) == (
        "quantri",
        Role.ADMIN,
        FORM["full_name"],
    )
    assert client.get("/").status_code == 200  # signed in
    assert client.get("/setup").status_code == 404
    again = client.post(
        "/setup",
        data={
            **FORM,
            "username": "khac",
            "csrf_token": client.csrf if hasattr(client, "csrf") else csrf_of(client, "/"),
        },
    )
    assert again.status_code == 404
    # A fresh process (no cached answer) and a stranger: 404 too, and / leads to the login.
    stranger = _client(engine, settings)
    assert stranger.get("/setup").status_code == 404
    assert stranger.get("/").headers["location"].startswith("/login")
    assert len(_users(engine)) == 1


def test_setup_is_404_once_any_user_exists(engine, settings, session):
    session.add(User(username="cli", role=Role.OFFICER, created_at=NOW))
    session.commit()
    client = _client(engine, settings)
    assert client.get("/setup").status_code == 404
    assert client.get("/login").status_code == 200


def test_concurrent_setups_create_one_admin(engine):
    barrier = threading.Barrier(2)
    results: list[object] = []

    def run(name: str) -> None:
        with Session(engine, expire_on_commit=False) as s:
            barrier.wait()
            try:
                results.append(
                    first_admin_create(
                        s,
                        username=name,
                        full_name="Quản trị",
                        email="",
                        password=STRONG,
                        confirm=STRONG,
                        now=NOW,
                    ).username
                )
            except NotFound as exc:
                results.append(exc)

    threads = [threading.Thread(target=run, args=(n,)) for n in ("mot", "hai")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(type(r).__name__ for r in results) == ["NotFound", "str"]
    users = _users(engine)
    assert len(users) == 1 and users[0].role == Role.ADMIN
    with Session(engine) as s:
        assert [m.admin_id for m in s.exec(select(SetupMark)).all()] == [users[0].id]


def test_serve_says_where_to_set_up_an_empty_install(engine, session):
    from duthao.cli import setup_hint

    url = engine.url.render_as_string(hide_password=False)
    assert setup_hint(url, "http://127.0.0.1:8000") == (
        "Chưa có tài khoản nào. Mở trình duyệt tại http://127.0.0.1:8000/setup để tạo "
        "tài khoản quản trị viên đầu tiên."
    )
    session.add(User(username="cli", role=Role.OFFICER, created_at=NOW))
    session.commit()
    assert setup_hint(url, "http://127.0.0.1:8000") is None
