"""Helpers for the officer-side page tests: an app on the test database, logged-in clients.

The runner records the reactions the drainer starts after the pages' commands (the flows
themselves are tested in tests/flows); everything else is real: the database, sessions,
CSRF, templates, the events table and the drainer.
"""

import asyncio
import re
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from fastapi.testclient import TestClient
from sqlmodel import Session

from flows.reactions import Reaction
from models.commands.users import user_create
from models.db import session_scope
from models.policy import Role
from models.tables import Unit, User
from tests.conftest import T0
from tests.factories import World, world
from web.app import create_app

PASSWORD = "mat-khau-9x-dai-hon"  # passes the password rule (models/passwords.py)
NOW = T0 + timedelta(days=8)  # 12/7/2023, the day round 1 of the case opened
_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


@dataclass
class RecordingRunner:
    """Starts no flow: records the reactions the drainer would start."""

    ran: list[Reaction] = field(default_factory=list)

    async def __call__(self, reaction: Reaction) -> None:
        self.ran.append(reaction)


@dataclass
class Site:
    app: Any
    runner: RecordingRunner
    world: World
    clock: list[datetime]

    def client(self, username: str | None = "hoa") -> TestClient:
        client = TestClient(self.app, follow_redirects=False)
        if username:
            login(client, username)
        return client

    def reactions(self) -> list[Reaction]:
        """Every reaction started so far, after draining what the requests recorded (the
        app's reactor task does not run under a TestClient used without `with`)."""
        # In a thread of its own: an async test already runs a loop in this one.
        with ThreadPoolExecutor(1) as pool:
            pool.submit(asyncio.run, self.app.state.reactor.drain()).result()
        return list(self.runner.ran)

    def flows(self) -> list[str]:
        return [r.flow for r in self.reactions()]

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
        ("lanh", Role.LEADER, None),
        ("quantri", Role.ADMIN, None),
        ("khac", Role.OFFICER, other.id),
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
    runner = RecordingRunner()
    app = create_app(settings, engine=engine, runner=runner, run_sweep=False)
    clock = [NOW]
    app.state.clock = lambda: clock[0]
    session.rollback()
    return Site(app, runner, w, clock)
