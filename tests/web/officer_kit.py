"""Helpers for the officer-side page tests: an app on the test database, logged-in clients.

The dispatcher records what the pages hand to flows (the flows themselves are tested in
tests/flows); everything else is real: the database, sessions, CSRF, templates.
"""

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from fastapi.testclient import TestClient
from sqlmodel import Session

from models.commands.users import user_create
from models.db import session_scope
from models.tables import Unit, User
from tests.conftest import T0
from tests.factories import World, world
from web.app import create_app

PASSWORD = "mat-khau-9x-dai-hon"  # passes the password rule (models/passwords.py)
NOW = T0 + timedelta(days=8)  # 12/7/2023, the day round 1 of the case opened
_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


@dataclass
class RecordingDispatcher:
    submitted: list[tuple[str, dict[str, Any], str | None]] = field(default_factory=list)

    async def run(self, name: str, params: dict[str, Any], *, key: str | None = None) -> Any:
        self.submit(name, params, key=key)

    def submit(self, name: str, params: dict[str, Any], *, key: str | None = None) -> None:
        self.submitted.append((name, params, key))

    async def drain(self) -> None:
        return None

    def names(self) -> list[str]:
        return [n for n, _, _ in self.submitted]


@dataclass
class Site:
    app: Any
    dispatcher: RecordingDispatcher
    world: World
    clock: list[datetime]

    def client(self, username: str | None = "hoa") -> TestClient:
        client = TestClient(self.app, follow_redirects=False)
        if username:
            login(client, username)
        return client

    def set_now(self, moment: datetime) -> None:
        self.clock[0] = moment

    def one(self, stmt: Any) -> Any:
        """One row from a short transaction (SQLite: never hold a lock the app waits on)."""
        with session_scope(self.app.state.engine) as s:
            return s.exec(stmt).one()

    def all(self, stmt: Any) -> list[Any]:
        with session_scope(self.app.state.engine) as s:
            return list(s.exec(stmt).all())

    def get(self, model: Any, ident: int) -> Any:
        with session_scope(self.app.state.engine) as s:
            return s.get(model, ident)

    def run(self, command: Any, **kw: Any) -> Any:
        """A command in its own session, as the unit pages or flows would call it."""
        with session_scope(self.app.state.engine) as s:
            return command(s, **kw)


def csrf_of(client: TestClient, path: str = "/login") -> str:
    page = client.get(path)
    found = _CSRF.search(page.text)
    assert found, f"no CSRF token on {path}"
    return found.group(1)


def login(client: TestClient, username: str, password: str = PASSWORD) -> None:
    token = csrf_of(client)
    r = client.post(
        "/login", data={"username": username, "password": password, "csrf_token": token}
    )
    assert r.status_code == 303, r.text
    client.csrf = csrf_of(client, "/")  # stable for the session


def post(client: TestClient, path: str, data: dict[str, Any] | None = None, **kw: Any) -> Any:
    """A plain form post with the session's CSRF token."""
    token = getattr(client, "csrf", None) or csrf_of(client, "/")
    return client.post(path, data={**(data or {}), "csrf_token": token}, **kw)


def hx_post(client: TestClient, path: str, data: dict[str, Any] | None = None) -> Any:
    token = getattr(client, "csrf", None) or csrf_of(client, "/")
    return client.post(path, data=data or {}, headers={"HX-Request": "true", "X-CSRF-Token": token})


def make_site(engine, session: Session, settings) -> Site:
    w = world(session, T0)
    other = Unit(name="Ban Tuyên giáo Tỉnh ủy (soạn thảo)", symbol="BTGTU", search="btg-soan")
    session.add(other)
    session.commit()
    hoa = user_create(
        session,
        username="hoa",
        password=PASSWORD,
        full_name="Lê Thị Hoa",
        unit_id=w.drafting.id,
        email="hoa@binhphuoc.test",
        by="test",
        now=T0,
    )
    # The others share the password: reuse its argon2 hash (each hash costs ~0.5 s here).
    for username, role, unit_id in [
        ("lanh", "leader", None),
        ("quantri", "admin", None),
        ("khac", "officer", other.id),
    ]:
        session.add(
            User(
                username=username,
                full_name=username.title(),
                role=role,
                unit_id=unit_id,
                email=f"{username}@binhphuoc.test",
                password_hash=hoa.password_hash,
                created_at=T0,
            )
        )
    session.commit()
    dispatcher = RecordingDispatcher()
    app = create_app(settings, engine=engine, dispatcher=dispatcher, run_sweep=False)
    clock = [NOW]
    app.state.clock = lambda: clock[0]
    session.rollback()
    return Site(app, dispatcher, w, clock)
